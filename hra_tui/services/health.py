"""`hra db check`: is the file sound, do its links hold, do beds agree with admissions?"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from db.engine import make_async_engine
from db.migrate import head_revision, recorded_revision
from db.schema import refuse_newer, require_readable, require_ward_file

_BED_DISAGREEMENTS = """
SELECT b.label, b.status, p.mrn, p.name
FROM beds b
LEFT JOIN admissions a ON a.bed_id = b.id AND a.discharged_at IS NULL
LEFT JOIN patients p ON p.id = a.patient_id
WHERE (b.status = 'occupied') != (a.id IS NOT NULL)
ORDER BY b.label
"""


async def check_database(path: Path) -> list[str]:
    """Every problem found, one line each (empty = healthy). Reads only."""
    require_ward_file(path)
    require_readable(path)
    refuse_newer(path)
    problems: list[str] = []
    recorded, head = recorded_revision(path), head_revision()
    if recorded != head:
        problems.append(f"schema is at revision {recorded or '(none)'}, the newest is "
                        f"{head or '(unknown)'}: run hra db upgrade")
    engine = make_async_engine(path, writer=False, create=False)
    try:
        async with engine.connect() as conn:
            for (line,) in await conn.exec_driver_sql("PRAGMA integrity_check"):
                if line != "ok":
                    problems.append(f"integrity: {line}")
            for table, rowid, parent, _ in await conn.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(f"foreign key: {table} row {rowid} points at a missing {parent}")
            for label, status, mrn, name in await conn.execute(text(_BED_DISAGREEMENTS)):
                if mrn is None:
                    problems.append(f"bed {label} is marked {status} but nobody is admitted to it")
                else:
                    problems.append(f"bed {label} holds {name} ({mrn}) but is marked {status}")
    finally:
        await engine.dispose()
    return problems
