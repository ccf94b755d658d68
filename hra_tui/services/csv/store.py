"""The importers' reads on the writer connection: one driver hop per statement, no row
processing, so checking 100,000 rows against the database stays quick."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from db.driver import raw_connection
from db.sequences import advance_statements
from hra_tui.domain import Role
from hra_tui.services.context import Context, Tx


@asynccontextmanager
async def importing(ctx: Context, kind: str) -> AsyncIterator[tuple[Tx, Any]]:
    """An admin's write transaction for importing `kind`, with its driver's connection (bulk
    `executemany` goes straight to it; db/driver.raw_connection)."""
    async with ctx.write(Role.ADMIN, f"import {kind}") as tx:
        yield tx, await raw_connection(tx.conn)
        await number_past_imported(tx)


async def number_past_imported(tx: Tx) -> None:
    """On PostgreSQL, move the id sequences past the ids imported rows brought with them, so
    the next record the database numbers gets a new one (SQLite numbers past them itself)."""
    if tx.conn.dialect.name == "postgresql":
        from sqlalchemy import text

        for statement in advance_statements():
            await tx.conn.execute(text(statement))


async def fetch(driver: Any, sql: str, params: Sequence | Mapping = ()) -> list[tuple]:
    cursor = await driver.execute(sql, params)
    try:
        return list(await cursor.fetchall())
    finally:
        await cursor.close()
