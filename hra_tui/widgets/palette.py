"""The ctrl+p palette: every action reachable from the current screen, with its key.

Built from the live bindings (the screen's, its focused widget's, the app's), so whatever gets
a key appears here too, and the list never disagrees with the footer or the help screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from hra_tui.widgets.key_list import KeyEntry, key_entries


class ConsoleCommands(Provider):
    """Offers the calling screen's actions and the global ones."""

    def _entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        for entry in key_entries(self.screen):
            if entry.enabled:
                yield entry.description, self._help(entry), partial(self._run, entry)

    @staticmethod
    def _help(entry: KeyEntry) -> str:
        where = "everywhere" if entry.is_global else "this screen"
        return f"{entry.keys}  ({where})"

    async def _run(self, entry: KeyEntry) -> None:
        await entry.node.run_action(entry.action)

    async def discover(self) -> Hits:
        for text, help_text, callback in self._entries():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
