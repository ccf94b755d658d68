"""Typed reading of a decoded JSON document, naming the place of any fault.

Every fault raises the caller's error class with one line: "<file>: <where>: <what>", e.g.
"i01.json: patients[3].length_of_stay: expected an integer >= 1, got 'x'".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hra_tui.handed_files import read_json

# The largest integer any member of the competition's files may hold: beyond any real minute,
# load or weight, and small enough that no sum the solver makes overflows CP-SAT's 64 bits.
LARGEST = 10**9


def read_document(path: str | Path, error: type[ValueError]) -> Any:
    """Decode a competition JSON file through the one reader (`handed_files`): a file that
    cannot be used raises `Unreadable`, content that is not JSON raises `error`."""
    return read_json(path, "a competition file", error)


def _show(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


class Fields:
    """One JSON object at a known place; `integer`, `string`, ... read a member or raise
    `error`."""

    def __init__(self, value: Any, where: str, source: str, error: type[ValueError]) -> None:
        self.where = where
        self.source = source
        self.error = error
        if not isinstance(value, dict):
            raise self.fail(f"expected an object, got {_show(value)}")
        self.value: dict[str, Any] = value

    def fail(self, message: str, key: str | None = None) -> ValueError:
        place = self.where if key is None else self._place(key)
        return self.error(f"{self.source}: {place}: {message}" if place
                          else f"{self.source}: {message}")

    def _place(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.where}[{key}]"
        return f"{self.where}.{key}" if self.where else key

    def has(self, key: str) -> bool:
        return key in self.value and self.value[key] is not None

    def raw(self, key: str) -> Any:
        if key not in self.value:
            raise self.fail(f"missing member {key!r}")
        return self.value[key]

    def integer(self, key: str, minimum: int | None = None, maximum: int | None = None) -> int:
        return check_int(self.raw(key), self._place(key), self, minimum, maximum)

    def boolean(self, key: str) -> bool:
        value = self.raw(key)
        if not isinstance(value, bool):
            raise self.fail(f"expected true or false, got {_show(value)}", key)
        return value

    def string(self, key: str, choices: dict[str, int] | None = None) -> str:
        value = self.raw(key)
        if not isinstance(value, str):
            raise self.fail(f"expected a string, got {_show(value)}", key)
        if choices is not None and value not in choices:
            raise self.fail(f"unknown {value!r}", key)
        return value

    def array(self, key: str, length: int | None = None) -> list[Any]:
        value = self.raw(key)
        if not isinstance(value, list):
            raise self.fail(f"expected a list, got {_show(value)}", key)
        if length is not None and len(value) != length:
            raise self.fail(f"expected {length} entries, got {len(value)}", key)
        return value

    def ints(self, key: str, length: int, minimum: int | None = None,
             maximum: int | None = None) -> tuple[int, ...]:
        values = self.array(key, length)
        low = -LARGEST if minimum is None else minimum
        high = LARGEST if maximum is None else maximum
        if all(type(item) is int and low <= item <= high for item in values):  # the fast path
            return tuple(values)
        place = self._place(key)
        return tuple(check_int(item, f"{place}[{i}]", self, minimum, maximum)
                     for i, item in enumerate(values))

    def objects(self, key: str) -> list[Fields]:
        place = self._place(key)
        return [Fields(item, f"{place}[{i}]", self.source, self.error)
                for i, item in enumerate(self.array(key))]

    def object(self, key: str) -> Fields:
        return Fields(self.raw(key), self._place(key), self.source, self.error)


def check_int(value: Any, place: str, fields: Fields, minimum: int | None = None,
              maximum: int | None = None) -> int:
    """An integer from `minimum` to `maximum` (by default LARGEST, the format's own cap)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise fields.error(f"{fields.source}: {place}: expected an integer, got {_show(value)}")
    if minimum is not None and value < minimum and maximum is None:
        bounds = f">= {minimum}"
    elif (minimum is not None and value < minimum) or value > (maximum or LARGEST):
        top = LARGEST if maximum is None else maximum
        bounds = f"from {minimum} to {top}" if minimum is not None else f"<= {top}"
    else:
        return value
    raise fields.error(f"{fields.source}: {place}: expected an integer {bounds}, got {value}")
