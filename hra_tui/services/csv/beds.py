"""Import a beds file: labels unique in the file and the database, wards that exist.

A bed's occupancy comes from admissions: an 'occupied' bed is imported free and is filled by
the patients import; the since and patient columns are read but not stored.
"""

from __future__ import annotations

from pathlib import Path

from db.bulk import insert_sql
from db.time_codec import sql_time
from hra_tui.domain import BedStatus
from hra_tui.fields import NOTE
from hra_tui.services.context import Context
from hra_tui.services.csv.file_fields import key, parse_bed_status, parse_bed_type, parse_label
from hra_tui.services.csv.problems import FirstLines, Problems, Row
from hra_tui.services.csv.read import Rows
from hra_tui.services.csv.store import fetch, importing
from hra_tui.services.plain_records import ImportResult
from hra_tui.services.times import utcnow
from hra_tui.services.validation import text_parser

_parse_note = text_parser(NOTE)


def _parse_beds(rows: Rows, problems: Problems) -> list[tuple]:
    out: list[tuple] = []
    first = FirstLines()
    for line, label, ward, bed_type, status, _since, _mrn, _patient, note in \
            zip(rows.lines, *rows.columns, strict=True):
        row = Row()
        values = [
            row.take(label, parse_label),
            " ".join(ward.split()),
            row.take(bed_type, parse_bed_type),
            row.take(status, parse_bed_status),
            row.take(note, _parse_note),
        ]
        if not values[1]:
            row.bad("Ward is required")
        if values[3] == BedStatus.OCCUPIED.value:
            values[3] = BedStatus.FREE.value
        if values[3] == BedStatus.BLOCKED.value and not values[4]:
            row.bad("a blocked bed needs the reason in its note")
        row.errors += first.again(values[0], line, f"bed {values[0]}")
        problems.keep(line, row.errors, (line, *values), out)
    return out


async def import_beds(ctx: Context, path: Path, rows: Rows,
                      problems: Problems) -> ImportResult:
    parsed = _parse_beds(rows, problems)
    stamp = sql_time(utcnow())
    async with importing(ctx, "beds") as (tx, driver):
        wards = {key(name): ward_id for ward_id, name in
                 await fetch(driver, "SELECT id, name FROM wards WHERE active")}
        labels = {label for (label,) in await fetch(driver, "SELECT label FROM beds")}
        good = []
        for line, label, ward, bed_type, status, note in parsed:
            if label in labels:
                problems.add(line, f"bed {label} already exists")
            elif key(ward) not in wards:
                problems.add(line, f"ward '{ward}' does not exist")
            else:
                good.append((wards[key(ward)], label, bed_type, status, stamp, note, 1))
        problems.refuse_if_any(path)
        await driver.executemany(insert_sql("beds", (
            "ward_id", "label", "type", "status", "status_since", "note", "active")), good)
        await tx.audit("import", "bed", None, f"{len(good)} beds from {path.name}")
    return ImportResult(rows=len(good))
