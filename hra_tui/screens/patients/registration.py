"""The seed's patient registration form: who the patient is, and optionally doctor, bed,
prescription, first appointment and charge (unpaid, or paid at the desk), all written in one
transaction or not at all.

Doctor and bed are chosen from lists read from the database when the form opens: only active
doctors, only free beds. Each field is checked by `validation.validate_patient_form` as the
clerk leaves it; the service checks everything again on submit.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select

from hra_tui.domain import InvoiceStatus
from hra_tui.fields import ADDRESS, AGE, GENDER, NAME, PRESCRIPTION, URGENCY
from hra_tui.screens.form import FormScreen
from hra_tui.screens.ward_actions import bed_choice
from hra_tui.services.plain_records import PatientRow
from hra_tui.services.validation import patient_form_from_values, validate_patient_form
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.text_input import TextInput

BILLING = (("Unpaid: bill the amount", InvoiceStatus.UNPAID.value),
           ("Paid at the desk", InvoiceStatus.PAID.value))
GENDERS = tuple((f"{name} ({code})", code) for code, name in GENDER.names.items())


class RegistrationScreen(FormScreen[PatientRow]):
    TITLE = "Patients › Register a patient"
    SUBMIT_LABEL = "Register"
    MODE = "patients"

    def fields(self) -> ComposeResult:
        def text(name: str, label: str, placeholder: str = "", value: str = "") -> FormField:
            return FormField(name, label, TextInput(value=value, placeholder=placeholder,
                                                compact=True, id=f"in-{name}"))

        yield text("name", NAME.label, "e.g. Jane Doe")
        yield text("address", ADDRESS.label)
        yield text("age", AGE.form_label, AGE.form_hint)
        yield FormField("gender", GENDER.label, Select(GENDERS, prompt="choose", compact=True,
                                                   id="in-gender"))
        yield text("phone", "Phone", "e.g. +44 20 7946 0000")
        yield FormField("doctor_id", "Doctor", Select([], prompt="(none)", compact=True,
                                                      id="in-doctor_id"))
        yield FormField("bed_label", "Bed (free)", Select([], prompt="(not admitted)",
                                                          compact=True, id="in-bed_label"))
        yield text("prescription", PRESCRIPTION.label, "regimen, if admitted")
        yield text("appointment_at", "Appointment", "e.g. tomorrow 9:30 or 2026-03-12 14:30")
        yield text("amount", "Amount", "e.g. 120.50")
        yield text("urgency", URGENCY.form_label, URGENCY.form_hint, value=str(URGENCY.default))
        yield FormField("billing", "Billing", Select(BILLING, value=InvoiceStatus.UNPAID.value,
                                                     allow_blank=False, compact=True,
                                                     id="in-billing"))

    async def on_mount(self) -> None:
        self.query_one("#in-name", Input).focus()
        self.run_worker(self._fill_lists(), group="form-lists")

    async def _fill_lists(self) -> None:
        ward = self.hra.ward
        doctors = await ward.staff.doctors()
        free = await ward.beds.free()
        self.query_one("#in-doctor_id", Select).set_options(
            (f"{d.name} · {d.specialization or d.role}", str(d.id)) for d in doctors)
        self.query_one("#in-bed_label", Select).set_options(
            (label, value) for value, label in map(bed_choice, free))

    def check(self, values: dict[str, str]) -> dict[str, str]:
        return validate_patient_form(values)

    async def submit(self, values: dict[str, str]) -> PatientRow:
        return await self.hra.ward.patients.register(patient_form_from_values(values))

    def done(self, row: PatientRow) -> str:
        where = f", admitted to {row.bed}" if row.bed else ""
        return f"{row.name} registered as {row.mrn}{where}"
