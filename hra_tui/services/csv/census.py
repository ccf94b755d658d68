"""The daily census as a CSV file: one row per ward and a total row, written whole or not at
all through the export's own part-file-and-rename, owner-only and audited like every export."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hra_tui.domain import Role
from hra_tui.services.csv.format import ENCODING, neutralise
from hra_tui.services.plain_records import ExportResult
from hra_tui.services.records.census import COUNTS, Census
from hra_tui.services.target_file import checked_target, commit, written_beside

if TYPE_CHECKING:
    from hra_tui.services.ward import Ward

CENSUS_COLUMNS = ("day", "as_of", "ward", "beds", *COUNTS)


def census_rows(census: Census) -> list[list[str]]:
    """The file's rows after the header: each ward, then "All wards"."""
    return [[census.day.isoformat(), census.as_of.isoformat(timespec="seconds"), line.ward,
             str(line.beds), *(str(getattr(line, name)) for name in COUNTS)]
            for line in (*census.wards, census.total)]


async def export_census(ward: Ward, day: date | None, path: Path) -> tuple[Census, ExportResult]:
    """Write the census of `day` (default today) to `path`, replacing it whole; audited."""
    target = checked_target(path)
    census = await ward.census.day(day)
    rows = census_rows(census)
    with written_beside(target) as part:
        with open(part, "w", encoding=ENCODING, newline="") as out:
            writer = csv.writer(out)
            writer.writerow(CENSUS_COLUMNS)
            writer.writerows([neutralise(cell) for cell in row] for row in rows)
        async with ward.context.write(Role.VIEWER, "export census") as tx:
            await tx.audit("export", "census", None,
                           f"census of {census.day.isoformat()}, {len(census.wards)} wards, "
                           f"to {target}")
            commit(part, target)
    return census, ExportResult(path=target, rows=len(census.wards))
