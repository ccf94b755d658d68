"""Import a wards file: wards by name (spacing and case do not count). A new name adds a ward;
a known one may change its spelling or be made active or inactive; a ward still holding
active beds stays active (retire its beds first, as `hra ward deactivate` asks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hra_tui.fields import WARD_NAME
from hra_tui.services.context import Tx
from hra_tui.services.csv.changes import Tally, add_rows, differing, write_changes
from hra_tui.services.csv.file_fields import key, parse_yes_no
from hra_tui.services.csv.problems import FirstLines, Problems, Row
from hra_tui.services.csv.read import Rows
from hra_tui.services.csv.store import fetch
from hra_tui.services.plain_records import ImportResult
from hra_tui.services.validation import text_parser

_parse_name = text_parser(WARD_NAME)


def parse_wards(rows: Rows, problems: Problems) -> list[tuple]:
    out: list[tuple] = []
    first = FirstLines()
    for line, name, active in zip(rows.lines, *rows.columns, strict=True):
        row = Row()
        name = " ".join(name.split())
        if not name:
            row.bad("Ward name is required")
        else:
            name = row.take(name, _parse_name) or name
        is_active = row.take(active, parse_yes_no)
        row.errors += first.again(key(name), line, f"ward '{name}'")
        problems.keep(line, row.errors, (line, name, is_active), out)
    return out


async def apply_wards(tx: Tx, driver: Any, path: Path, parsed: list[tuple],
                      problems: Problems) -> ImportResult:
    held = {key(name): (ward_id, name, bool(active), beds) for ward_id, name, active, beds in
            await fetch(driver, """
                SELECT w.id, w.name, w.active,
                       (SELECT count(*) FROM beds b WHERE b.ward_id = w.id AND b.active)
                FROM wards w""")}
    tally, new, edits = Tally(), [], []
    for line, name, active in parsed:
        found = held.get(key(name))
        if found is None:
            new.append((name, int(active)))
            continue
        ward_id, before, was_active, beds = found
        changes = differing({"name": before, "active": was_active},
                            {"name": name, "active": active})
        if "active" in changes and not active and beds:
            problems.add(line, f"ward '{before}' has {beds} active beds; retire them first")
        elif changes:
            edits.append((ward_id, changes, before))
        else:
            tally.unchanged += 1
    problems.refuse_if_any(path)
    for ward_id, changes, before in edits:
        await write_changes(tx, driver, "wards", ward_id, changes, "ward", f"ward {before}",
                            path.name)
    await add_rows(tx, driver, "INSERT INTO wards (name, active) VALUES (?, ?)", new, "ward",
                   "wards", path.name)
    tally.added, tally.changed = len(new), len(edits)
    return tally.result()
