"""Driving the console in tests: open it, and wait until it is ready or shows what a clerk
should see; the one home of waiting, for the flows, the planning screens and the snapshots."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.screen import Screen

from hra_tui.app import HraApp

S = TypeVar("S", bound=Screen)


async def wait_for(pilot: Pilot, predicate: Callable[[], object], timeout: float = 10.0) -> None:
    """Let the app run until `predicate()` holds; fail with the screen's name if it never does.
    A widget the predicate asks for that is not mounted yet (keys still on their way through a
    dialog) means not yet."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not _holds(predicate):
        if loop.time() > deadline:
            raise AssertionError(f"timed out on {pilot.app.screen!r} waiting for a condition")
        await pilot.pause(0.02)


def _holds(predicate: Callable[[], object]) -> bool:
    try:
        return bool(predicate())
    except NoMatches:
        return False


async def settle(pilot: Pilot) -> None:
    """Wait for the current screen's loads (workers not waiting on a dialog) to finish."""
    await pilot.pause()
    await wait_for(pilot, lambda: not [w for w in pilot.app.workers if w.is_running
                                       and "dialog" not in w.group and "write" not in w.group])
    await pilot.pause()


async def ready(pilot: Pilot) -> None:
    """Wait until the ward is open and an area shows, then for its loads (not dialogs) to finish."""
    await wait_for(pilot, lambda: pilot.app.ward_ready and pilot.app.current_mode != "_default")
    await settle(pilot)


async def press_for(pilot: Pilot, key: str, screen_type: type[S]) -> S:
    """Press `key`, wait for a `screen_type` screen and its loads; return it."""
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_type))
    await settle(pilot)
    return pilot.app.screen


def notes(app: HraApp) -> list[tuple[str, str]]:
    """(severity, message) of every notification shown so far."""
    return [(n.severity, n.message) for n in app._notifications]


@asynccontextmanager
async def console(db: Path, user: str | None = None, size: tuple[int, int] = (80, 24),
                  export_dir: Path | None = None,
                  now: datetime | None = None) -> AsyncIterator[tuple[HraApp, Pilot]]:
    app = HraApp(db, user, export_dir=export_dir, now=(lambda: now) if now else None)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        assert app.current_mode == "patients"
        yield app, pilot


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)
