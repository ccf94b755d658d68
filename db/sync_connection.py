"""A sqlite3 connection that answers the calls the plain statements make of aiosqlite's, and
returns at once: awaiting it never suspends.

The read-only listings (`hra patient list`, `hra bed list`) and `hra admit` on a file ward run
the same service coroutines on it, driven to their end without an event loop
(`cli/session.run_sync`), so they never import asyncio (with ssl and concurrent.futures, a
fifth of such a command's start). Every statement, rule and transaction is the one the console
runs through aiosqlite; only who carries the statement to SQLite differs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

# The parameters of one statement, as db/driver's Params (db/driver loads this module).
StatementParams = Sequence[Any] | Mapping[str, Any]


class SyncConnection:
    """sqlite3's connection with the aiosqlite calls that db/driver and `Context.write_plain`
    make (`execute`, `execute_fetchall`, `close`, `in_transaction`)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    @property
    def in_transaction(self) -> bool:
        return self.connection.in_transaction

    async def execute(self, sql: str, params: StatementParams = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, params)

    async def execute_fetchall(self, sql: str, params: StatementParams = ()) -> list[Any]:
        return self.connection.execute(sql, params).fetchall()

    async def close(self) -> None:
        self.connection.close()
