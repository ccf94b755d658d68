"""Import a "staff" file: every member of staff, each checked by the staff form's rules,
with names unique in the file and against the staff list."""

from __future__ import annotations

from pathlib import Path

from db.bulk import insert_sql
from hra_tui.fields import SPECIALIZATION, STAFF_NUMBERS
from hra_tui.services.context import Context
from hra_tui.services.csv.file_fields import key, parse_yes_no
from hra_tui.services.csv.problems import FirstLines, Problems, Row
from hra_tui.services.csv.read import Rows
from hra_tui.services.csv.store import fetch, importing
from hra_tui.services.plain_records import ImportResult
from hra_tui.services.validation import (
    number_parser,
    parse_name,
    parse_phone,
    parse_staff_role,
    text_parser,
)

_PARSERS = (parse_name, parse_staff_role, text_parser(SPECIALIZATION), parse_phone,
            *map(number_parser, STAFF_NUMBERS.values()), parse_yes_no)


def _parse_staff(rows: Rows, problems: Problems) -> list[tuple]:
    out: list[tuple] = []
    first = FirstLines()
    for line, *cells in zip(rows.lines, *rows.columns, strict=True):
        row = Row()
        values = [row.take(cell, parse) for cell, parse in zip(cells, _PARSERS, strict=True)]
        if values[0]:
            row.errors += first.again(key(values[0]), line, values[0])
        problems.keep(line, row.errors, (line, *values), out)
    return out


async def import_staff(ctx: Context, path: Path, rows: Rows,
                       problems: Problems) -> ImportResult:
    parsed = _parse_staff(rows, problems)
    async with importing(ctx, "staff") as (tx, driver):
        existing = {key(name) for (name,) in await fetch(driver, "SELECT name FROM staff")}
        for line, name, *_ in parsed:
            if key(name) in existing:
                problems.add(line, f"{name} is already on the staff list")
        problems.refuse_if_any(path)
        await driver.executemany(insert_sql("staff", (
            "name", "role", "specialization", "phone", *STAFF_NUMBERS, "active")),
            [values for _line, *values in parsed])
        await tx.audit("import", "staff", None, f"{len(parsed)} staff from {path.name}")
    return ImportResult(rows=len(parsed))
