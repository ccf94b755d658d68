"""A psycopg connection that answers the calls the plain statements make of aiosqlite's.

Apart from db/driver so that a file ward (every `hra bed list`, `hra admit`) does not load the
PostgreSQL dialect helpers (db/sql, db/server_rows) it never uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from db.server_rows import as_booleans, server_insert
from db.sql import for_server

# The parameters of one statement, as db/driver's Params (not imported from there: db/driver
# loads this module, and the package has no import circles).
StatementParams = Sequence[Any] | Mapping[str, Any]


class ServerConnection:
    """A psycopg async connection with the calls the plain statements make of aiosqlite's
    (`execute`, `executemany`, `execute_fetchall`), each statement put in the server's
    dialect first."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection  # psycopg.AsyncConnection

    async def execute(self, sql: str, params: StatementParams = ()) -> Any:
        sql, booleans = server_insert(sql)
        if booleans and isinstance(params, Sequence):
            params = next(iter(as_booleans([params], booleans)))
        return await self.connection.execute(for_server(sql), params)

    async def executemany(self, sql: str, rows: Any) -> None:
        sql, booleans = server_insert(sql)
        async with self.connection.cursor() as cursor:
            await cursor.executemany(for_server(sql),
                                     as_booleans(rows, booleans) if booleans else rows)

    async def execute_fetchall(self, sql: str, params: StatementParams = ()) -> list[tuple]:
        cursor = await self.execute(sql, params)
        return await cursor.fetchall()

    async def close(self) -> None:
        await self.connection.close()
