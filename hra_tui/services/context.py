"""What every service shares: the database's connections and the acting user.

A write is `async with ctx.write(role, doing) as tx:` — one BEGIN IMMEDIATE transaction; the
role check happens before anything is opened, and `tx.audit(...)` adds the audit row inside the
same transaction, so a refused or failed write leaves nothing behind. `await tx.driver()` runs
plain SQL in that same transaction with one driver hop per statement, for the hot writes.

The SQLAlchemy engines are made on first use, and `ctx.plain()` reads on a plain connection
without them: the console's first list and the sign-in need no SQLAlchemy, so the first
screen is drawn before it is imported. `ctx.write_plain(...)` is `write` on a plain writing
connection, for the services whose writes are driver statements only (the bed service's), so
`hra admit` never imports SQLAlchemy either.

A context made with `sync=True` (a file ward only) opens those plain connections on sqlite3
directly (db/sync_connection): every await on them returns at once, so a command whose work
uses nothing else runs its coroutines without an event loop, and without importing asyncio.
Its SQLAlchemy engines are refused: their awaits would need a loop.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from db.driver import Driver, open_reader, open_writer
from db.location import Location, ServerWard
from hra_tui.services.errors import Conflict, NotAllowed
from hra_tui.services.quick_records import Actor
from hra_tui.services.roles import require
from hra_tui.services.times import utcnow

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


@dataclass
class Tx:
    """One open write transaction and who is making it; `conn` is None in a plain one."""

    conn: AsyncConnection | None
    actor: Actor
    _driver: Driver | None = None

    async def driver(self) -> Driver:
        """The same transaction, one driver hop per statement (see driver.py)."""
        if self._driver is None:
            assert self.conn is not None  # a plain transaction is made with its driver
            self._driver = await Driver.of(self.conn)
        return self._driver

    async def audit(self, action: str, entity: str, entity_id: int | None, detail: str) -> None:
        driver = await self.driver()
        await driver.run(
            'INSERT INTO audit_log (at, "user", action, entity, entity_id, detail) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            (driver.time(utcnow()), self.actor.name, action, entity, entity_id, detail))


class Context:
    """One ward's connections (a reader and a writer engine, a plain reader), made when
    first needed, and the acting user."""

    def __init__(self, path: Location, actor: Actor, *, sync: bool = False) -> None:
        self.path = path
        self.actor = actor
        self.sync = sync
        self._engines: dict[bool, AsyncEngine] = {}
        self._plain: tuple[Driver, Any] | None = None
        self._plain_writer: tuple[Driver, Any] | None = None
        self._plain_lock: AbstractAsyncContextManager[Any]
        self._plain_write_lock: AbstractAsyncContextManager[Any]
        if sync:  # one coroutine at a time, none ever waiting: nothing to lock against
            self._plain_lock = self._plain_write_lock = _Unlocked()
        else:
            import asyncio  # here, so that a sync context never imports it

            self._plain_lock = asyncio.Lock()
            self._plain_write_lock = asyncio.Lock()  # one plain transaction at a time
        self._engine_lock = threading.Lock()  # Ward.warm_up makes them in a thread

    def _engine(self, writer: bool) -> AsyncEngine:
        if self.sync:
            raise RuntimeError("A sync ward context has no SQLAlchemy engine (it needs an "
                               "event loop)")
        with self._engine_lock:
            if writer not in self._engines:
                from db.engine import make_async_engine

                self._engines[writer] = make_async_engine(self.path, writer=writer)
            return self._engines[writer]

    @property
    def reader(self) -> AsyncEngine:
        return self._engine(writer=False)

    @property
    def writer(self) -> AsyncEngine:
        return self._engine(writer=True)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        async with self.reader.connect() as conn:
            yield conn

    async def plain(self) -> Driver:
        """The plain reading connection: each statement reads its own snapshot."""
        async with self._plain_lock:
            if self._plain is None:
                self._plain = await open_reader(self.path, sync=self.sync)
        return self._plain[0]

    @asynccontextmanager
    async def write(self, needed_role: str, doing: str) -> AsyncIterator[Tx]:
        """A checked write transaction; a constraint the rules did not foresee still ends as
        one clear line, with everything rolled back."""
        from sqlalchemy.exc import IntegrityError

        require(self.actor, needed_role, doing)
        try:
            async with self.writer.begin() as conn:
                tx = Tx(conn, self.actor)
                await _still_active(tx)
                yield tx
        except (IntegrityError, sqlite3.IntegrityError, *_server_integrity()) as exc:
            raise Conflict(f"Could not {doing}: the ward changed meanwhile ({_reason(exc)}); "
                          "nothing was saved") from None

    @asynccontextmanager
    async def write_plain(self, needed_role: str, doing: str) -> AsyncIterator[Tx]:
        """`write` on the plain writing connection: the same role check, BEGIN IMMEDIATE,
        deactivation check, audit and rollback; the block may use only `await tx.driver()`.
        A server ward writes through its engine, whose transaction takes the ward's lock."""
        if isinstance(self.path, ServerWard):
            async with self.write(needed_role, doing) as tx:
                yield tx
            return
        require(self.actor, needed_role, doing)
        async with self._plain_write_lock:
            if self._plain_writer is None:
                self._plain_writer = await open_writer(self.path, sync=self.sync)
            driver, connection = self._plain_writer
            try:
                await driver.run("BEGIN IMMEDIATE")
                try:
                    tx = Tx(None, self.actor, driver)
                    await _still_active(tx)
                    yield tx
                    await driver.run("COMMIT")
                except BaseException:
                    if connection.in_transaction:
                        await driver.run("ROLLBACK")
                    raise
            except sqlite3.IntegrityError as exc:
                raise Conflict(f"Could not {doing}: the ward changed meanwhile "
                               f"({_reason(exc)}); nothing was saved") from None

    async def close(self) -> None:
        with self._engine_lock:  # the console's warm-up thread may be making one right now
            engines = list(self._engines.values())
            self._engines.clear()
        for engine in engines:
            await engine.dispose()
        for plain in (self._plain, self._plain_writer):
            if plain is not None:
                await plain[1].close()
        self._plain = self._plain_writer = None


class _Unlocked:
    """Stands in for a context's asyncio locks when it is sync."""

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *_exc: object) -> None:
        return None


async def _still_active(tx: Tx) -> None:
    """A user deactivated since they opened the ward writes nothing more, whichever session
    they are in (checked inside the write transaction, so no write slips past it)."""
    driver = await tx.driver()
    rows = await driver.rows("SELECT active FROM users WHERE name = ?", (tx.actor.name,))
    if rows and not rows[0][0]:
        raise NotAllowed(f"User {tx.actor.name} has been deactivated; nothing was saved")


def _server_integrity() -> tuple[type[Exception], ...]:
    """psycopg's IntegrityError, when psycopg is loaded (a PostgreSQL ward), without loading it
    for a file."""
    import sys

    psycopg = sys.modules.get("psycopg")
    return (psycopg.IntegrityError,) if psycopg is not None else ()


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0]
