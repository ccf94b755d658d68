"""One labelled form field with its error line underneath, shown when the clerk leaves it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static


class FormField(Vertical):
    """`Label  [control]` on one line; the error (if any) on the next, in words."""

    DEFAULT_CSS = """
    FormField { height: auto; }
    FormField > Horizontal { height: auto; }
    FormField Label.field-label { width: 16; padding-right: 1; }
    FormField Input, FormField Select { width: 1fr; }
    FormField .field-error { display: none; padding-left: 16; color: $text-error; }
    FormField.-invalid .field-error { display: block; }
    FormField.-invalid Label.field-label { text-style: bold; }
    """

    def __init__(self, name: str, label: str, control: Widget, hint: str = "") -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self.label = label
        self.control = control
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.label, classes="field-label")
            yield self.control
        yield Static("", classes="field-error", markup=False)

    @property
    def value(self) -> str:
        control = self.control
        if isinstance(control, Select):
            return "" if control.is_blank() else str(control.value)
        if isinstance(control, Input):
            return control.value
        raise TypeError(f"no value for {type(control).__name__}")

    def show_error(self, message: str | None) -> None:
        """Show `message` under the field (None or "" clears it); the text carries the meaning,
        the colour only repeats it."""
        self.set_class(bool(message), "-invalid")
        self.query_one(".field-error", Static).update(f"✗ {message}" if message else "")
