"""Import a "staff" file: every member of staff, each checked by the staff form's rules.

Rows are matched by staff id: a known id updates that member (only the fields that differ),
an id the ward does not hold adds the member under that id (so a whole ward re-created from
its files keeps its staff ids), a blank id adds one under a new id. Names stay unique, in the
file and against the staff list, as patients and plans name doctors by name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hra_tui.fields import SPECIALIZATION, STAFF_NUMBERS
from hra_tui.services.context import Tx
from hra_tui.services.csv.changes import Tally, add_numbered_rows, differing, write_changes
from hra_tui.services.csv.file_fields import key, parse_id, parse_yes_no
from hra_tui.services.csv.problems import FirstLines, Problems, Row
from hra_tui.services.csv.read import Rows
from hra_tui.services.csv.store import fetch
from hra_tui.services.plain_records import ImportResult
from hra_tui.services.validation import (
    number_parser,
    parse_name,
    parse_phone,
    parse_staff_role,
    text_parser,
)

_FIELDS = ("name", "role", "specialization", "phone", *STAFF_NUMBERS, "active")
_PARSERS = (parse_id, parse_name, parse_staff_role, text_parser(SPECIALIZATION), parse_phone,
            *map(number_parser, STAFF_NUMBERS.values()), parse_yes_no)


def parse_staff(rows: Rows, problems: Problems) -> list[tuple]:
    out: list[tuple] = []
    names, ids = FirstLines(), FirstLines()
    for line, *cells in zip(rows.lines, *rows.columns, strict=True):
        row = Row()
        values = [row.take(cell, parse) for cell, parse in zip(cells, _PARSERS, strict=True)]
        if values[1]:
            row.errors += names.again(key(values[1]), line, values[1])
        row.errors += ids.again(values[0], line, f"staff id {values[0]}")
        problems.keep(line, row.errors, (line, *values), out)
    return out


async def apply_staff(tx: Tx, driver: Any, path: Path, parsed: list[tuple],
                      problems: Problems) -> ImportResult:
    held = {row[0]: dict(zip(_FIELDS, row[1:], strict=True)) for row in await fetch(
        driver, f"SELECT id, {', '.join(_FIELDS)} FROM staff")}
    named = {key(fields["name"]): staff_id for staff_id, fields in held.items()}
    tally, new, edits = Tally(), [], []
    for line, staff_id, *values in parsed:
        after = dict(zip(_FIELDS, values, strict=True))
        after["active"] = int(after["active"])
        other = named.get(key(after["name"]))
        if other is not None and other != staff_id:
            problems.add(line, f"{after['name']} is already on the staff list"
                               + (f" (staff id {other})" if staff_id else ""))
        elif staff_id in held:
            changes = differing(held[staff_id], after)
            if changes:
                edits.append((staff_id, changes, held[staff_id]["name"]))
            else:
                tally.unchanged += 1
        else:
            new.append((staff_id, *after.values()))
    problems.refuse_if_any(path)
    for staff_id, changes, name in edits:
        await write_changes(tx, driver, "staff", staff_id, changes, "staff",
                            f"staff {staff_id} {name}", path.name)
    await add_numbered_rows(tx, driver, "staff", _FIELDS, new, "staff", "staff", path.name)
    tally.added, tally.changed = len(new), len(edits)
    return tally.result()
