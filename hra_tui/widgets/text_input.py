"""The console's one text field: an `Input` whose cursor stays lit instead of blinking, and
which keeps its text when focus comes to it.

A blinking cursor redraws its line twice a second for as long as a form is open, which is
traffic over SSH for nothing, and it makes a screen's picture depend on the moment it is taken.
Selecting the whole text on focus (Textual's default) lets the next key replace it: in a burst
of keys over SSH the selection can land after a key was typed, so a field is wiped. Only a
prompt with a suggested answer selects it, so typing replaces the suggestion.

A field's own keys (ctrl+u, home, enter...) run as the field reads them. Textual runs a
widget's bindings only once the key has bubbled up to the app, by which time the characters
typed after it in the same burst are already in the field: ctrl+u then `S1` wiped the `S1`.
"""

from __future__ import annotations

from textual import events
from textual.reactive import reactive
from textual.widgets import Input


class TextInput(Input):
    """A text field with a steady cursor: shown while focused, hidden otherwise."""

    cursor_blink = reactive(False, init=False)

    def __init__(self, *args, select_on_focus: bool = False, **kwargs) -> None:
        super().__init__(*args, select_on_focus=select_on_focus, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        """Run this field's own binding for the key now, in the order the keys came."""
        for namespace, bindings in self.screen._modal_binding_chain:
            if namespace is not self:
                continue
            for binding in bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
            return
