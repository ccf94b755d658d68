"""Undo for the last few reversible writes (paid, cancel a visit, discharge, transfer, swap).

Whoever makes such a write tells the console how to reverse it (`remember`); `u` or ctrl+z
asks, naming what would be undone, and runs the reversal as its own audited write (the
services' `undo_*`). Only the last `KEEP` writes of the past `WINDOW` can be undone: older
ones are history, to be corrected by a new write.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=5)
KEEP = 5


@dataclass(frozen=True)
class Undoable:
    what: str  # e.g. "Jane Doe's discharge from bed 1A"
    at: datetime
    reverse: Callable[[], Awaitable[object]]


class UndoLog:
    """The newest reversible writes, newest last."""

    def __init__(self) -> None:
        self._entries: list[Undoable] = []

    def remember(self, what: str, at: datetime, reverse: Callable[[], Awaitable[object]]) -> None:
        self._entries = [*self._entries, Undoable(what, at, reverse)][-KEEP:]

    def last(self, now: datetime) -> Undoable | None:
        """The newest write still within the window (older ones are forgotten)."""
        self._entries = [entry for entry in self._entries if now - entry.at <= WINDOW]
        return self._entries[-1] if self._entries else None

    def forget(self, entry: Undoable) -> None:
        self._entries = [other for other in self._entries if other is not entry]


def ago(at: datetime, now: datetime) -> str:
    minutes = int((now - at).total_seconds() // 60)
    return "just now" if minutes < 1 else f"{minutes} min ago"
