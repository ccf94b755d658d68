"""The `/` filter line: debounced, so a fast typist starts one query, not one per key."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from hra_tui.widgets.text_input import TextInput

DEBOUNCE_S = 0.03


class FilterBar(TextInput):
    """Hidden until `/`; posts `FilterBar.Applied` a moment after the typing pauses.

    enter keeps the filter and returns to the list; esc clears it.
    """

    DEFAULT_CSS = """
    FilterBar { display: none; }
    FilterBar.-active { display: block; }
    """

    BINDINGS = [
        Binding("enter", "keep", "Keep filter", id="filter-keep"),
        Binding("escape", "clear", "Clear filter", id="filter-clear"),
    ]

    class Applied(Message):
        def __init__(self, bar: FilterBar, text: str) -> None:
            super().__init__()
            self.bar = bar
            self.text = text

    class Done(Message):
        """The clerk left the filter line (enter or esc)."""

    def __init__(self, placeholder: str = "filter…", id: str | None = "filter") -> None:
        super().__init__(placeholder=placeholder, id=id, compact=True)
        self.can_focus = False  # only while open, so it never takes the focus on its own
        self._timer: Timer | None = None
        self.applied = ""

    def open(self) -> None:
        """Show the line and take the focus now, not on the next turn: the keys typed right
        after `/` (in one burst over SSH) are the filter's."""
        self.show(True)
        self.screen.set_focus(self)

    def show(self, active: bool) -> None:
        self.set_class(active, "-active")
        self.can_focus = active

    @on(Input.Changed)
    def _debounce(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_S, self._fire)

    def _fire(self) -> None:
        self._timer = None
        if self.value != self.applied:
            self.applied = self.value
            self.post_message(self.Applied(self, self.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()

    def action_keep(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._fire()
        self.can_focus = False
        if not self.value:
            self.show(False)
        self.post_message(self.Done())

    def action_clear(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.value = ""
        self.show(False)
        if self.applied:
            self.applied = ""
            self.post_message(self.Applied(self, ""))
        self.post_message(self.Done())
