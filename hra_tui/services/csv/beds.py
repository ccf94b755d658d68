"""Import a beds file: beds by label, in wards that exist.

A known label updates that bed (ward, type, status, note, room: only what differs); a new one
adds the bed; a retired bed's label is refused. A bed's occupancy comes from admissions: a new
'occupied' bed is added free and is filled by the patients import, and a known bed's occupancy
is not changed by a file (admit, transfer and discharge do that); the since, patient mrn and
patient name columns are read but not stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db.bulk import insert_sql
from db.time_codec import sql_time
from hra_tui.domain import BedStatus
from hra_tui.fields import NOTE
from hra_tui.services.context import Tx
from hra_tui.services.csv.changes import Tally, add_rows, differing, write_changes
from hra_tui.services.csv.file_fields import key, parse_bed_status, parse_bed_type, parse_label
from hra_tui.services.csv.problems import FirstLines, Problems, Row
from hra_tui.services.csv.read import Rows
from hra_tui.services.csv.store import fetch
from hra_tui.services.plain_records import ImportResult
from hra_tui.services.times import utcnow
from hra_tui.services.validation import text_parser

_parse_note = text_parser(NOTE)
_FIELDS = ("ward_id", "type", "status", "note", "room")
_OCCUPIED = BedStatus.OCCUPIED.value


def _parse_room(value: str) -> str:
    return " ".join(value.split())


def parse_beds(rows: Rows, problems: Problems) -> list[tuple]:
    out: list[tuple] = []
    first = FirstLines()
    for line, label, ward, bed_type, status, _since, _mrn, _patient, note, room in \
            zip(rows.lines, *rows.columns, strict=True):
        row = Row()
        values = [
            row.take(label, parse_label),
            " ".join(ward.split()),
            row.take(bed_type, parse_bed_type),
            row.take(status, parse_bed_status),
            row.take(note, _parse_note),
            _parse_room(room),
        ]
        if not values[1]:
            row.bad("Ward is required")
        if values[3] == BedStatus.BLOCKED.value and not values[4]:
            row.bad("a blocked bed needs the reason in its note")
        row.errors += first.again(values[0], line, f"bed {values[0]}")
        problems.keep(line, row.errors, (line, *values), out)
    return out


async def apply_beds(tx: Tx, driver: Any, path: Path, parsed: list[tuple],
                     problems: Problems) -> ImportResult:
    stamp = sql_time(utcnow())
    wards = {key(name): (ward_id, name) for ward_id, name in
             await fetch(driver, "SELECT id, name FROM wards WHERE active")}
    ward_names = {ward_id: name for ward_id, name in await fetch(
        driver, "SELECT id, name FROM wards")}
    held = {row[0]: (row[1], dict(zip(_FIELDS, row[2:-1], strict=True)), row[-1])
            for row in await fetch(driver, "SELECT label, id, ward_id, type, status, note, "
                                           "room, active FROM beds")}
    tally, new, edits = Tally(), [], []
    for line, label, ward, bed_type, status, note, room in parsed:
        if key(ward) not in wards:
            problems.add(line, f"ward '{ward}' does not exist")
            continue
        ward_id = wards[key(ward)][0]
        if label not in held:
            status = BedStatus.FREE.value if status == _OCCUPIED else status
            new.append((ward_id, label, bed_type, status, stamp, note, room, 1))
            continue
        bed_id, before, active = held[label]
        if not active:
            problems.add(line, f"bed {label} is retired; its label is not used again")
            continue
        after = {"ward_id": ward_id, "type": bed_type, "status": status, "note": note,
                 "room": room}
        changes = differing(before, after)
        if "status" in changes and _OCCUPIED in changes["status"]:
            problems.add(line, f"bed {label} is {before['status']}: admit, transfer or "
                               "discharge in the console, not by a file")
        elif changes:
            edits.append((bed_id, label, changes))
        else:
            tally.unchanged += 1
    problems.refuse_if_any(path)
    for bed_id, label, changes in edits:
        shown = {name: values for name, values in changes.items() if name != "ward_id"}
        if "ward_id" in changes:
            shown["ward"] = tuple(ward_names[ward_id] for ward_id in changes["ward_id"])
        if "status" in changes:
            changes = {**changes, "status_since": (None, stamp)}
        await write_changes(tx, driver, "beds", bed_id, changes, "bed", f"bed {label}",
                            path.name, shown)
    await add_rows(tx, driver, insert_sql("beds", (
        "ward_id", "label", "type", "status", "status_since", "note", "room", "active")), new,
        "bed", "beds", path.name)
    tally.added, tally.changed = len(new), len(edits)
    return tally.result()
