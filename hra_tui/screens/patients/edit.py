"""Edit who a registered patient is (name, address, age, gender, phone, urgency) from the
record: the registration form's fields and rules, filled with what is on file, saved as one
audited transaction."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select

from hra_tui.fields import ADDRESS, AGE, GENDER, NAME, URGENCY
from hra_tui.screens.form import FormScreen
from hra_tui.screens.patients.registration import GENDERS
from hra_tui.services.plain_records import PatientRow
from hra_tui.services.validation import patient_details_from_values, validate_patient_details
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.text_input import TextInput


class PatientEditScreen(FormScreen[PatientRow]):
    SUBMIT_LABEL = "Save changes"
    MODE = "patients"

    def __init__(self, patient: PatientRow) -> None:
        super().__init__()
        self.patient = patient
        self.TITLE = f"Patients › {patient.mrn} › Edit {patient.name}"

    def fields(self) -> ComposeResult:
        p = self.patient

        def text(name: str, label: str, value: object, placeholder: str = "") -> FormField:
            return FormField(name, label, TextInput(value=str(value), placeholder=placeholder,
                                                    compact=True, id=f"in-{name}"))

        yield text("name", NAME.label, p.name, "e.g. Jane Doe")
        yield text("address", ADDRESS.label, p.address)
        yield text("age", AGE.form_label, p.age, AGE.form_hint)
        yield FormField("gender", GENDER.label, Select(GENDERS, value=p.gender, allow_blank=False,
                                                       compact=True, id="in-gender"))
        yield text("phone", "Phone", p.phone, "e.g. +44 20 7946 0000")
        yield text("urgency", URGENCY.form_label, p.urgency, URGENCY.form_hint)

    def on_mount(self) -> None:
        self.query_one("#in-name", Input).focus()

    def check(self, values: dict[str, str]) -> dict[str, str]:
        return validate_patient_details(values)

    async def submit(self, values: dict[str, str]) -> PatientRow:
        return await self.hra.ward.patients.edit(self.patient.mrn,
                                                 patient_details_from_values(values))

    def done(self, row: PatientRow) -> str:
        return f"{row.name} ({row.mrn}) saved"
