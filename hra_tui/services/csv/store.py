"""The importers' reads on the writer connection: one driver hop per statement, no row
processing, so checking 100,000 rows against the database stays quick."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hra_tui.services.context import Tx


async def raw(tx: Tx) -> Any:
    """The transaction's aiosqlite connection (bulk `executemany` goes straight to it)."""
    return (await tx.conn.get_raw_connection()).driver_connection


async def fetch(driver: Any, sql: str, params: Sequence = ()) -> list[tuple]:
    cursor = await driver.execute(sql, params)
    try:
        return list(await cursor.fetchall())
    finally:
        await cursor.close()
