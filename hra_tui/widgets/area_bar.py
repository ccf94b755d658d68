"""The bottom line naming every area and its key, built from `hra_tui.areas` so it never lags."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget

from hra_tui.areas import AREAS, HELP_KEYS


class AreaBar(Widget):
    """`p Patients  d Doctors & staff ...`, the current area shown reversed.

    The keys are the user's (their keymap applied), not the defaults.
    F-keys are added when the terminal is wide enough; when it is narrow, titles shorten
    until every area fits on the one line, and narrower still (60 columns) the areas that do
    not fit give way, whole, to `? More keys` (help lists every area).
    """

    DEFAULT_CSS = """
    AreaBar { height: 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, mode: str | None = None) -> None:
        super().__init__()
        self.mode = mode

    def _entries(self, level: int) -> list[tuple[str, str, str | None]]:
        """Level 0: F-key, letter, title; 1: letter and title; 2: letter and the short title
        (or the title's first word); 3: as 2 with the help and command labels down to keys."""
        entries: list[tuple[str, str, str | None]] = []
        for area in AREAS:
            key = self._keys(f"area-{area.mode}", f"{area.key},{area.fkey}", level)
            title = (area.short or area.title.split(" ")[0]) if level >= 2 else area.title
            entries.append((key, title, area.mode))
        entries.append((self._keys("help", ",".join(HELP_KEYS), level),
                        "" if level == 3 else "Help", None))
        entries.append((self._keys("command-line", "colon", level),
                        "" if level == 3 else "Command", None))
        return entries

    def _keys(self, binding_id: str, default: str, level: int) -> str:
        """A binding's keys as shown: 'F4/b' at level 0, else 'b' (an F-key if it has only
        F-keys)."""
        keys = self.app._keymap.get(binding_id, default).split(",")
        fkeys = [key for key in keys if key[:1] == "f" and key[1:].isdigit()]
        others = [key for key in keys if key not in fkeys]
        shown = [*fkeys, *others] if level == 0 else (others or fkeys)[:1]
        return "/".join(key.upper() if key in fkeys
                        else self.app.get_key_display(Binding(key, "")) for key in shown)

    def render(self) -> Text:
        for level in range(4):
            line = self._line(level)
            if line.cell_len <= self.size.width:
                return line
        entries = [entry for entry in self._entries(2) if entry[2] is not None]
        more = [(self._keys("help", ",".join(HELP_KEYS), 3), "More keys", None)]
        while entries and self._line(2, [*entries, *more]).cell_len > self.size.width:
            entries.pop(-1 if entries[-1][2] != self.mode or len(entries) == 1 else -2)
        return self._line(2, [*entries, *more])

    def _line(self, level: int,
              entries: list[tuple[str, str, str | None]] | None = None) -> Text:
        line = Text(no_wrap=True, overflow="crop")
        for key, title, mode in entries if entries is not None else self._entries(level):
            current = mode is not None and mode == self.mode
            line.append(f" {key} ", style="bold reverse" if current else "bold")
            if title:
                line.append(f"{title} ", style="reverse" if current else "")
        return line
