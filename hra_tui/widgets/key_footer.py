"""The footer line of keys, fitted to the terminal: whole keys only, in the order the screen
declares them (the palette's last, at the right), and `? More keys` in place of those that do
not fit, so no key is ever cut off silently at 80 columns. Help (`?`) and the palette (ctrl+p)
list every key.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from hra_tui.areas import HELP_KEYS
from hra_tui.widgets.key_list import declared

MORE = "More keys"


def _width(key: str, description: str) -> int:
    return len(key) + 1 + len(description) + 1  # "key description" and one space after


class KeyFooter(Footer):
    """Textual's compact footer, less what does not fit."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._fitted_to = 0
        self._shown: list[tuple[Binding, str, bool, str]] | None = None

    def _fitted_keys(self) -> list[tuple[Binding, str, bool, str]]:
        """(binding, key shown, enabled, tooltip) of each key that fits, `?` last if some don't."""
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self._in_declared_order():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            shown[palette[1].action] = palette[1:]
        keys = [(binding, self.app.get_key_display(binding), enabled, tooltip)
                for binding, enabled, tooltip in shown.values()]
        width = self.size.width or self.app.size.width
        self._fitted_to = width
        if sum(_width(shown_key, binding.description) for binding, shown_key, *_ in keys) > width:
            more = self._more()
            room = width - _width(more[1], MORE)
            fitted = []
            for key in keys:
                room -= _width(key[1], key[0].description)
                if room < 0:
                    break
                fitted.append(key)
            keys = [*fitted, (*more, True, "")]
        return keys

    def _more(self) -> tuple[Binding, str]:
        """`? More keys`, with the help key the user's keymap gives, if it moved it."""
        key = self.app._keymap.get("help", ",".join(HELP_KEYS)).split(",")[0]
        binding = Binding(key, "app.help", MORE)
        return binding, self.app.get_key_display(binding)

    def _in_declared_order(self) -> list[ActiveBinding]:
        """The screen's active keys, closest to the focus first, each node's in the order it
        declares them (with a keymap, Textual lists the keys it changed last)."""
        active = list(self.screen.active_bindings.values())
        if not self.app._keymap:
            return active
        nodes = list(dict.fromkeys(item.node for item in active))
        orders = {node: declared(node) for node in nodes}
        return sorted(active, key=lambda item: (nodes.index(item.node),
                                                orders[item.node].get(item.binding.id or "", 0)))

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._shown = self._fitted_keys()
        for binding, shown_key, enabled, tooltip in self._shown:
            palette_key = binding.key == self.app.COMMAND_PALETTE_BINDING
            yield FooterKey(binding.key, shown_key, binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip,
                            classes="-command-palette" if palette_key else "").data_bind(
                                compact=Footer.compact)

    async def recompose(self) -> None:
        """Only when the keys shown would change: Textual asks after every change of focus
        or bindings, and rebuilding the same line cost a tenth of the console's start."""
        if self._shown is not None and self.is_attached and self._fitted_keys() == self._shown:
            return
        await super().recompose()

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._fitted_to:
            self.call_after_refresh(self.recompose)
