"""Appointments: one day (all doctors or one), or one doctor's week; book, mark, cancel.

`[` / `]` step a day (a week in the week view), `t` returns to today, `o` picks the doctor,
`w` switches between the day and a doctor's week (asking whose when none is chosen). Times are
local. After booking, the list shows the new visit's day with the cursor on it.

`l` opens the waiting list. Cancelling a visit offers its slot to the first waiting patient
who fits and, once the clerk says they accept, books it for them; `f` on a cancelled visit
offers its slot again (the patient called back).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import ClassVar

from textual import on, work
from textual.binding import BindingType
from textual.widgets import DataTable

from hra_tui.domain import AppointmentStatus, Role
from hra_tui.screens.base import ListScreen, key_table, step_bindings
from hra_tui.screens.prompts import ChooseScreen
from hra_tui.screens.role_keys import needs
from hra_tui.services.plain_records import AppointmentRow, StaffRow
from hra_tui.services.records.appointments import NEXT
from hra_tui.services.times import to_utc

STATUS_WORDS = {status.value: status.word for status in AppointmentStatus}
ALL_DOCTORS = "all"


def _matches(row: AppointmentRow, needle: str) -> bool:
    text = f"{row.patient_mrn} {row.patient_name} {row.doctor_name} {row.status}"
    return needle in text.lower()


class AppointmentsScreen(ListScreen[AppointmentRow]):
    MODE = "appointments"
    TITLE = "Appointments"

    BINDINGS: ClassVar[list[BindingType]] = [
        *key_table("appointments", """
            n  book                book    Book
            m  mark                mark    Mark
            x  cancel_appointment  cancel  Cancel visit
            f  fill                fill    Fill slot
            o  doctor              doctor  Doctor
            w  week                week    Day/week
            l  waiting             waiting Waiting list
        """),
        *step_bindings("step", ("Earlier", "appointments-earlier"),
                       ("Later", "appointments-later"), show=False),
        *key_table("appointments", "(t) today today Today"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self.doctor: StaffRow | None = None
        self.week = False
        self.loaded: list[AppointmentRow] = []  # the day's (or week's); the filter narrows
        self._just_booked: str | None = None  # the next reload puts the cursor on this visit

    async def reload(self) -> None:
        if self.day is None:
            self.day = self.hra.today()
        keep = self._just_booked or (str(self.current.id) if self.current else None)
        self._just_booked = None
        if self.week and self.doctor is not None:
            start = to_utc(datetime.combine(self.day, time()))
            self.loaded = await self.ward.appointments.for_doctor(self.doctor.id, start, days=7)
        else:
            self.loaded = await self.ward.appointments.on_day(
                self.day, self.doctor.id if self.doctor else None)
        self._draw(keep)

    async def apply_filter(self, text: str) -> None:
        self._draw(self.table.current_key)

    def _draw(self, keep: str | None) -> None:
        needle = self.filter_text.strip().lower()
        shown = [row for row in self.loaded if not needle or _matches(row, needle)]
        table = self.table
        table.set_columns(((("When", 12) if self.week else ("Time", 5)), ("Patient", 26),
                           ("Doctor", 18), ("Min", 3), ("Status", 9)))
        table.show(shown, keep=keep)
        self.set_status(self._heading(len(shown)))
        self.refresh_bindings()

    def cells(self, row: AppointmentRow) -> tuple[object, ...]:
        local = row.starts_at.astimezone()
        stamp = local.strftime("%a %d %H:%M") if self.week else local.strftime("%H:%M")
        return (stamp, f"{row.patient_mrn} {row.patient_name}", row.doctor_name,
                row.duration_min, STATUS_WORDS.get(row.status, row.status))

    def _heading(self, count: int) -> str:
        assert self.day is not None
        who = self.doctor.name if self.doctor else "all doctors"
        if self.week and self.doctor is not None:
            end = self.day + timedelta(days=6)
            span = f"{self.day:%a %d %b} – {end:%a %d %b}"
        else:
            today = " (today)" if self.day == self.hra.today() else ""
            span = f"{self.day:%a %d %b %Y}{today}"
        step = "week" if self.week and self.doctor is not None else "day"
        text = f"{span} · {who} · {count} visits · [ ] {step}"
        if self.filter_text:
            text += f" · filter “{self.filter_text}”"
        return text

    def offers(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action in ("mark", "cancel_appointment", "fill"):
            row = self.current
            if row is None:
                return False
            if action == "fill":
                return (row.status == AppointmentStatus.CANCELLED
                        and row.starts_at > self.hra.now())
            allowed = NEXT.get(row.status, set())
            cancelled = AppointmentStatus.CANCELLED
            return cancelled in allowed if action == "cancel_appointment" else bool(
                allowed - {cancelled})
        return super().offers(action, parameters)

    @on(DataTable.RowHighlighted, "#appointments")
    def _moved(self) -> None:
        self.refresh_bindings()

    async def action_step(self, direction: int) -> None:
        if self.day is None:
            return
        self.day += timedelta(days=7 if self.week and self.doctor else 1) * direction
        await self.reload()

    async def action_today(self) -> None:
        self.day = self.hra.today()
        await self.reload()

    @work(group="appointments-dialog", exclusive=True)
    async def action_week(self) -> None:
        """Day <-> the chosen doctor's week; with no doctor chosen, ask whose week."""
        if not self.week and self.doctor is None:
            if not await self._pick_doctor("Show which doctor's week?", everyone=False):
                return
        self.week = not self.week
        await self.reload()

    @work(group="appointments-dialog", exclusive=True)
    async def action_doctor(self) -> None:
        if await self._pick_doctor("Show which doctor?", everyone=True):
            if self.doctor is None:
                self.week = False
            await self.reload()

    async def _pick_doctor(self, question: str, everyone: bool) -> bool:
        """Choose the doctor shown (or all doctors); False when the clerk cancels."""
        doctors = await self.ward.staff.doctors()
        choices = [(ALL_DOCTORS, "All doctors")] if everyone else []
        choices += [(str(d.id), f"{d.name} · {d.specialization or d.role}") for d in doctors]
        picked = await self.app.push_screen_wait(ChooseScreen(
            question, choices, empty="No active doctor"))
        if picked is None:
            return False
        self.doctor = next((d for d in doctors if str(d.id) == picked), None)
        return True

    @needs(Role.CLERK, "book appointments")
    def action_book(self) -> None:
        from hra_tui.screens.appointments.booking import BookingScreen

        self.app.push_screen(BookingScreen(self.doctor), self._booked)

    def _booked(self, row: AppointmentRow | None) -> None:
        """Show the day of the new visit with the cursor on it."""
        if row is not None:
            self.day = row.starts_at.astimezone().date()
            self._just_booked = str(row.id)
            self.action_reload()
            self.focus_list()

    @needs(Role.CLERK, "mark appointments")
    @work(group="appointments-dialog", exclusive=True)
    async def action_mark(self) -> None:
        row = self.current
        if row is None:
            return
        allowed = sorted(NEXT.get(row.status, set()) - {AppointmentStatus.CANCELLED})
        choices = [(status, STATUS_WORDS[status]) for status in allowed]
        status = await self.app.push_screen_wait(ChooseScreen(
            f"{row.patient_name} at {row.starts_at.astimezone():%H:%M}: mark as", choices))
        if status is not None:
            await self.hra.attempt(
                self.ward.appointments.mark(row.id, status),
                lambda done: f"{done.patient_name}'s visit marked {STATUS_WORDS[done.status]}")

    @needs(Role.CLERK, "cancel appointments")
    @work(group="appointments-dialog", exclusive=True)
    async def action_cancel_appointment(self) -> None:
        row = self.current
        if row is None:
            return
        when = row.starts_at.astimezone()
        cancelled = await self.confirmed_write(
            f"Cancel {row.patient_name}'s visit with {row.doctor_name} on "
            f"{when:%a %d %b %H:%M}?",
            lambda: self.ward.appointments.cancel(row.id),
            lambda done: f"{done.patient_name}'s visit on {when:%d %b %H:%M} cancelled")
        if cancelled is not None:
            self.hra.remember(f"the cancelling of {row.patient_name}'s visit on "
                              f"{when:%d %b %H:%M}",
                              lambda: self.ward.appointments.undo_cancel(row.id))
            await self._offer(cancelled)

    def action_waiting(self) -> None:
        from hra_tui.screens.appointments.waiting import WaitingListScreen

        self.app.push_screen(WaitingListScreen())

    @needs(Role.CLERK, "book appointments")
    @work(group="appointments-dialog", exclusive=True)
    async def action_fill(self) -> None:
        row = self.current
        if row is not None and row.status == AppointmentStatus.CANCELLED:
            await self._offer(row)

    async def _offer(self, slot: AppointmentRow) -> None:
        """Offer a cancelled visit's slot to the first waiting patient who fits; book it for
        them once the clerk says they accept (a clerk phones them first)."""
        offered = await self.ward.waiting.offer(slot.id)
        when = slot.starts_at.astimezone()
        if offered is None:
            self.notify(f"Nobody on the waiting list fits the {when:%d %b %H:%M} slot")
            return
        filled = await self.confirmed_write(
            f"The {when:%a %d %b %H:%M} slot with {slot.doctor_name} is {offered.offered}. "
            "Have they accepted? Book it for them?",
            lambda: self.ward.waiting.fill(slot.id, offered.id),
            lambda done: f"{done[0].patient_name} booked with {done[1].doctor_name} on "
                         f"{when:%d %b %H:%M}")
        if filled is not None:
            self._just_booked = str(filled[1].id)
            await self.reload()
