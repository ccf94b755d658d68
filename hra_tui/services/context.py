"""What every service shares: the reader and writer engines and the acting user.

A write is `async with ctx.write(role, doing) as tx:` — one BEGIN IMMEDIATE transaction; the
role check happens before anything is opened, and `tx.audit(...)` adds the audit row inside the
same transaction, so a refused or failed write leaves nothing behind. `await tx.driver()` runs
plain SQL in that same transaction with one driver hop per statement, for the hot writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.driver import Driver
from hra_tui.services.errors import Conflict
from hra_tui.services.records import Actor
from hra_tui.services.roles import require
from hra_tui.services.times import utcnow


@dataclass
class Tx:
    """One open write transaction and who is making it."""

    conn: AsyncConnection
    actor: Actor
    _driver: Driver | None = None

    async def driver(self) -> Driver:
        """The same transaction, one driver hop per statement (see driver.py)."""
        if self._driver is None:
            self._driver = await Driver.of(self.conn)
        return self._driver

    async def audit(self, action: str, entity: str, entity_id: int | None, detail: str) -> None:
        driver = await self.driver()
        await driver.run(
            "INSERT INTO audit_log (at, user, action, entity, entity_id, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (driver.time(utcnow()), self.actor.name, action, entity, entity_id, detail))


@dataclass
class Context:
    reader: AsyncEngine
    writer: AsyncEngine
    actor: Actor

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        async with self.reader.connect() as conn:
            yield conn

    @asynccontextmanager
    async def write(self, needed_role: str, doing: str) -> AsyncIterator[Tx]:
        """A checked write transaction; a constraint the rules did not foresee still ends as
        one clear line, with everything rolled back."""
        require(self.actor, needed_role, doing)
        try:
            async with self.writer.begin() as conn:
                yield Tx(conn, self.actor)
        except (IntegrityError, sqlite3.IntegrityError) as exc:
            raise Conflict(f"Could not {doing}: the ward changed meanwhile ({_reason(exc)}); "
                          "nothing was saved") from None


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0]
