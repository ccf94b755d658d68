"""Statements run straight on a transaction's aiosqlite connection.

Through SQLAlchemy each statement costs three or four hops to the driver's thread (cursor,
execute, fetch, close) plus result processing; here it costs one. The hot writes (admit,
transfer, discharge, bed states) and every audit row use this, inside the same transaction
SQLAlchemy opened, which keeps admit and discharge a millisecond or two on a loaded machine
with 100,000 patients. Times go through db/time_codec, as the ORM's column type does, so
storage is identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.time_codec import parse_sql_time, sql_time


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

    async def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(await self._conn.execute_fetchall(sql, params))

    async def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute one write; returns the new row id (for an INSERT)."""
        cursor = await self._conn.execute(sql, params)
        return cursor.lastrowid
