"""Where the ward database lives and how every connection to it is set up.

Every connection, sync or async, gets foreign keys ON and a busy timeout, and writers switch
the file to WAL, so integrity holds and two clerks on one file wait for each other instead of
failing, while reading a file (a backup) never changes it.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

BUSY_TIMEOUT_MS = 15_000


def default_db_path() -> Path:
    return Path(user_data_dir("hra", appauthor=False)) / "ward.db"


def resolve_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """`--db PATH` wins, then `HRA_DB`, then the user's data directory."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get("HRA_DB"):
        return Path(os.environ["HRA_DB"]).expanduser()
    return default_db_path()


def create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only, before SQLite opens it; missing
    folders on the way are created owner-only (0700) too."""
    missing = []
    folder = path.parent
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _on_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _on_writer_connect(dbapi_connection, _record) -> None:
    """Only a writer switches the file to WAL: reading a backup (a one-file DELETE-mode copy)
    leaves it byte for byte as it was."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _disable_driver_begin(dbapi_connection, _record) -> None:
    # The driver's own implicit BEGIN is deferred; SQLAlchemy's "begin" event issues ours.
    dbapi_connection.isolation_level = None


def _begin_immediate(conn) -> None:
    """Writers take the write lock at BEGIN: a second writer waits (busy timeout) instead of
    failing half way with 'database is locked' when it upgrades a read transaction."""
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _begin_deferred(conn) -> None:
    conn.exec_driver_sql("BEGIN")


def _prepare(engine: Engine, writer: bool) -> None:
    event.listen(engine, "connect", _on_connect)
    if writer:
        event.listen(engine, "connect", _on_writer_connect)
    event.listen(engine, "connect", _disable_driver_begin)
    event.listen(engine, "begin", _begin_immediate if writer else _begin_deferred)


def make_engine(path: Path, *, writer: bool = True, create: bool = True) -> Engine:
    """A sync engine, for migrations, the CLI's bulk work and tests."""
    if create and not path.exists():
        create_private_file(path)
    engine = create_engine(f"sqlite:///{path}")
    _prepare(engine, writer)
    return engine


def make_async_engine(path: Path, *, writer: bool = True, create: bool = True) -> AsyncEngine:
    """An async engine (`sqlite+aiosqlite`) for the services, so the UI never blocks.

    Use one writer engine (BEGIN IMMEDIATE) for transactions that write and one reader
    engine (deferred BEGIN) for queries, so readers never queue behind each other.
    """
    if create and not path.exists():
        create_private_file(path)
    engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
    _prepare(engine.sync_engine, writer)
    return engine
