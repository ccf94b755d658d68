"""Book an appointment: the patient (name, phone or MRN), an active doctor, a local start time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Select

from hra_tui.fields import BOOKED_MINUTES
from hra_tui.screens.patient_form import PatientFormScreen
from hra_tui.services import validation
from hra_tui.services.plain_records import AppointmentRow, StaffRow
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.text_input import TextInput


class BookingScreen(PatientFormScreen[AppointmentRow]):
    TITLE = "Appointments › Book a visit"
    SUBMIT_LABEL = "Book"
    MODE = "appointments"

    def __init__(self, doctor: StaffRow | None = None, mrn: str = "") -> None:
        super().__init__()
        self.doctor = doctor
        self.mrn = mrn

    def fields(self) -> ComposeResult:
        yield self.patient_field(self.mrn)
        yield FormField("doctor_id", "Doctor", Select([], prompt="choose", compact=True,
                                                      id="in-doctor_id"))
        yield FormField("starts_at", "When", TextInput(
            placeholder="e.g. tomorrow 9:30 or 2026-03-12 14:30", compact=True,
            id="in-starts_at"))
        yield FormField("duration", "Minutes",
                        TextInput(value=str(BOOKED_MINUTES), compact=True, id="in-duration"))

    async def on_mount(self) -> None:
        self.focus_patient()
        doctors = await self.hra.ward.staff.doctors()
        select = self.query_one("#in-doctor_id", Select)
        select.set_options((f"{d.name} · {d.specialization or d.role}", str(d.id))
                           for d in doctors)
        if self.doctor is not None and any(d.id == self.doctor.id for d in doctors):
            select.value = str(self.doctor.id)

    def check(self, values: dict[str, str]) -> dict[str, str]:
        return validation.validate_booking_form(values)

    async def submit(self, values: dict[str, str]) -> AppointmentRow:
        return await self.hra.ward.appointments.book(
            await self.patient(values), int(values["doctor_id"]),
            validation.parse_start(values["starts_at"]),
            validation.parse_duration(values["duration"]))

    def done(self, row: AppointmentRow) -> str:
        when = row.starts_at.astimezone()
        return f"{row.patient_name} booked with {row.doctor_name} on {when:%a %d %b %H:%M}"
