"""Files a hostile or careless user might hand hra, built from the good ones in `tests/data`:
other encodings, random bytes, deep nesting, numbers too long to read, values far beyond the
format's limits, a FIFO, a file over the size cap. Shared by the fast hostile-file tests and
the slow fuzz run, which runs each through every file-reading command under time and memory
limits."""

from __future__ import annotations

import copy
import json
import os
import random
from collections.abc import Callable
from pathlib import Path

from support.data import IHTC, PAPER

Mutation = Callable[[object], object]


def _text(document: object) -> bytes:
    return json.dumps(document).encode()


def encodings(good: bytes) -> dict[str, bytes]:
    """The same content in the encodings a spreadsheet or editor may save, and garbage."""
    text = good.decode()
    rng = random.Random(21)
    return {
        "utf8-bom": b"\xef\xbb\xbf" + good,
        "utf16": text.encode("utf-16"),
        "utf16-no-bom": text.encode("utf-16-le"),
        "utf32": text.encode("utf-32"),
        "latin1": good.replace(b'"', "\"\xe9".encode("latin-1"), 1),
        "random-bytes": bytes(rng.randrange(256) for _ in range(4096)),
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "nul-bytes": b"\x00" * 1024,
    }


def json_bombs() -> dict[str, bytes]:
    """JSON that costs more to read than its size suggests."""
    return {
        "deep-array": b"[" * 100_000 + b"]" * 100_000,
        "deep-object": b'{"a":' * 5000 + b"1" + b"}" * 5000,
        "deep-but-parsable": b"[" * 500 + b"]" * 500,
        "5000-digits": b"[" + b"9" * 5000 + b"]",
        "huge-float": b"[1" + b"0" * 5000 + b".5]",
        "nan": b"[NaN]",
        "infinity": b'{"days": Infinity}',
    }


def _set(path: tuple, value: object) -> Mutation:
    def mutate(document: object) -> object:
        changed = copy.deepcopy(document)
        place = changed
        for key in path[:-1]:
            place = place[key]
        place[path[-1]] = value
        return changed
    return mutate


IHTC_VALUES: dict[str, Mutation] = {
    "no-theatres": _set(("operating_theaters",), []),
    "no-rooms": _set(("rooms",), []),
    "skill-levels-1e9": _set(("skill_levels",), 10**9),
    "room-capacity-1e9": _set(("rooms", 0, "capacity"), 10**9),
    "days-1e9": _set(("days",), 10**9),
    "nurse-skill-1e9": _set(("nurses", 0, "skill_level"), 10**9),
    "surgery-duration-1e18": _set(("patients", 0, "surgery_duration"), 10**18),
    "weight-1e18": _set(("weights", "patient_delay"), 10**18),
    "shift-types-10000": _set(("shift_types",), [f"s{i}" for i in range(10_000)]),
    "patients-not-a-list": _set(("patients",), {"p": 1}),
}

PAPER_VALUES: dict[str, Mutation] = {
    "N-1e9": _set(("N",), 10**9),
    "T-10000": _set(("T",), 10_000),
    "budget-1e18": _set(("B",), 10**18),
    "W-not-a-list": _set(("W",), "many"),
}


def corpus(good: Path, values: dict[str, Mutation]) -> dict[str, bytes]:
    """Every hostile variant of one good JSON file."""
    raw = good.read_bytes()
    document = json.loads(raw)
    return {**encodings(raw), **json_bombs(),
            **{name: _text(mutate(document)) for name, mutate in values.items()}}


def ihtc_instances() -> dict[str, bytes]:
    return corpus(IHTC / "toy.json", IHTC_VALUES)


def ihtc_solutions() -> dict[str, bytes]:
    return corpus(IHTC / "toy_solution.json", {
        "day-1e18": _set(("patients", 0, "admission_day"), 10**18)})


def paper_instances() -> dict[str, bytes]:
    return corpus(PAPER / "small-6x4.json", PAPER_VALUES)


PATIENTS_CSV = b"name,age,gender\nRen Lee,40,F\n"


def csv_files() -> dict[str, bytes]:
    long_cell = b"name,age,gender\n" + b"x" * 200_000 + b",40,F\n"
    return {**encodings(PATIENTS_CSV), "5000-digit-age": b"name,age,gender\nA B," +
            b"9" * 5000 + b",F\n", "a-200k-cell": long_cell,
            "unclosed-quote": b'name,age,gender\n"Ren,40,F\n'}


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def fifo(folder: Path) -> Path:
    """A named pipe nobody writes to: reading it naively blocks forever."""
    path = folder / "pipe.json"
    os.mkfifo(path)
    return path


def oversize(folder: Path, size: int) -> Path:
    """A sparse file of `size` bytes (costs no disk), over a size cap."""
    path = folder / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(size)
    return path
