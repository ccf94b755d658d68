"""Statements run straight on a transaction's aiosqlite connection.

Through SQLAlchemy each statement costs three or four hops to the driver's thread (cursor,
execute, fetch, close) plus result processing; here it costs one. The hot writes (admit,
transfer, discharge, bed states) and every audit row use this, inside the same transaction
SQLAlchemy opened, which keeps admit and discharge a millisecond or two on a loaded machine
with 100,000 patients. Times go through db/time_codec, as the ORM's column type does, so
storage is identical.

`open_reader` is a plain connection of its own for the reads that must not wait for SQLAlchemy
to be imported (the console's first page of patients, who is signing in, the bed board);
`open_writer` one for the writes that need nothing else (the bed service's: `hra admit`) on a
file ward. With `sync=True` either is a sqlite3 connection whose calls never suspend
(db/sync_connection), for a command run without an event loop; the connection is set up the
same way.

On PostgreSQL the same statements run on psycopg's connection through `ServerConnection`
(db/server_connection, loaded only for a server ward), which speaks the few words of SQLite's
dialect these statements use in the server's (db/sql), so each statement is written once for
both engines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from db.location import Location, ServerWard
from db.time_codec import aware_utc, parse_sql_time, sql_time

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.ext.asyncio import AsyncConnection

BUSY_TIMEOUT_MS = 15_000
# Every connection, through SQLAlchemy or not, starts with these (db/engine uses them too).
CONNECTION_PRAGMAS = (f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}", "PRAGMA foreign_keys = ON",
                      "PRAGMA synchronous = NORMAL")
WAL = "PRAGMA journal_mode = WAL"  # writers only: reading a backup leaves it as it was

Params = Sequence[Any] | Mapping[str, Any]


class Driver:
    def __init__(self, connection: Any) -> None:
        self._conn = connection  # aiosqlite.Connection, a SyncConnection or a ServerConnection

    @classmethod
    async def of(cls, conn: AsyncConnection) -> Driver:
        return cls(await raw_connection(conn))

    @staticmethod
    def time(moment: datetime | None) -> str | None:
        """An aware datetime as the database stores it."""
        return None if moment is None else sql_time(moment)

    @staticmethod
    def read_time(stored: str | datetime | None) -> datetime | None:
        """A stored moment back as an aware datetime: SQLite gives its text, PostgreSQL a
        naive UTC timestamp."""
        if stored is None:
            return None
        return parse_sql_time(stored) if isinstance(stored, str) else aware_utc(stored)

    async def rows(self, sql: str, params: Params = ()) -> list[tuple]:
        return list(await self._conn.execute_fetchall(sql, params))

    async def run(self, sql: str, params: Params = ()) -> None:
        """Execute one write."""
        await self._conn.execute(sql, params)


async def raw_connection(conn: AsyncConnection) -> Any:
    """The driver's own connection under a SQLAlchemy one: aiosqlite's, or psycopg's wrapped
    as a ServerConnection, for the statements written in SQLite's words."""
    raw = (await conn.get_raw_connection()).driver_connection
    if conn.dialect.name != "postgresql":
        return raw
    from db.server_connection import ServerConnection

    return ServerConnection(raw)


async def open_reader(ward: Location, *, sync: bool = False) -> tuple[Driver, Any]:
    """A reading connection in autocommit mode (each query its own snapshot); close the
    returned connection when done. `sync`: a file ward's, never suspending."""
    if isinstance(ward, ServerWard):
        import psycopg

        from db.server_connection import ServerConnection

        server = ServerConnection(await psycopg.AsyncConnection.connect(ward.url,
                                                                       autocommit=True))
        return Driver(server), server
    return await _open(ward, CONNECTION_PRAGMAS, sync)


async def open_writer(path: Path, *, sync: bool = False) -> tuple[Driver, Any]:
    """A writing connection to a file ward, set up as db/engine sets up a writer (WAL; the
    caller begins each transaction with BEGIN IMMEDIATE); close the returned connection when
    done. A server ward writes through its engine (its lock is the engine's). `sync`: never
    suspending."""
    return await _open(path, (*CONNECTION_PRAGMAS, WAL), sync)


async def _open(path: Path, pragmas: Sequence[str], sync: bool) -> tuple[Driver, Any]:
    connection: Any
    if sync:
        import sqlite3

        from db.sync_connection import SyncConnection

        connection = SyncConnection(sqlite3.connect(path, isolation_level=None))
    else:
        import aiosqlite

        connection = await aiosqlite.connect(path, isolation_level=None)
    for pragma in pragmas:
        await connection.execute(pragma)
    return Driver(connection), connection
