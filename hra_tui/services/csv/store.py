"""The importers' reads on the writer connection: one driver hop per statement, no row
processing, so checking 100,000 rows against the database stays quick."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from hra_tui.domain import Role
from hra_tui.services.context import Context, Tx


@asynccontextmanager
async def importing(ctx: Context, kind: str) -> AsyncIterator[tuple[Tx, Any]]:
    """An admin's write transaction for importing `kind`, with its aiosqlite connection (bulk
    `executemany` goes straight to it)."""
    async with ctx.write(Role.ADMIN, f"import {kind}") as tx:
        yield tx, (await tx.conn.get_raw_connection()).driver_connection


async def fetch(driver: Any, sql: str, params: Sequence | Mapping = ()) -> list[tuple]:
    cursor = await driver.execute(sql, params)
    try:
        return list(await cursor.fetchall())
    finally:
        await cursor.close()
