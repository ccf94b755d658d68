"""Bringing a ward database to the newest schema, cheaply when it already is.

Opening the ward first compares the database's recorded revision with the head the migration
files name (db/migrate reads both without Alembic) and only runs Alembic when they differ.
A PostgreSQL ward is asked the same through db/server.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from db import migrate
from db.errors import Unusable
from db.location import Location, ServerWard
from db.migrate import head_revision, known_revisions


def has_ward_file(path: Path) -> bool:
    """The file exists and is not empty (an empty main file beside a WAL still counts)."""
    if not path.exists():
        return False
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size > 0 or (wal.exists() and wal.stat().st_size > 0)


SQLITE_HEADER = b"SQLite format 3\x00"


def require_ward_file(path: Path) -> None:
    """Refuse (Unusable) a path with no file, or an empty file: reading commands never create
    a ward, so a mistyped --db cannot leave folders and an empty database behind."""
    how = "create one with `hra demo` or `hra db init`"
    if not path.exists():
        raise Unusable(f"No ward database at {path}; {how}")
    if not has_ward_file(path):
        raise Unusable(f"{path} is an empty file, not a ward database; {how}")
    if path.is_dir():
        raise Unusable(f"{path} is a folder, not a ward database")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise Unusable(f"Cannot read {path}: {exc.strerror}") from None
    if header and header != SQLITE_HEADER:
        raise Unusable(f"{path} is not a ward database (not an SQLite file)")


def require_readable(path: Path) -> None:
    """A ward file the user may read but not write (another account's 0644 ward) is read
    where SQLite can; where it cannot (a WAL ward whose folder the user may not write, for
    the -shm file) one line says so, instead of "attempt to write a readonly database"."""
    if not path.exists() or os.access(path, os.W_OK):
        return
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=15)
        try:
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        raise Unusable(f"Cannot read {path}: it is read-only for you, and reading this ward "
                       "needs to write beside it (SQLite's -shm file); ask its owner for "
                       "access, or sign in through `hra serve`") from None


def recorded_revision(ward: Location) -> str | None:
    """The revision a ward records (None: no ward there yet), from the file or the server."""
    if isinstance(ward, ServerWard):
        from db import server  # only a server ward needs it

        return server.recorded_revision(ward)
    return migrate.recorded_revision(ward)


def require_ward(ward: Location) -> None:
    """Refuse (Unusable) a missing ward: no file, an empty one, or a database without one."""
    if isinstance(ward, ServerWard):
        from db import server

        server.require_ward(ward)
    else:
        require_ward_file(ward)
        require_readable(ward)


def refuse_newer(path: Location) -> None:
    """Refuse (Unusable) a database whose schema revision this hra does not know: a newer hra
    wrote it, and upgrading or reading it here could only go wrong."""
    recorded = recorded_revision(path)
    if recorded is not None and recorded not in known_revisions():
        raise Unusable(f"{path} was written by a newer hra (schema revision '{recorded}'; this "
                       f"hra knows up to '{head_revision()}'); use that hra or a newer one")


def is_current(path: Location) -> bool:
    return recorded_revision(path) == head_revision()


def ensure_schema(path: Location, create: bool = True) -> bool:
    """Create (if `create`) or upgrade the database at `path`; True if the schema changed.
    Refuses (Unusable) a missing or empty file when not `create`, and a newer schema. Sync.
    On PostgreSQL `create` makes the ward in an existing database (the server's
    administrator creates databases)."""
    if isinstance(path, ServerWard):
        if not create:
            from db import server

            server.require_ward(path)
    else:
        if not create:
            require_ward_file(path)
        require_readable(path)
    if is_current(path):
        return False
    refuse_newer(path)
    from db.engine import make_engine  # SQLAlchemy, only when there is something to migrate

    engine = make_engine(path)
    try:
        return migrate.upgrade(engine)
    finally:
        engine.dispose()
