"""Base of the forms that start with a patient named by name, phone or MRN (booking, invoice):
the Patient field, and the chooser that opens on submit when that text matches several."""

from __future__ import annotations

from typing import TypeVar

from textual.widgets import Input

from hra_tui.screens.form import FormScreen
from hra_tui.screens.ward_actions import offer_patients, one_patient
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.text_input import TextInput

R = TypeVar("R")


class PatientFormScreen(FormScreen[R]):
    """Subclasses yield `patient_field()` first and read the MRN with `patient(values)`."""

    def patient_field(self, value: str = "") -> FormField:
        return FormField("mrn", "Patient", TextInput(
            value=value, placeholder="name, phone or MRN", compact=True, id="in-mrn"))

    def focus_patient(self) -> None:
        self.query_one("#in-mrn", Input).focus()

    async def action_submit(self) -> None:
        """Several patients match the Patient field: choose one, then submit."""
        if not self._busy and await offer_patients(
                self.hra, self.query_one("#in-mrn", Input), self.action_submit):
            return
        await super().action_submit()

    async def patient(self, values: dict[str, str]) -> str:
        """The MRN of the one patient the Patient field names (else Refused)."""
        return await one_patient(self.hra, values["mrn"])
