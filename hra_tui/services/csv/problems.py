"""How an import reports bad rows: every problem counted, each named by its CSV line.

Import is all or nothing: one bad row refuses the whole file with `ImportRefused` listing each
bad row by its line number (the first MAX_LISTED of them) and the reasons found on it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hra_tui.services.errors import ImportRefused, Invalid

MAX_LISTED = 100  # bad rows listed in a refusal; all of them are counted


@dataclass
class Problems:
    """Bad rows as (line, reason): all counted, the first MAX_LISTED kept; `rows` is how many
    data rows the file has."""

    listed: list[tuple[int, str]] = field(default_factory=list)
    count: int = 0
    rows: int = 0

    def add(self, line: int, reason: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append((line, reason))

    def keep(self, line: int, reasons: list[str], record: Any, out: list) -> None:
        """A row with reasons is a problem; a row without is kept in `out`."""
        if reasons:
            self.add(line, "; ".join(reasons))
        else:
            out.append(record)

    def refuse_if_any(self, path: Path) -> None:
        if not self.count:
            return
        more = f"; the first {MAX_LISTED} are listed" if self.count > MAX_LISTED else ""
        raise ImportRefused(f"Nothing imported: {self.count} of {self.rows} rows in {path.name} "
                            f"are wrong{more}", sorted(self.listed))


def _reason(value: str, exc: Invalid) -> str:
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f"{exc} (got '{shown}')" if value.strip() else str(exc)


class Row:
    """Collects one row's bad fields, so a line's message names every problem on it."""

    __slots__ = ("errors",)

    def __init__(self) -> None:
        self.errors: list[str] = []

    def take(self, value: str, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(value)
        except Invalid as exc:
            self.errors.append(_reason(value, exc))
            return None

    def bad(self, reason: str) -> None:
        self.errors.append(reason)


class FirstLines:
    """The line each key was first seen on, so a row repeating one is named with both lines."""

    __slots__ = ("_first",)

    def __init__(self) -> None:
        self._first: dict[Hashable, int] = {}

    def again(self, key: Hashable, line: int, what: str) -> list[str]:
        """'`what` is also on line N' if an earlier line holds `key` (else `line` is
        remembered); nothing for an empty key."""
        first = self._first.setdefault(key, line) if key else line
        return [] if first == line else [f"{what} is also on line {first}"]
