"""Import a ward history file: per ward and day, the patients admitted, discharged and in a
bed at the day's end, for the bed-demand forecast. A day the database already holds for that
ward is replaced by the file's (a corrected count); within the file each ward's day appears
once. All or nothing, like every import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hra_tui.services.context import Context
from hra_tui.services.csv.file_fields import key
from hra_tui.services.csv.problems import FirstLines, Problems, Row
from hra_tui.services.csv.read import Rows
from hra_tui.services.csv.store import fetch, importing
from hra_tui.services.errors import Invalid
from hra_tui.services.plain_records import ImportResult

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


def _parse_history(rows: Rows, problems: Problems) -> list[tuple]:
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


async def import_history(ctx: Context, path: Path, rows: Rows,
                         problems: Problems) -> ImportResult:
    parsed = _parse_history(rows, problems)
    async with importing(ctx, "history") as (tx, driver):
        wards = {key(name): ward_id for ward_id, name in
                 await fetch(driver, "SELECT id, name FROM wards")}
        good = []
        for line, ward, *values in parsed:
            if key(ward) not in wards:
                problems.add(line, f"ward '{ward}' does not exist")
            else:
                good.append((wards[key(ward)], *values))
        problems.refuse_if_any(path)
        held = {(ward_id, day) for ward_id, day in
                await fetch(driver, "SELECT ward_id, day FROM ward_history")}
        replaced = sum((row[0], row[1]) in held for row in good)
        await driver.executemany(
            'INSERT OR REPLACE INTO "ward_history" ("ward_id", "day", "admitted", '
            '"discharged", "occupied") VALUES (?, ?, ?, ?, ?)', good)
        await tx.audit("import", "ward history", None,
                       f"{len(good)} ward days from {path.name}"
                       + (f", {replaced} of them replacing days held" if replaced else ""))
    return ImportResult(rows=len(good))
