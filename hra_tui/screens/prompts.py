"""Small modal questions asked from a list or the bed board: a line of text, yes/no, a choice.

Each closes with esc (answer None) and carries its own message line, so a bad answer is said
in words next to the question instead of closing it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from hra_tui.screens.type_ahead import TypeAhead
from hra_tui.widgets.text_input import TextInput

Check = Callable[[str], str | None]  # answer -> message when the answer is not acceptable


class AskScreen(TypeAhead, ModalScreen[str | None]):
    """One line of text; `check` may refuse it with a message before the screen closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask-cancel"),
    ]

    def __init__(self, question: str, placeholder: str = "", value: str = "",
                 check: Check | None = None, hint: str = "") -> None:
        super().__init__()
        self.question = question
        self.check = check
        self._field = self.type_ahead_field = TextInput(
            value=value, placeholder=placeholder, compact=True, select_on_focus=True)
        self._hint = hint or "enter: OK   esc: cancel"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            yield self._field
            yield Static(self._hint, classes="dialog-hint")
            yield Static("", classes="dialog-error", markup=False)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        answer = event.value.strip()
        problem = "Type an answer, or esc to cancel" if not answer else (
            self.check(answer) if self.check else None)
        if problem:
            self.query_one(".dialog-error", Static).update(f"✗ {problem}")
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """y / enter confirms, n / esc declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            yield Static("y / enter: yes    n / esc: no", classes="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ChooseScreen(ModalScreen[str | None]):
    """Pick one of `choices` (value, label) with the arrows and enter; type to narrow."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choose-cancel"),
        # priority: run as each arrow arrives, so an enter in the same burst picks after them
        Binding("down", "move(1)", "Next", show=False, priority=True, id="choose-down"),
        Binding("up", "move(-1)", "Previous", show=False, priority=True, id="choose-up"),
    ]

    def __init__(self, question: str, choices: Sequence[tuple[str, str]],
                 empty: str = "Nothing to choose from") -> None:
        super().__init__()
        self.question = question
        self.choices = list(choices)
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-tall"):
            yield Static(self.question, classes="dialog-title", markup=False)
            yield TextInput(placeholder="type to narrow", compact=True)
            yield OptionList(*self._options(""))
            yield Static("↑↓ choose   enter: OK   esc: cancel", classes="dialog-hint")

    def _options(self, text: str) -> list[Option]:
        needle = text.strip().lower()
        options = [Option(Text(label), id=value) for value, label in self.choices
                   if needle in label.lower()]
        return options or [Option(self.empty if not needle else "No match", disabled=True)]

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0 if options.option_count else None

    @on(Input.Changed)
    def _narrow(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.set_options(self._options(event.value))
        options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(Input.Submitted)
    def _enter(self) -> None:
        self._choose(self.query_one(OptionList).highlighted)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        options = self.query_one(OptionList)
        if index is None:
            return
        option = options.get_option_at_index(index)
        if option.disabled or option.id is None:
            return
        self.dismiss(option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
