"""How every connection to the ward database is set up.

SQLite: every connection, sync or async, gets foreign keys ON and a busy timeout, and writers
switch the file to WAL, so integrity holds and two clerks on one file wait for each other
instead of failing, while reading a file (a backup) never changes it.

PostgreSQL (psycopg 3, one driver for the sync engine of migrations and bulk loads and the
async engine of the services): integrity is the server's; a writer's transaction starts by
taking the ward's one transaction-level advisory lock, the lock SQLite's BEGIN IMMEDIATE takes
on a file, so two clerks on two machines wait for each other in the same order and with the
same outcome. Read committed isolation: each statement after the lock sees every write
committed before it, so a writer's checks never read a stale snapshot.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from db.driver import CONNECTION_PRAGMAS, WAL
from db.location import Location, ServerWard
from db.paths import create_private_file

# The key of the ward's writer lock (pg_advisory_xact_lock): "hra" + "ward" in ASCII.
WRITER_LOCK_KEY = 0x6872617761726400


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


def _lock_ward(conn) -> None:
    """A PostgreSQL writer's BEGIN IMMEDIATE: wait for the ward's writer lock, held until
    this transaction commits or rolls back."""
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")


def _server_engine(ward: ServerWard, writer: bool, *, asynchronous: bool):
    make = create_async_engine if asynchronous else create_engine
    engine = make(ward.sqlalchemy_url, isolation_level="READ COMMITTED", pool_pre_ping=True)
    if writer:
        event.listen(engine.sync_engine if asynchronous else engine, "begin", _lock_ward)
    return engine


def make_engine(ward: Location, *, writer: bool = True, create: bool = True) -> Engine:
    """A sync engine, for migrations, the CLI's bulk work and tests."""
    if isinstance(ward, ServerWard):
        return _server_engine(ward, writer, asynchronous=False)
    if create and not ward.exists():
        create_private_file(ward)
    engine = create_engine(f"sqlite:///{ward}")
    _prepare(engine, writer)
    return engine


def make_async_engine(ward: Location, *, writer: bool = True,
                      create: bool = True) -> AsyncEngine:
    """An async engine (`sqlite+aiosqlite`, `postgresql+psycopg`) for the services, so the UI
    never blocks.

    Use one writer engine (BEGIN IMMEDIATE, or the ward's lock) for transactions that write
    and one reader engine (deferred BEGIN) for queries, so readers never queue behind each
    other.
    """
    if isinstance(ward, ServerWard):
        return _server_engine(ward, writer, asynchronous=True)
    if create and not ward.exists():
        create_private_file(ward)
    engine = create_async_engine(f"sqlite+aiosqlite:///{ward}")
    _prepare(engine.sync_engine, writer)
    return engine
