"""How every connection to the ward database is set up.

Every connection, sync or async, gets foreign keys ON and a busy timeout, and writers switch
the file to WAL, so integrity holds and two clerks on one file wait for each other instead of
failing, while reading a file (a backup) never changes it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from db.driver import CONNECTION_PRAGMAS, WAL
from db.paths import create_private_file


def _on_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in CONNECTION_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _on_writer_connect(dbapi_connection, _record) -> None:
    """Only a writer switches the file to WAL: reading a backup (a one-file DELETE-mode copy)
    leaves it byte for byte as it was."""
    cursor = dbapi_connection.cursor()
    cursor.execute(WAL)
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
