"""What every top-level area screen shares: title line, area bar, footer, `/` filter, reload.

An area reloads whenever it becomes the current screen (so a change made elsewhere shows) and
after every write the console makes while it is current.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from hra_tui.screens.host import Host, host
from hra_tui.screens.prompts import ConfirmScreen
from hra_tui.screens.role_keys import RoleKeysScreen
from hra_tui.widgets.area_bar import AreaBar
from hra_tui.widgets.filter_bar import FilterBar
from hra_tui.widgets.key_footer import KeyFooter
from hra_tui.widgets.record_table import Columns, RecordTable

if TYPE_CHECKING:
    from hra_tui.services.ward import Ward

R = TypeVar("R")
T = TypeVar("T")


FILTER_ACTIONS = ("open_filter", "clear_filter")


class AreaScreen(RoleKeysScreen):
    """Base of the top-level screens. Subclasses give `MODE`, `TITLE`, `compose_body`, `reload`."""

    MODE: ClassVar[str] = ""
    FILTERABLE: ClassVar[bool] = True

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the app opens the line when it reads `/`, before the keys after it.
        Binding("slash", "open_filter", "Filter", priority=True, id="area-filter"),
        Binding("r", "reload", "Reload", show=False, id="area-reload"),
        Binding("q", "app.quit", "Quit", show=False, id="area-quit"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="area-escape"),
    ]

    def __init__(self) -> None:
        super().__init__()
        if not self.FILTERABLE:  # no filter line: no filter keys, in the footer or in help
            keys = self._bindings.key_to_bindings
            for key in list(keys):
                keys[key] = [b for b in keys[key] if b.action not in FILTER_ACTIONS]
                if not keys[key]:
                    del keys[key]

    @property
    def hra(self) -> Host:
        return host(self.app)

    @property
    def ward(self) -> Ward:
        return self.hra.ward

    def compose(self) -> ComposeResult:
        yield Static(self.TITLE or "", id="title", classes="title")
        if self.FILTERABLE:
            yield FilterBar()
        yield from self.compose_body()
        yield AreaBar(self.MODE)
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    def set_status(self, text: str) -> None:
        """The title line: area name, then what the list shows (counts, filter, day)."""
        line = f"{self.TITLE}  ·  {text}" if text else self.TITLE
        self.query_one("#title", Static).update(Text(line))

    @property
    def filter_text(self) -> str:
        if not self.FILTERABLE:
            return ""
        return self.query_one(FilterBar).applied

    def on_mount(self) -> None:
        self.focus_list()

    def offers(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`/` in the open filter line is a character, not the key that opens it."""
        if action == "open_filter" and self.is_mounted:
            return not isinstance(self.focused, FilterBar)
        return True

    def on_screen_resume(self) -> None:
        if self.hra.ward_ready:
            self.run_worker(self.reload, group="reload", exclusive=True)

    async def reload(self) -> None:
        """Fetch what the screen shows from the services (awaited, never blocking)."""
        raise NotImplementedError

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "reload" and event.state == WorkerState.SUCCESS:
            self.hra.list_loaded()

    def focus_list(self) -> None:
        """Give focus back to the screen's main list after the filter line closes."""
        self.focus_next()

    def action_open_filter(self) -> None:
        if self.FILTERABLE:
            self.query_one(FilterBar).open()

    def action_reload(self) -> None:
        self.run_worker(self.reload, group="reload", exclusive=True)

    def action_clear_filter(self) -> None:
        if self.FILTERABLE and self.filter_text:
            self.query_one(FilterBar).action_clear()

    @on(FilterBar.Applied)
    def _filter_changed(self, event: FilterBar.Applied) -> None:
        self.run_worker(partial(self.apply_filter, event.text), group="filter")

    @on(FilterBar.Done)
    def _filter_done(self) -> None:
        self.focus_list()

    async def confirmed_write(self, question: str, write: Callable[[], Awaitable[T]],
                              done: Callable[[T], str]) -> T | None:
        """Ask `question` (yes/no); on yes, make the write through the app's `attempt`
        (refusals shown, the list reloaded) and return what it wrote (None: declined or
        refused). Call from a worker: the question is awaited."""
        if await self.app.push_screen_wait(ConfirmScreen(question)):
            return await self.hra.attempt(write(), done)
        return None

    async def apply_filter(self, text: str) -> None:
        """Show the rows matching `text`; the default reloads (screens filter in their query)."""
        await self.reload()


class ListScreen(AreaScreen, Generic[R]):
    """An area whose body is one `RecordTable` of records (its id `TABLE_ID`, else the mode);
    subclasses give `COLUMNS` and `cells`, and `record_key` when the key is not the id."""

    TABLE_ID: ClassVar[str] = ""
    COLUMNS: ClassVar[Columns] = ()
    WHOLE: ClassVar[tuple[str, ...]] = ()  # columns never narrowed to fit the terminal

    def compose_body(self) -> ComposeResult:
        yield RecordTable(self.cells, self.COLUMNS, key=self.record_key,
                          id=self.TABLE_ID or self.MODE, fit=True, whole=self.WHOLE)
        yield Static("", classes="row-detail", markup=False)

    @on(DataTable.RowHighlighted)
    def _show_whole(self) -> None:
        """Under the list, the highlighted row's cut cells in full (hidden when none is cut)."""
        row = self.current
        cut = self.table.cut_cells(row) if row is not None else []
        line = self.query_one(".row-detail", Static)
        line.update("   ".join(f"{label}: {text}" for label, text in cut))
        line.display = bool(cut)

    def cells(self, record: R) -> Iterable[object]:
        """One record's cells, in the order of the columns."""
        raise NotImplementedError

    def record_key(self, record: R) -> str:
        return str(record.id)  # type: ignore[attr-defined]

    @property
    def table(self) -> RecordTable[R]:
        return self.query_one(f"#{self.TABLE_ID or self.MODE}", RecordTable)

    @property
    def rows(self) -> list[R]:
        """The records the list shows (tests and the bench read this)."""
        return self.table.records

    @property
    def current(self) -> R | None:
        """The record under the cursor."""
        return self.table.current

    def focus_list(self) -> None:
        self.table.focus()

    async def confirmed_write_current(self, question: Callable[[R], str],
                                      write: Callable[[R], Awaitable[T]],
                                      done: Callable[[T], str]) -> T | None:
        """`confirmed_write` on the record under the cursor, if there is one."""
        row = self.current
        if row is None:
            return None
        return await self.confirmed_write(question(row), lambda: write(row), done)


def key_table(area: str, table: str) -> list[BindingType]:
    """Bindings from a table, one a line: KEY ACTION NAME DESCRIPTION. The id is
    '<area>-<NAME>' (what help, the palette and the tests name); a KEY written in brackets,
    '(t)', is left out of the footer (help and the palette still list it)."""
    bindings: list[BindingType] = []
    for line in table.strip().splitlines():
        key, action, name, description = line.split(maxsplit=3)
        hidden = key.startswith("(") and key.endswith(")")
        bindings.append(Binding(key.strip("()"), action, description, show=not hidden,
                                id=f"{area}-{name}"))
    return bindings


def step_bindings(action: str, back: tuple[str, str], forth: tuple[str, str], *,
                  show: bool = True) -> list[BindingType]:
    """`[` runs `action(-1)` and `]` runs `action(1)` (an earlier day, a newer plan...);
    `back` and `forth` are each (description, binding id)."""
    return [Binding(key, f"{action}({step})", what, key_display=display, show=show, id=id_)
            for key, step, display, (what, id_) in (("left_square_bracket", -1, "[", back),
                                                    ("right_square_bracket", 1, "]", forth))]
