"""The console's one text field: an `Input` whose cursor stays lit instead of blinking.

A blinking cursor redraws its line twice a second for as long as a form is open, which is
traffic over SSH for nothing, and it makes a screen's picture depend on the moment it is taken.
"""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Input


class TextInput(Input):
    """A text field with a steady cursor: shown while focused, hidden otherwise."""

    cursor_blink = reactive(False, init=False)
