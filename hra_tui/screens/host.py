"""What a screen needs from the console that hosts it, as a protocol: screens never import the
app module (the app imports them), so this is the one shape both sides agree on.

`HraApp` satisfies it; `host(app)` is how a screen or a dialog helper reaches it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from hra_tui.screens.shell.command_syntax import Command
    from hra_tui.services.ward import Ward

T = TypeVar("T")


class Host(Protocol):
    """The console as its screens see it: the open ward, the clock, writes and refusals."""

    export_dir: Path
    keymap_path: Path | None  # the signed-in user's keymap file, when it is applied

    @property
    def ward(self) -> Ward: ...

    @property
    def ward_ready(self) -> bool: ...

    @property
    def screen(self) -> Screen: ...

    def now(self) -> datetime: ...

    def today(self) -> date: ...

    async def attempt(self, work: Awaitable[T], done: Callable[[T], str]) -> T | None: ...

    def show_failure(self, exc: BaseException) -> None: ...

    def changed(self) -> None: ...

    def list_loaded(self) -> None: ...

    def remember(self, what: str, reverse: Callable[[], Awaitable[object]]) -> None: ...

    async def execute(self, command: Command) -> Any: ...

    def run_command_line(self, command: Command | None) -> None: ...

    async def action_area(self, mode: str) -> None: ...

    def action_help(self) -> None: ...

    # The Textual `App` calls the dialog helpers make.
    def notify(self, message: str, **kwargs: Any) -> None: ...

    def push_screen(self, screen: Any, callback: Any = None, **kwargs: Any) -> Any: ...

    async def push_screen_wait(self, screen: Any) -> Any: ...

    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...

    def exit(self, *args: Any, **kwargs: Any) -> None: ...


def host(app: App) -> Host:
    """The running console as a `Host` (every screen runs inside `HraApp`)."""
    return cast("Host", app)
