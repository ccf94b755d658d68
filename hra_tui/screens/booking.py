"""Book an appointment: the patient (name, phone or MRN), an active doctor, a local start time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select

from hra_tui.screens.form import FormScreen
from hra_tui.screens.ward_actions import offer_patients, one_patient
from hra_tui.services import validation
from hra_tui.services.records import AppointmentRow, StaffRow
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.text_input import TextInput


class BookingScreen(FormScreen[AppointmentRow]):
    TITLE = "Appointments › Book a visit"
    SUBMIT_LABEL = "Book"
    MODE = "appointments"

    def __init__(self, doctor: StaffRow | None = None, mrn: str = "") -> None:
        super().__init__()
        self.doctor = doctor
        self.mrn = mrn

    def fields(self) -> ComposeResult:
        yield FormField("mrn", "Patient", TextInput(
            value=self.mrn, placeholder="name, phone or MRN", compact=True, id="in-mrn"))
        yield FormField("doctor_id", "Doctor", Select([], prompt="choose", compact=True,
                                                      id="in-doctor_id"))
        yield FormField("starts_at", "When", TextInput(
            placeholder="e.g. tomorrow 9:30 or 2026-03-12 14:30", compact=True,
            id="in-starts_at"))
        yield FormField("duration", "Minutes",
                        TextInput(value="30", compact=True, id="in-duration"))

    async def on_mount(self) -> None:
        self.query_one("#in-mrn", Input).focus()
        doctors = await self.hra.ward.staff.doctors()
        select = self.query_one("#in-doctor_id", Select)
        select.set_options((f"{d.name} · {d.specialization or d.role}", str(d.id))
                           for d in doctors)
        if self.doctor is not None and any(d.id == self.doctor.id for d in doctors):
            select.value = str(self.doctor.id)

    async def action_submit(self) -> None:
        """Several patients match the Patient field: choose one, then submit."""
        if not self._busy and await offer_patients(
                self.hra, self.query_one("#in-mrn", Input), self.action_submit):
            return
        await super().action_submit()

    def check(self, values: dict[str, str]) -> dict[str, str]:
        return validation.validate_booking_form(values)

    async def submit(self, values: dict[str, str]) -> AppointmentRow:
        return await self.hra.ward.appointments.book(
            await one_patient(self.hra, values["mrn"]), int(values["doctor_id"]),
            validation.parse_start(values["starts_at"]),
            validation.parse_duration(values["duration"]))

    def done(self, row: AppointmentRow) -> str:
        when = row.starts_at.astimezone()
        return f"{row.patient_name} booked with {row.doctor_name} on {when:%a %d %b %H:%M}"
