"""CSV import: check every row of a file, then add them all in one transaction, or none.

Every row is parsed and checked (columns, types, ranges, duplicates within the file and
against the database, referenced doctors, beds and wards) before anything is written; one bad
row refuses the whole file (see `problems`). A good file is written in one transaction with
one audit row, by bulk inserts on the writer connection, so a crash or a kill mid-import
leaves the database as it was.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from hra_tui.domain import Role
from hra_tui.services.csv.beds import import_beds
from hra_tui.services.csv.format import IMPORT_KINDS, check_kind
from hra_tui.services.csv.history import import_history
from hra_tui.services.csv.patients import import_patients
from hra_tui.services.csv.read import read
from hra_tui.services.csv.staff import import_staff
from hra_tui.services.errors import Refused
from hra_tui.services.plain_records import ImportResult
from hra_tui.services.roles import require

if TYPE_CHECKING:
    from hra_tui.services.ward import Ward

_IMPORTERS = {"patients": import_patients, "staff": import_staff, "beds": import_beds,
              "history": import_history}


async def import_csv(ward: Ward, kind: str, path: Path) -> ImportResult:
    """Check every row of `path`, then add them all in one transaction, or refuse the file."""
    kind = check_kind(kind, IMPORT_KINDS, "import")
    ctx = ward.context
    require(ctx.actor, Role.ADMIN, f"import {kind}")
    path = Path(path).expanduser()
    with _gc_paused():
        rows, problems = await asyncio.to_thread(read, path, kind)
        if not problems.rows:
            raise Refused(f"{path.name} has a header but no rows; nothing to import")
        return await _IMPORTERS[kind](ctx, path, rows, problems)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """An import allocates millions of objects and no reference cycles; the cycle collector
    would rescan them again and again (a third of a 100,000-row import)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
