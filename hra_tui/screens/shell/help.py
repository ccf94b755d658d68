"""`?` / F1: every key of the screen below and the global ones, built from the live bindings."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from hra_tui.screens.host import host
from hra_tui.screens.role_keys import only_for
from hra_tui.screens.shell.commands import SPECS, refusal
from hra_tui.services.roles import who_may
from hra_tui.widgets.key_footer import KeyFooter
from hra_tui.widgets.key_list import KeyEntry, key_entries


def _table(title: str, rows: list[tuple[str, str | Text]]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_header=False,
                  box=None, padding=(0, 2, 0, 0), expand=False)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("what")
    for key, what in rows:
        table.add_row(key, what)
    return table


class HelpScreen(Screen[None]):
    """Lists what `below` answers to; esc, q or ? closes it."""
    CSS_PATH = Path(__file__).with_name("help.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close help", id="help-close"),
    ]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        title = getattr(self.below, "TITLE", None) or type(self.below).__name__
        yield Static(f"Help  ·  {title}", classes="title")
        with VerticalScroll(id="help-body"):
            yield Static(self._keys_table(), id="help-keys")
            yield Static(self._commands_table(), id="help-commands")
        yield KeyFooter()

    def _keys_table(self) -> Table:
        entries = key_entries(self.below)
        here = [(e.keys, self._local_text(e)) for e in entries if not e.is_global]
        everywhere = [(e.keys, self._global_text(e)) for e in entries if e.is_global]
        grid = Table.grid(padding=(1, 0))
        keymap = host(self.app).keymap_path
        if keymap is not None:
            grid.add_row(Text(f"Your keys, from {keymap} (hra keymap show lists every id)",
                              style="dim"))
        grid.add_row(_table("This screen", here or [("—", "no keys of its own")]))
        grid.add_row(_table("Everywhere", everywhere))
        return grid

    @staticmethod
    def _local_text(entry: KeyEntry) -> str | Text:
        if entry.enabled:
            return entry.description
        who = only_for(entry.node, entry.action.split("(")[0])
        why = f"{who} only" if who else "not for the current selection"
        return Text(f"{entry.description} ({why})", style="dim")

    @staticmethod
    def _global_text(entry: KeyEntry) -> str:
        if entry.action.startswith("app.area("):
            return f"go to {entry.description}"
        return entry.description

    def _commands_table(self) -> Table:
        hra = host(self.app)
        rows: list[tuple[str, str | Text]] = [
            (spec.usage, spec.help if spec.needs is None or refusal(hra, spec) is None
             else Text(f"{spec.help} ({who_may(spec.needs[0])} only)", style="dim"))
            for spec in SPECS]
        table = _table("Command line (:)", rows)
        table.caption = Text(
            f"Exports go to {hra.export_dir} unless a PATH is given "
            "(set HRA_EXPORT_DIR to change the folder). Times are local.",
            style="dim")
        table.caption_justify = "left"
        return table

    def action_close(self) -> None:
        self.dismiss()
