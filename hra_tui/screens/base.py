"""What every top-level area screen shares: title line, area bar, footer, `/` filter, reload.

An area reloads whenever it becomes the current screen (so a change made elsewhere shows) and
after every write the console makes while it is current.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from hra_tui.screens.host import Host, host
from hra_tui.widgets.area_bar import AreaBar
from hra_tui.widgets.filter_bar import FilterBar

if TYPE_CHECKING:
    from hra_tui.services.ward import Ward



class AreaScreen(Screen):
    """Base of the top-level screens. Subclasses give `MODE`, `TITLE`, `compose_body`, `reload`."""

    MODE: ClassVar[str] = ""
    FILTERABLE: ClassVar[bool] = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "open_filter", "Filter", id="area-filter"),
        Binding("r", "reload", "Reload", show=False, id="area-reload"),
        Binding("q", "app.quit", "Quit", show=False, id="area-quit"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="area-escape"),
    ]

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
        yield Footer(compact=True)

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

    def on_screen_resume(self) -> None:
        if self.hra.ward_ready:
            self.run_worker(self.reload, group="reload", exclusive=True)

    async def reload(self) -> None:
        """Fetch what the screen shows from the services (awaited, never blocking)."""
        raise NotImplementedError

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

    async def apply_filter(self, text: str) -> None:
        """Show the rows matching `text`; the default reloads (screens filter in their query)."""
        await self.reload()
