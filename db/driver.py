"""Statements run straight on a transaction's aiosqlite connection.

Through SQLAlchemy each statement costs three or four hops to the driver's thread (cursor,
execute, fetch, close) plus result processing; here it costs one. The hot writes (admit,
transfer, discharge, bed states) and every audit row use this, inside the same transaction
SQLAlchemy opened, which keeps admit and discharge a millisecond or two on a loaded machine
with 100,000 patients. Times go through the UTCDateTime column type, so storage is identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from db.types import UTCDateTime


class Driver:
    def __init__(self, connection: Any, dialect: Dialect) -> None:
        self._conn = connection  # aiosqlite.Connection
        column = UTCDateTime().dialect_impl(dialect)
        self._bind_time = column.bind_processor(dialect)
        self._read_time = column.result_processor(dialect, None)

    @classmethod
    async def of(cls, conn: AsyncConnection) -> Driver:
        raw = await conn.get_raw_connection()
        return cls(raw.driver_connection, conn.dialect)

    def time(self, moment: datetime | None) -> Any:
        """An aware datetime as the database stores it."""
        return self._bind_time(moment) if self._bind_time else moment

    def read_time(self, stored: Any) -> datetime | None:
        return self._read_time(stored) if self._read_time else stored

    async def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(await self._conn.execute_fetchall(sql, params))

    async def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute one write; returns the new row id (for an INSERT)."""
        cursor = await self._conn.execute(sql, params)
        return cursor.lastrowid
