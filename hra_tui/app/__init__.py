"""The keyboard console: one Textual mode per area, global keys, the `:` line and the palette.

The app owns the open `Ward` (async services); screens call it and never touch the database.
Every write goes through `attempt`, which turns a refusal into an error notification and a
success into a one-line confirmation, then reloads the current screen. Every failure is shown by
`show_failure` (classified in `services/failures`), and a worker or handler that meets a
database or file error is shown the same way instead of ending the console with a traceback.
Screens reach the app only through the `screens.host.Host` protocol; a `:` command runs by its
row in `screens/shell/commands.py`.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import WorkerFailed

from hra_tui.app.undo import WINDOW, UndoLog, ago
from hra_tui.areas import AREAS, HELP_KEYS
from hra_tui.services.errors import Refused, Unusable
from hra_tui.services.failures import classify
from hra_tui.widgets.palette import ConsoleCommands

if TYPE_CHECKING:
    from textual.command import Provider

    from db.location import ServerWard
    from hra_tui.screens.shell.command_syntax import Command
    from hra_tui.services.ward import Ward

T = TypeVar("T")

EXPORT_DIR_ENV = "HRA_EXPORT_DIR"
WARM_UP_AFTER = 0.3  # seconds from the first list drawn to loading the other services


def default_export_dir() -> Path:
    """Where `:export` writes when no path is given: $HRA_EXPORT_DIR, else ~/hra-exports."""
    configured = os.environ.get(EXPORT_DIR_ENV)
    return Path(configured).expanduser() if configured else Path.home() / "hra-exports"


def _line_commands() -> type[Provider]:
    """The palette's `:` commands, loaded when the palette first opens: the command line and
    the screens its commands reach are not needed to draw the first list."""
    from hra_tui.screens.shell.command_line import LineCommands

    return LineCommands


def _area_bindings() -> list[BindingType]:
    return [
        Binding(f"{area.key},{area.fkey}", f"app.area('{area.mode}')", area.title,
                show=False, id=f"area-{area.mode}")
        for area in AREAS
    ]


class HraApp(App[None]):
    """The ward console. `now` freezes the clock for tests; `export_dir` redirects `:export`."""

    CSS_PATH = Path(__file__).parent.parent / "app.tcss"
    # The first area's screen is drawn at once, empty, while the ward opens (then filled):
    # a screen of its own before it would cost a second stylesheet pass at every start.
    DEFAULT_MODE: ClassVar[str] = AREAS[0].mode
    TITLE = "hra"
    COMMANDS: ClassVar = App.COMMANDS | {ConsoleCommands, _line_commands}

    BINDINGS: ClassVar[list[BindingType]] = [
        *_area_bindings(),
        Binding(",".join(HELP_KEYS), "help", "Help", show=False, id="help"),
        # Priority: the line opens when the app reads `:`, so the keys after it are its own.
        Binding("colon", "command_line", "Command line", show=False, priority=True,
                id="command-line"),
        Binding("ctrl+p", "command_palette", "Command palette", show=False, priority=True,
                id="command-palette"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit"),
        Binding("u,ctrl+z", "undo", "Undo last", show=False, id="undo"),
    ]

    def __init__(
        self,
        db_path: Path,
        user: str | None = None,
        *,
        now: Callable[[], datetime] | None = None,
        export_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.user = user
        self._now = now
        self.export_dir = export_dir or default_export_dir()
        self._ward: Ward | None = None
        self._opening: asyncio.Future[Ward]
        self._warmed = False
        self.undo_log = UndoLog()
        self.keymap_path: Path | None = None  # the signed-in user's keymap, when applied
        self._user_keymap: dict[str, str] = {}
        for area in AREAS:
            self.add_mode(area.mode, area.make)

    # -- clock -------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The current moment, aware UTC (frozen in tests)."""
        if self._now is not None:
            return self._now()
        from hra_tui.services.times import utcnow

        return utcnow()

    def today(self) -> date:
        """Today's local date."""
        return self.now().astimezone().date()

    # -- the ward ----------------------------------------------------------------------------

    @property
    def ward(self) -> Ward:
        if self._ward is None:
            raise RuntimeError("the ward is not open yet")
        return self._ward

    @property
    def ward_ready(self) -> bool:
        return self._ward is not None

    def on_load(self) -> None:
        """Start opening the ward (its schema check runs in a thread) while the terminal and
        the first screen are set up."""
        from hra_tui.services.ward import Ward

        self._opening = asyncio.ensure_future(Ward.open(self.db_path, self.user, create=False))

    async def on_mount(self) -> None:
        try:
            self._ward = await self._opening
        except Exception as exc:  # refused (exit 1), or unusable, e.g. by a newer hra (exit 3)
            failure = classify(exc, self.db_path)
            if not failure.expected:
                raise
            self.exit(return_code=failure.exit_code, message=f"hra: {failure.message}")
            return
        self.sub_title = f"{self._ward.actor.name} ({self._ward.actor.role})"
        self._load_keymap()
        self.refresh_bindings()  # the first screen's keys now follow the role signed in
        # The first screen, drawn while the ward opened, loads its list. Keys typed meanwhile
        # waited in the app's queue (this handler held it) and act from now on.
        self.screen.post_message(events.ScreenResume())

    def _load_keymap(self) -> None:
        """Apply the signed-in user's keymap file, whole, if its keys are all keys (cheap);
        its ids and clashes are checked once the first list is drawn (`_warm_up`)."""
        from hra_tui.app.keymap import unnamed_keys
        from hra_tui.handed_files import Unreadable

        path = self.ward.keymap.path
        try:
            keymap = self.ward.keymap.current()
        except (Refused, Unreadable) as exc:
            self._refuse_keymap(path, [str(exc)])
            return
        faults = unnamed_keys(keymap)
        if faults:
            self._refuse_keymap(path, faults)
        elif keymap:
            self.keymap_path, self._user_keymap = path, keymap
            self._keys_changed(keymap)

    def _refuse_keymap(self, path: Path, faults: list[str]) -> None:
        """Nothing of a keymap with a fault acts: the default keys do, and one notice says why."""
        self.keymap_path, self._user_keymap = None, {}
        self._keys_changed({})
        more = f" (and {len(faults) - 1} more; `hra keymap check {path}`)" if faults[1:] else ""
        self.notify(f"{faults[0]}{more}", title=f"Your keymap {path.name} is not applied",
                    severity="error", timeout=12)

    def _keys_changed(self, keymap: dict[str, str]) -> None:
        """Apply `keymap`; every area bar already drawn shows its keys again."""
        from hra_tui.widgets.area_bar import AreaBar

        self.set_keymap(keymap)
        for stack in self._screen_stacks.values():
            for screen in stack:
                for bar in screen.query(AreaBar):
                    bar.refresh()

    def list_loaded(self) -> None:
        """An area's list is loaded. The first time, a moment after it is drawn (no clerk acts
        faster), import the services it did not need (and SQLAlchemy under them) in a thread,
        before the clerk's first action needs them."""
        if not self._warmed and self._ward is not None:
            self._warmed = True
            self.set_timer(WARM_UP_AFTER, partial(self.run_worker, self._warm_up,
                                                  thread=True, group="warm-up"))

    def _warm_up(self) -> None:
        """The services, then the `:` line and its commands, all of which the first list did
        not need, then the whole check of the user's keymap (in a thread worker)."""
        self.ward.warm_up()
        _line_commands()
        import hra_tui.screens.shell.commands  # noqa: F401

        path, keymap = self.keymap_path, self._user_keymap
        if path is not None:
            from hra_tui.app.keymap import faults

            found = faults(keymap, type(self))
            if found and self.keymap_path == path:
                self.call_from_thread(self._refuse_keymap, path, found)

    async def on_unmount(self) -> None:
        if self._ward is not None:
            await self._ward.close()
            self._ward = None

    # -- writes ------------------------------------------------------------------------------

    async def attempt(self, work: Awaitable[T], done: Callable[[T], str]) -> T | None:
        """Await a service write; say what happened in words; None if it was refused."""
        try:
            result = await work
        except Refused as exc:
            self.show_failure(exc)
            return None
        self.notify(done(result))
        self.changed()
        return result

    def show_failure(self, exc: BaseException) -> None:
        """One error notification for a refusal or a failure, in the words the CLI prints."""
        failure = classify(exc, self.db_path)
        self.notify(failure.message, title=failure.title, severity="error", timeout=8)

    def _handle_exception(self, error: Exception) -> None:
        """The one worker-failure handler: Textual calls this for any worker (or handler) that
        raises; a refusal or a database or file failure becomes a notification, and only a
        fault in hra itself still ends the console."""
        cause = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(cause, Exception) and classify(cause).expected:
            self.show_failure(cause)
            return
        super()._handle_exception(error)

    def remember(self, what: str, reverse: Callable[[], Awaitable[object]]) -> None:
        """A reversible write was made: `u` / ctrl+z may reverse it for a short while."""
        self.undo_log.remember(what, self.now(), reverse)

    def action_undo(self) -> None:
        if self.ward_ready:
            self.run_worker(self._undo(), group="undo-dialog", exclusive=True)

    async def _undo(self) -> None:
        from hra_tui.screens.prompts import ConfirmScreen

        now = self.now()
        entry = self.undo_log.last(now)
        if entry is None:
            minutes = int(WINDOW.total_seconds() // 60)
            self.notify(f"Nothing to undo: paid, cancelled visits, discharges, transfers and "
                        f"swaps can be undone for {minutes} minutes")
            return
        if not await self.push_screen_wait(ConfirmScreen(
                f"Undo {entry.what} ({ago(entry.at, now)})?")):
            return
        self.undo_log.forget(entry)
        await self.attempt(entry.reverse(), lambda _done: f"Undone: {entry.what}")

    def changed(self) -> None:
        """Something was written: the current area shows it now, the others when next opened."""
        from hra_tui.screens.base import AreaScreen

        for screen in self.screen_stack:
            if isinstance(screen, AreaScreen):
                screen.action_reload()

    # -- actions -----------------------------------------------------------------------------

    async def action_area(self, mode: str) -> None:
        """Another area; the notes of the one left go with it (a billing note over the doctors'
        list spoke of another screen)."""
        if self.ward_ready and mode != self.current_mode:
            self.clear_notifications()
            await self.switch_mode(mode)

    def action_help(self) -> None:
        from hra_tui.screens.shell.help import HelpScreen

        if self.ward_ready and not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_line(self) -> None:
        from hra_tui.screens.shell.command_line import CommandLineScreen

        if self.ward_ready and not isinstance(self.screen, CommandLineScreen):
            self.push_screen(CommandLineScreen(), self.run_command_line)

    def run_command_line(self, command: Command | None) -> None:
        """Run what the `:` line (or the palette) gave, in a worker."""
        if command is not None:
            self.run_worker(self.execute(command), group="command")

    async def execute(self, command: Command) -> Any:
        """Run one parsed `:` command (also used by the palette and tests)."""
        from hra_tui.screens.shell.commands import run_command

        return await run_command(self, command)


def run_console(db_path: Path | ServerWard, user: str | None) -> None:
    """`hra` with no command: open the console on `db_path` as `user` (None = OS user). A
    missing or empty file, or a PostgreSQL database without a ward, is refused in one line
    before the screen is taken over."""
    from db.schema import require_ward_file
    from db.server import require_ward

    try:
        if isinstance(db_path, Path):
            require_ward_file(db_path)
        else:
            require_ward(db_path)
    except Unusable as exc:
        failure = classify(exc, db_path)
        print(f"hra: {failure.message}", file=sys.stderr)
        raise SystemExit(failure.exit_code) from None
    app = HraApp(db_path, user)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)
