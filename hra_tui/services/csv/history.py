"""Import a ward history file: per ward and day, the patients admitted, discharged and in a
bed at the day's end, for the bed-demand forecast. A day the database already holds for that
ward is replaced by the file's (a corrected count), a day held with the same counts is left
as it is; within the file each ward's day appears once. All or nothing, like every import."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hra_tui.services.context import Tx
from hra_tui.services.csv.changes import Tally, differing, said
from hra_tui.services.csv.file_fields import key
from hra_tui.services.csv.problems import FirstLines, Problems, Row
from hra_tui.services.csv.read import Rows
from hra_tui.services.csv.store import fetch
from hra_tui.services.errors import Invalid
from hra_tui.services.plain_records import ImportResult

_COUNTS = ("admitted", "discharged", "occupied")
MOST = 100_000  # more patients than any ward sees in a day: a typo, not a count


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise Invalid("day must be a date, YYYY-MM-DD") from None


def _count(name: str):
    def parse(value: str) -> int:
        text = value.strip()
        if not text.isdigit() or int(text) > MOST:
            raise Invalid(f"{name} must be a whole number from 0 to {MOST:,}")
        return int(text)
    return parse


_PARSERS = (_day, _count("admitted"), _count("discharged"), _count("occupied"))


def parse_history(rows: Rows, problems: Problems) -> list[tuple]:
    out: list[tuple] = []
    first = FirstLines()
    for line, ward, *cells in zip(rows.lines, *rows.columns, strict=True):
        row = Row()
        ward = " ".join(ward.split())
        if not ward:
            row.bad("Ward is required")
        values = [row.take(cell, parse) for cell, parse in zip(cells, _PARSERS, strict=True)]
        if values[0] is not None:
            row.errors += first.again((key(ward), values[0]), line, f"{ward} on {values[0]}")
        problems.keep(line, row.errors, (line, ward, *values), out)
    return out


async def apply_history(tx: Tx, driver: Any, path: Path, parsed: list[tuple],
                        problems: Problems) -> ImportResult:
    names = dict(await fetch(driver, "SELECT id, name FROM wards"))
    wards = {key(name): ward_id for ward_id, name in names.items()}
    good = []
    for line, ward, *values in parsed:
        if key(ward) not in wards:
            problems.add(line, f"ward '{ward}' does not exist")
        else:
            good.append((wards[key(ward)], *values))
    problems.refuse_if_any(path)
    held = {(ward_id, day): counts for ward_id, day, *counts in
            await fetch(driver, "SELECT ward_id, day, admitted, discharged, occupied "
                                "FROM ward_history")}
    tally = Tally()
    write, corrections = [], []
    for row in good:
        counts = held.get((row[0], row[1]))
        if counts is None:
            tally.added += 1
        else:
            changes = differing(dict(zip(_COUNTS, counts, strict=True)),
                                dict(zip(_COUNTS, row[2:], strict=True)))
            if not changes:
                tally.unchanged += 1
                continue
            tally.changed += 1
            corrections.append(f"{names[row[0]]} on {row[1]}: {said(changes)}")
        write.append(row)
    await driver.executemany(
        'INSERT OR REPLACE INTO "ward_history" ("ward_id", "day", "admitted", '
        '"discharged", "occupied") VALUES (?, ?, ?, ?, ?)', write)
    if write:
        await tx.audit("import", "ward history", None,
                       f"{len(write)} ward days from {path.name}"
                       + (f", {tally.changed} of them replacing days held"
                          if tally.changed else ""))
    for correction in corrections:
        await tx.audit("edit", "ward history", None, f"{correction} (import {path.name})")
    return tally.result()
