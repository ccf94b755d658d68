"""Base of the data-entry screens: fields in a scrolling column, checked as each is left,
checked again on submit; a refused submit keeps the form open and writes nothing; esc on a
form whose fields differ from how it opened asks before the typing is thrown away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Select, Static

from hra_tui.formatting import counted
from hra_tui.services.errors import Refused
from hra_tui.widgets.area_bar import AreaBar
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from hra_tui.screens.host import Host as HraApp

R = TypeVar("R")


class FormScreen(Screen[R | None], Generic[R]):
    """Subclasses give `TITLE`, `SUBMIT_LABEL`, `fields()`, `check()`, `submit()`, `done()`.

    `submit` calls the services and returns the saved record; the screen closes with it and
    `done(record)` is the confirmation. A refusal is shown under the form and as an error
    notification, and the form stays as typed.
    """

    SUBMIT_LABEL: ClassVar[str] = "Save"
    MODE: ClassVar[str | None] = None
    # A title naming a long record (a patient, a ward) is cut with "…", never mid-word bare.
    DEFAULT_CSS = "FormScreen > .title { text-wrap: nowrap; text-overflow: ellipsis; }"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f10,ctrl+s", "submit", "Save", key_display="F10", id="form-submit"),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        # Priority: the app moves focus when it reads the key, so the keys typed after it in
        # the same burst (SSH delivers bursts) go to the next field, not the one just left.
        Binding("tab", "next_field(1)", "Next field", show=False, priority=True,
                id="form-next"),
        Binding("shift+tab", "next_field(-1)", "Previous field", show=False,
                priority=True, id="form-previous"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._left: set[str] = set()
        self._busy = False
        self._opened: dict[str, str] | None = None

    @property
    def hra(self) -> HraApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(self.TITLE or "", classes="title")
        with VerticalScroll(id="form-body"):
            yield from self.fields()
            yield Static("", id="form-error", markup=False)
            yield Button(f"{self.SUBMIT_LABEL}  (F10)", id="form-submit", compact=True)
        yield AreaBar(self.MODE)
        yield KeyFooter()

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def action_next_field(self, step: int) -> None:
        """Move to the next (or previous) field and select its text, cursor at the end, so
        what the clerk types replaces it, as in any form. The field selects when it reads the
        request, after the keys typed into it earlier in the same burst and before the later
        ones (the app reads tab before the field has read the keys in front of it)."""
        focused = self.focus_next() if step > 0 else self.focus_previous()
        if isinstance(focused, Input):
            focused.call_later(focused.select_all)

    def on_mount(self) -> None:
        """Remember how the form opened (Textual also runs each subclass's own `on_mount`)."""
        self._opened = self.values()

    @property
    def dirty(self) -> bool:
        """Something was typed or chosen since the form opened."""
        return self._opened is not None and self.values() != self._opened

    def check(self, values: dict[str, str]) -> dict[str, str]:
        """Field name -> message, from the services' pure validation."""
        raise NotImplementedError

    async def submit(self, values: dict[str, str]) -> R:
        raise NotImplementedError

    def done(self, result: R) -> str:
        raise NotImplementedError

    def values(self) -> dict[str, str]:
        return {field.field_name: field.value for field in self.query(FormField)}

    def _show(self, errors: dict[str, str], names: set[str]) -> None:
        for field in self.query(FormField):
            if field.field_name in names:
                field.show_error(errors.get(field.field_name))

    def _field_of(self, widget: object) -> FormField | None:
        for field in self.query(FormField):
            if field.control is widget:
                return field
        return None

    @on(Input.Blurred)
    def _left_input(self, event: Input.Blurred) -> None:
        self._leave(event.input)

    @on(Select.Changed)
    def _changed_select(self, event: Select.Changed) -> None:
        self._leave(event.select)

    def _leave(self, widget: object) -> None:
        field = self._field_of(widget)
        if field is None or not self.is_attached:
            return
        self._left.add(field.field_name)
        self._show(self.check(self.values()), self._left)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_next_field(1)

    @on(Button.Pressed, "#form-submit")
    async def _pressed(self) -> None:
        await self.action_submit()

    async def action_submit(self) -> None:
        if self._busy:
            return
        values = self.values()
        errors = self.check(values)
        self._left.update(values)
        self._show(errors, set(values))
        problem = self.query_one("#form-error", Static)
        if errors:
            count = len(errors)
            problem.update(f"✗ {counted(count, 'field')} to fix; nothing saved")
            first = next(f for f in self.query(FormField) if f.field_name in errors)
            first.control.focus()
            return
        self._busy = True
        try:
            result = await self.hra.attempt(self._saving(values, problem), self.done)
        finally:
            self._busy = False
        if result is not None:
            problem.update("")
            self.dismiss(result)

    async def _saving(self, values: dict[str, str], problem: Static) -> R:
        """`submit`, saying under the form why a refused one saved nothing (the app's
        `attempt` shows the refusal and the confirmation)."""
        try:
            return await self.submit(values)
        except Refused as exc:
            problem.update(f"✗ {exc}. Nothing was saved.")
            raise

    @work(group="form-dialog", exclusive=True)
    async def action_cancel(self) -> None:
        from hra_tui.screens.prompts import ConfirmScreen

        if self.dirty and not await self.app.push_screen_wait(ConfirmScreen(
                "Discard changes? What was typed in this form is not saved.")):
            return
        self.dismiss(None)
