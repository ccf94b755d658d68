"""A list opened from an area with a key (the planner's care requests, staff pairs): its title
with a count, one `RecordTable`, the area bar and the keys. `esc` goes back; enter edits the
highlighted row; the actions in `ROW_ACTIONS` show only while a row is highlighted."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from hra_tui.screens.host import Host, host
from hra_tui.screens.role_keys import RoleKeysScreen
from hra_tui.widgets.area_bar import AreaBar
from hra_tui.widgets.key_footer import KeyFooter
from hra_tui.widgets.record_table import Columns, RecordTable

R = TypeVar("R")


class SubListScreen(RoleKeysScreen, Generic[R]):
    """Subclasses give TITLE, AREA, COLUMNS, `fetch`, `cells`, `count_text` and `action_edit`."""

    TITLE: ClassVar[str] = ""
    AREA: ClassVar[str] = ""
    COLUMNS: ClassVar[Columns] = ()
    ROW_ACTIONS: ClassVar[tuple[str, ...]] = ("edit",)

    @property
    def hra(self) -> Host:
        return host(self.app)

    def compose(self) -> ComposeResult:
        yield Static(self.TITLE, id="title", classes="title", markup=False)
        yield RecordTable(self.cells, self.COLUMNS, key=self.record_key, id="sub-table",
                          fit=True)
        yield AreaBar(self.AREA)
        yield KeyFooter()

    @property
    def table(self) -> RecordTable[R]:
        return self.query_one("#sub-table", RecordTable)

    def cells(self, record: R) -> tuple[object, ...]:
        raise NotImplementedError

    def record_key(self, record: R) -> str:
        return str(record.id)  # type: ignore[attr-defined]

    async def fetch(self) -> list[R]:
        raise NotImplementedError

    def count_text(self, rows: list[R]) -> str:
        """What the title says after the name, e.g. '3 waiting'."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.table.focus()

    def on_screen_resume(self) -> None:
        self.run_worker(self.reload, group="sub-load", exclusive=True)

    async def reload(self) -> None:
        rows = await self.fetch()
        self.table.show(rows)
        self.query_one("#title", Static).update(f"{self.TITLE}  ·  {self.count_text(rows)}")
        self.refresh_bindings()

    def offers(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ROW_ACTIONS and self.is_mounted:
            return self.table.current is not None
        return True

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    def action_back(self) -> None:
        self.dismiss()

    def action_edit(self) -> None:
        raise NotImplementedError
