"""The bottom line that names every area and its key, built from the registry so it never lags."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from hra_tui.screens.registry import AREAS


class AreaBar(Widget):
    """`p Patients  d Doctors & staff ...`, the current area shown reversed.

    F-keys are added when the terminal is wide enough to show them all on one line.
    """

    DEFAULT_CSS = """
    AreaBar { height: 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, mode: str | None = None) -> None:
        super().__init__()
        self.mode = mode

    def _entries(self, with_fkeys: bool) -> list[tuple[str, str, str | None]]:
        entries: list[tuple[str, str, str | None]] = []
        for area in AREAS:
            key = f"{area.fkey.upper()}/{area.key}" if with_fkeys else area.key
            entries.append((key, area.title, area.mode))
        entries.append(("F1/?" if with_fkeys else "?", "Help", None))
        entries.append((":", "Command", None))
        return entries

    def render(self) -> Text:
        line = self._line(with_fkeys=True)
        if line.cell_len > self.size.width:
            line = self._line(with_fkeys=False)
        return line

    def _line(self, with_fkeys: bool) -> Text:
        line = Text(no_wrap=True, overflow="crop")
        for key, title, mode in self._entries(with_fkeys):
            current = mode is not None and mode == self.mode
            line.append(f" {key} ", style="bold reverse" if current else "bold")
            line.append(f"{title} ", style="reverse" if current else "")
        return line
