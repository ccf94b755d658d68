"""What every service shares: the reader and writer engines and the acting user.

A write is `async with ctx.write(role, doing) as tx:` — one BEGIN IMMEDIATE transaction; the
role check happens before anything is opened, and `tx.audit(...)` adds the audit row inside the
same transaction, so a refused or failed write leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hra_tui.services import tables
from hra_tui.services.errors import Conflict
from hra_tui.services.records import Actor
from hra_tui.services.roles import require
from hra_tui.services.times import utcnow


@dataclass
class Tx:
    """One open write transaction and who is making it."""

    conn: AsyncConnection
    actor: Actor

    async def audit(self, action: str, entity: str, entity_id: int | None, detail: str) -> None:
        await self.conn.execute(insert(tables.audit_log).values(
            at=utcnow(), user=self.actor.name, action=action, entity=entity,
            entity_id=entity_id, detail=detail,
        ))


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
        except IntegrityError as exc:
            raise Conflict(f"Could not {doing}: the ward changed meanwhile ({_reason(exc)}); "
                          "nothing was saved") from None


def _reason(exc: IntegrityError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return text.splitlines()[0]
