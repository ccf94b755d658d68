"""`hra db check`: is the database sound, do its links hold, do beds agree with admissions?

Each engine is asked in its own words: SQLite's integrity_check and foreign_key_check; on
PostgreSQL, which keeps its own pages and always enforces foreign keys, the catalogue's word
that no constraint is left unvalidated and no index is invalid (a failed concurrent build),
and every foreign key followed row by row all the same.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from db import tables
from db.engine import make_async_engine
from db.location import Location, ServerWard
from db.migrate import head_revision
from db.schema import recorded_revision, refuse_newer, require_ward

_BED_DISAGREEMENTS = """
SELECT b.label, b.status, p.mrn, p.name
FROM beds b
LEFT JOIN admissions a ON a.bed_id = b.id AND a.discharged_at IS NULL
LEFT JOIN patients p ON p.id = a.patient_id
WHERE (b.status = 'occupied') != (a.id IS NOT NULL)
ORDER BY b.label
"""


_UNVALIDATED = """
SELECT conrelid::regclass::text, conname FROM pg_constraint
WHERE NOT convalidated AND connamespace = 'public'::regnamespace ORDER BY 1, 2
"""
_INVALID_INDEXES = """
SELECT indrelid::regclass::text, indexrelid::regclass::text FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
WHERE NOT (indisvalid AND indisready) AND c.relnamespace = 'public'::regnamespace ORDER BY 1, 2
"""


async def _sqlite_problems(conn: AsyncConnection) -> list[str]:
    problems = []
    for (line,) in await conn.exec_driver_sql("PRAGMA integrity_check"):
        if line != "ok":
            problems.append(f"integrity: {line}")
    for table, rowid, parent, _ in await conn.exec_driver_sql("PRAGMA foreign_key_check"):
        problems.append(f"foreign key: {table} row {rowid} points at a missing {parent}")
    return problems


async def _server_problems(conn: AsyncConnection) -> list[str]:
    problems = []
    for table, name in await conn.execute(text(_UNVALIDATED)):
        problems.append(f"integrity: constraint {name} on {table} is not validated")
    for table, index in await conn.execute(text(_INVALID_INDEXES)):
        problems.append(f"integrity: index {index} on {table} is invalid; rebuild it")
    for table in tables.metadata.sorted_tables:
        for key in table.foreign_keys:
            child, parent = key.parent, key.column
            row = "id" if "id" in table.c else child.name
            orphans = text(f'SELECT c."{row}" FROM "{table.name}" c WHERE c."{child.name}" IS '
                           f'NOT NULL AND NOT EXISTS (SELECT 1 FROM "{parent.table.name}" p '
                           f'WHERE p."{parent.name}" = c."{child.name}")')
            for (row_id,) in await conn.execute(orphans):
                problems.append(f"foreign key: {table.name} row {row_id} points at a missing "
                                f"{parent.table.name}")
    return problems


async def check_database(path: Location) -> list[str]:
    """Every problem found, one line each (empty = healthy). Reads only."""
    require_ward(path)
    refuse_newer(path)
    problems: list[str] = []
    recorded, head = recorded_revision(path), head_revision()
    if recorded != head:
        problems.append(f"schema is at revision {recorded or '(none)'}, the newest is "
                        f"{head or '(unknown)'}: run hra db upgrade")
    engine = make_async_engine(path, writer=False, create=False)
    try:
        async with engine.connect() as conn:
            if isinstance(path, ServerWard):
                problems += await _server_problems(conn)
            else:
                problems += await _sqlite_problems(conn)
            for label, status, mrn, name in await conn.execute(text(_BED_DISAGREEMENTS)):
                if mrn is None:
                    problems.append(f"bed {label} is marked {status} but nobody is admitted to it")
                else:
                    problems.append(f"bed {label} holds {name} ({mrn}) but is marked {status}")
    finally:
        await engine.dispose()
    return problems
