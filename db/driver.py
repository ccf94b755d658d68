"""Statements run straight on a transaction's aiosqlite connection.

Through SQLAlchemy each statement costs three or four hops to the driver's thread (cursor,
execute, fetch, close) plus result processing; here it costs one. The hot writes (admit,
transfer, discharge, bed states) and every audit row use this, inside the same transaction
SQLAlchemy opened, which keeps admit and discharge a millisecond or two on a loaded machine
with 100,000 patients. Times go through db/time_codec, as the ORM's column type does, so
storage is identical.

`open_reader` is a plain connection of its own for the reads that must not wait for SQLAlchemy
to be imported (the console's first page of patients, who is signing in, the bed board);
`open_writer` one for the writes that need nothing else (the bed service's: `hra admit`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.time_codec import parse_sql_time, sql_time

if TYPE_CHECKING:
    import aiosqlite
    from sqlalchemy.ext.asyncio import AsyncConnection

BUSY_TIMEOUT_MS = 15_000
# Every connection, through SQLAlchemy or not, starts with these (db/engine uses them too).
CONNECTION_PRAGMAS = (f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}", "PRAGMA foreign_keys = ON",
                      "PRAGMA synchronous = NORMAL")
WAL = "PRAGMA journal_mode = WAL"  # writers only: reading a backup leaves it as it was

Params = Sequence[Any] | Mapping[str, Any]


class Driver:
    def __init__(self, connection: Any) -> None:
        self._conn = connection  # aiosqlite.Connection

    @classmethod
    async def of(cls, conn: AsyncConnection) -> Driver:
        raw = await conn.get_raw_connection()
        return cls(raw.driver_connection)

    @staticmethod
    def time(moment: datetime | None) -> str | None:
        """An aware datetime as the database stores it."""
        return None if moment is None else sql_time(moment)

    @staticmethod
    def read_time(stored: str | None) -> datetime | None:
        return None if stored is None else parse_sql_time(stored)

    async def rows(self, sql: str, params: Params = ()) -> list[tuple]:
        return list(await self._conn.execute_fetchall(sql, params))

    async def run(self, sql: str, params: Params = ()) -> int:
        """Execute one write; returns the new row id (for an INSERT)."""
        cursor = await self._conn.execute(sql, params)
        return cursor.lastrowid


async def open_reader(path: Path) -> tuple[Driver, aiosqlite.Connection]:
    """A reading connection in autocommit mode (each query its own snapshot); close the
    returned connection when done."""
    return await _open(path, CONNECTION_PRAGMAS)


async def open_writer(path: Path) -> tuple[Driver, aiosqlite.Connection]:
    """A writing connection set up as db/engine sets up a writer (WAL; the caller begins each
    transaction with BEGIN IMMEDIATE); close the returned connection when done."""
    return await _open(path, (*CONNECTION_PRAGMAS, WAL))


async def _open(path: Path, pragmas: Sequence[str]) -> tuple[Driver, aiosqlite.Connection]:
    import aiosqlite

    connection = await aiosqlite.connect(path, isolation_level=None)
    for pragma in pragmas:
        await connection.execute(pragma)
    return Driver(connection), connection
