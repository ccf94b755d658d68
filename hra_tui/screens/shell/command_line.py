"""The `:` line at the bottom, vim/k9s style: type a command, enter runs it, esc closes.

The palette (ctrl+p) offers every `:` command too (`LineCommands`): one without arguments runs
at once, one with arguments opens this line with its name typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from hra_tui.screens.host import host
from hra_tui.screens.shell.command_syntax import Command, CommandError
from hra_tui.screens.shell.commands import Spec, offered, parse_command, refusal, spec_named
from hra_tui.screens.type_ahead import TypeAhead
from hra_tui.widgets.text_input import TextInput


class CommandLineScreen(TypeAhead, ModalScreen[Command | None]):
    """Returns the parsed command; a command that does not parse stays open with its message,
    and one the role may not run says so as soon as its name is typed (and is never run)."""
    CSS_PATH = Path(__file__).with_name("command_line.tcss")

    def __init__(self, value: str = "") -> None:
        super().__init__()
        self.value = value
        self._role_note = False  # the error line holds "… cannot admit patients"
        suggestions = [f"{spec.name} " if spec.takes_words else spec.name
                       for spec in offered(host(self.app))]
        self.type_ahead_field = TextInput(
            value=value, placeholder="command", id="command-input", compact=True,
            suggester=SuggestFromList(suggestions, case_sensitive=False))

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="command-line-close"),
        Binding("tab", "complete", "Complete", id="command-line-complete"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", id="command-error", markup=False)
        admit = spec_named("admit")
        example = ("admit P000123 3B" if admit is not None and refusal(host(self.app), admit)
                   is None else "find Smith")  # an example the role may run
        yield Static(f"e.g. {example} · tab completes · :help lists all · esc closes",
                     id="command-hint")
        with Horizontal(id="command-row"):
            yield Static(":", id="command-colon")
            yield self.type_ahead_field

    def _not_for_role(self, text: str) -> str | None:
        """What the role may not do, if the line's first word names such a command."""
        words = text.split(maxsplit=1)
        spec = spec_named(words[0]) if words else None
        refused = refusal(host(self.app), spec) if spec is not None else None
        return None if refused is None else str(refused)

    @on(Input.Changed)
    def _say_at_once(self, event: Input.Changed) -> None:
        """A command the role may not run: say so as soon as its name is typed, before its
        words are; the note goes when the name does."""
        error = self.query_one("#command-error", Static)
        refused = self._not_for_role(event.value)
        if refused is not None:
            error.update(refused)
            self._role_note = True
        elif self._role_note:
            error.update("")
            self._role_note = False

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        error = self.query_one("#command-error", Static)
        refused = self._not_for_role(event.value)
        if refused is not None:
            error.update(refused)
            return
        try:
            command = parse_command(event.value)
        except CommandError as exc:
            error.update(str(exc))
            return
        self.dismiss(command)

    def action_complete(self) -> None:
        self.query_one(Input).action_cursor_right()

    def action_close(self) -> None:
        self.dismiss(None)


class LineCommands(Provider):
    """The `:` commands in the palette, found by name or by what they do."""

    def _open(self, spec: Spec) -> None:
        app = host(self.app)
        if spec.takes_words:
            app.push_screen(CommandLineScreen(f"{spec.name} "), app.run_command_line)
        else:
            app.run_command_line(Command(spec.name))

    def _hits(self) -> list[tuple[str, str, Spec]]:
        """The commands the role may run (as the footer offers only the keys it may use)."""
        return [(f"{spec.usage}  ({spec.help})", "command line", spec)
                for spec in offered(host(self.app))]

    async def discover(self) -> Hits:
        for text, help_text, spec in self._hits():
            yield DiscoveryHit(text, lambda spec=spec: self._open(spec), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, spec in self._hits():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), lambda spec=spec: self._open(spec),
                          help=help_text)
