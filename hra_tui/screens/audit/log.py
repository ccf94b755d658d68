"""`:history`: the audit trail, newest first — who did what, when (local time)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from hra_tui.screens.base import AreaScreen
from hra_tui.services.times import short_local
from hra_tui.widgets.area_bar import AreaBar
from hra_tui.widgets.filter_bar import FilterBar
from hra_tui.widgets.plain import plain

LIMIT = 500
COLUMNS = (("When", 12), ("User", 10), ("Action", 10))


class AuditScreen(AreaScreen):
    """Pushed over the current area; esc clears the filter, then goes back."""
    CSS_PATH = Path(__file__).with_name("log.tcss")

    TITLE = "History"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="history-back"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.count = 0
        self.whats: list[str] = []

    def compose_body(self) -> ComposeResult:
        table: DataTable[str] = DataTable(id="history", cursor_type="row", zebra_stripes=True)
        for label, width in COLUMNS:
            table.add_column(label, width=width, key=label)
        rest = self.app.size.width - sum(width + 2 for _, width in COLUMNS) - 4
        table.add_column("What", width=max(30, rest), key="What")
        yield table
        yield Static("", id="history-detail", markup=False)

    def on_mount(self) -> None:
        self.query_one(AreaBar).mode = self.app.current_mode
        if self.initial_query:
            bar = self.query_one(FilterBar)
            bar.value = bar.applied = self.initial_query
            bar.show(True)
            bar.can_focus = False
        self.focus_list()

    def focus_list(self) -> None:
        self.query_one("#history", DataTable).focus()

    async def reload(self) -> None:
        query = self.filter_text
        rows = await self.ward.audit.recent(query, limit=LIMIT)
        if query != self.filter_text:
            return
        now = self.hra.now()
        table = self.query_one("#history", DataTable)
        table.clear()
        for row in rows:
            what = f"{row.entity} {row.entity_id or ''}: {row.detail}".replace(" :", ":")
            table.add_row(*plain(short_local(row.at, now), row.user, row.action, what))
        self.whats = [f"{row.at.astimezone():%Y-%m-%d %H:%M}  {row.user} {row.action}  "
                      f"{row.entity} {row.entity_id or ''}: {row.detail}" for row in rows]
        self._show_detail(table.cursor_row)
        self.count = len(rows)
        shown = f"latest {len(rows)}" if len(rows) == LIMIT else f"{len(rows)} entries"
        self.set_status(f"{shown}" + (f"  ·  filter “{query}”" if query else ""))

    @on(DataTable.RowHighlighted, "#history")
    def _moved(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def _show_detail(self, index: int) -> None:
        """The whole entry of the highlighted row, wrapped, under the table."""
        text = self.whats[index] if 0 <= index < len(self.whats) else ""
        self.query_one("#history-detail", Static).update(text)

    def action_back(self) -> None:
        if self.filter_text:
            self.action_clear_filter()
        else:
            self.dismiss()
