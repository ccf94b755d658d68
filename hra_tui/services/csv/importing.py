"""CSV import: check every row of a file, then apply them all in one transaction, or none.

Every row is parsed and checked (columns, types, ranges, duplicates within the file and
against the database, referenced doctors, beds and wards) before anything is written; one bad
row refuses the whole file (see `problems`). Rows are matched by their kind's key (see
`format`): a known key updates its record (only the fields that differ, each record's
changes audited with before and after), a new key adds one. A good file is written in one
transaction, by bulk inserts on the writer connection, so a crash or a kill mid-import leaves
the database as it was.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hra_tui.domain import Role
from hra_tui.services.csv.appointments import apply_appointments, parse_appointments
from hra_tui.services.csv.beds import apply_beds, parse_beds
from hra_tui.services.csv.billing import apply_billing, parse_billing
from hra_tui.services.csv.format import IMPORT_KINDS, check_kind
from hra_tui.services.csv.history import apply_history, parse_history
from hra_tui.services.csv.patients import apply_patients, parse_patients
from hra_tui.services.csv.problems import Problems
from hra_tui.services.csv.read import Rows, read
from hra_tui.services.csv.staff import apply_staff, parse_staff
from hra_tui.services.csv.store import importing
from hra_tui.services.csv.wards import apply_wards, parse_wards
from hra_tui.services.errors import Refused
from hra_tui.services.plain_records import ImportResult
from hra_tui.services.roles import require

if TYPE_CHECKING:
    from hra_tui.services.ward import Ward

# Per kind: how its rows are parsed (no database), then checked and applied in a transaction.
IMPORTERS: dict[str, tuple[Callable[[Rows, Problems], list], Callable[..., Any]]] = {
    "wards": (parse_wards, apply_wards), "staff": (parse_staff, apply_staff),
    "beds": (parse_beds, apply_beds), "patients": (parse_patients, apply_patients),
    "appointments": (parse_appointments, apply_appointments),
    "billing": (parse_billing, apply_billing), "history": (parse_history, apply_history),
}


def read_parsed(path: Path, kind: str, *, empty: bool = False) -> tuple[list, Problems]:
    """A file's rows parsed (each bad field kept as a problem); refused if it has none,
    unless `empty` may be (a kind the ward has no records of, in a whole-ward folder)."""
    rows, problems = read(path, kind)
    if not problems.rows and not empty:
        raise Refused(f"{path.name} has a header but no rows; nothing to import")
    return IMPORTERS[kind][0](rows, problems), problems


async def import_csv(ward: Ward, kind: str, path: Path) -> ImportResult:
    """Check every row of `path`, then apply them all in one transaction, or refuse the file."""
    kind = check_kind(kind, IMPORT_KINDS, "import")
    ctx = ward.context
    require(ctx.actor, Role.ADMIN, f"import {kind}")
    path = Path(path).expanduser()
    with gc_paused():
        parsed, problems = await asyncio.to_thread(read_parsed, path, kind)
        async with importing(ctx, kind) as (tx, driver):
            return await IMPORTERS[kind][1](tx, driver, path, parsed, problems)


@contextmanager
def gc_paused() -> Iterator[None]:
    """An import allocates millions of objects and no reference cycles; the cycle collector
    would rescan them again and again (a third of a 100,000-row import)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
