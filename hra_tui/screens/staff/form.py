"""Add or edit one member of staff: the seed's doctor form (name, specialization, phone) plus
what planning needs (role, skill, most slots, cost per slot, overtime cost)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select

from hra_tui.fields import NAME, SPECIALIZATION, STAFF_NUMBERS
from hra_tui.screens.form import FormScreen
from hra_tui.services import validation
from hra_tui.services.plain_records import StaffRow
from hra_tui.services.validation import staff_form_from_values, validate_staff_form
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.text_input import TextInput

ROLES = tuple((role.value.capitalize(), role.value) for role in validation.StaffRole)


class StaffFormScreen(FormScreen[StaffRow]):
    MODE = "staff"

    def __init__(self, editing: StaffRow | None = None) -> None:
        super().__init__()
        self.editing = editing
        self.TITLE = (f"Doctors & staff › Edit {editing.name}" if editing
                      else "Doctors & staff › Add staff")
        self.SUBMIT_LABEL = "Save changes" if editing else "Add"

    def fields(self) -> ComposeResult:
        row = self.editing

        def text(name: str, label: str, value: object, placeholder: str = "") -> FormField:
            return FormField(name, label, TextInput(value=str(value), placeholder=placeholder,
                                                compact=True, id=f"in-{name}"))

        yield text("name", NAME.label, row.name if row else "", "e.g. Dr Amal Haddad")
        yield FormField("role", "Role", Select(ROLES, value=row.role if row else "doctor",
                                               allow_blank=False, compact=True, id="in-role"))
        yield text("specialization", SPECIALIZATION.label, row.specialization if row else "",
                   "e.g. cardiology")
        yield text("phone", "Phone", row.phone if row else "")
        for name, spec in STAFF_NUMBERS.items():
            yield text(name, spec.form_label, getattr(row, name) if row else spec.default,
                       spec.form_hint)

    def on_mount(self) -> None:
        self.query_one("#in-name", Input).focus()

    def check(self, values: dict[str, str]) -> dict[str, str]:
        return validate_staff_form(values)

    async def submit(self, values: dict[str, str]) -> StaffRow:
        form = staff_form_from_values(values)
        staff = self.hra.ward.staff
        if self.editing is not None:
            return await staff.edit(self.editing.id, form)
        return await staff.add(form)

    def done(self, row: StaffRow) -> str:
        return f"{row.name} {'saved' if self.editing else 'added'} ({row.role})"
