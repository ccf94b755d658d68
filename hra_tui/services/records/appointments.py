"""Appointments: booking without double-booking a doctor or a patient, and the visit's course.

A visit goes booked -> arrived -> done, or booked -> no_show (a late arrival may still be
marked arrived), or booked -> cancelled; done and cancelled are final.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple, Protocol

from sqlalchemy import Row, and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db import tables as t
from hra_tui.domain import AppointmentStatus, Role
from hra_tui.services.context import Context, Tx
from hra_tui.services.errors import Invalid, NotFound, Refused
from hra_tui.services.plain_records import AppointmentRow
from hra_tui.services.records.clinic import check_in_clinic_hours
from hra_tui.services.records.lookups import patient_by_mrn
from hra_tui.services.records.states import PatientState, active_doctor
from hra_tui.services.times import local_day_bounds, short_local, to_utc, utcnow
from hra_tui.services.validation import check_future

MAX_DURATION = 480
S = AppointmentStatus
NEXT = {
    S.BOOKED.value: {S.ARRIVED.value, S.NO_SHOW.value, S.DONE.value, S.CANCELLED.value},
    S.ARRIVED.value: {S.DONE.value},
    S.NO_SHOW.value: {S.ARRIVED.value},
    S.DONE.value: set(),
    S.CANCELLED.value: set(),
}
_WORDS = {S.BOOKED.value: "booked", S.ARRIVED.value: "arrived", S.NO_SHOW.value: "a no-show",
          S.DONE.value: "done", S.CANCELLED.value: "cancelled"}


def appointment_select():
    a, p, s = t.appointments, t.patients, t.staff
    return (select(a.c.id, a.c.starts_at, a.c.duration_min, a.c.status, a.c.doctor_id,
                   p.c.mrn.label("patient_mrn"), p.c.name.label("patient_name"),
                   s.c.name.label("doctor_name"))
            .join(p, p.c.id == a.c.patient_id).join(s, s.c.id == a.c.doctor_id))


def appointment_row(row: Row) -> AppointmentRow:
    return AppointmentRow(**row._mapping)  # _select labels each column as the record names it


async def appointments_of_patient(conn: AsyncConnection, patient_id: int) -> list[AppointmentRow]:
    rows = await conn.execute(appointment_select().where(t.appointments.c.patient_id == patient_id)
                              .order_by(t.appointments.c.starts_at.desc()))
    return [appointment_row(row) for row in rows]


async def overlapping(conn: AsyncConnection, column, value: int, start: datetime,
                       end: datetime) -> Row | None:
    a = t.appointments
    rows = await conn.execute(appointment_select().where(and_(
        column == value, a.c.status != S.CANCELLED.value,
        a.c.starts_at < end, a.c.starts_at > start - timedelta(minutes=MAX_DURATION),
    )).order_by(a.c.starts_at))
    for row in rows:
        if row.starts_at + timedelta(minutes=row.duration_min) > start:
            return row
    return None


class Person(Protocol):
    """A doctor or a patient as the slot rule names them (a record, a row, a `PersonRef`)."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


class PersonRef(NamedTuple):
    id: int
    name: str


async def check_slot(conn: AsyncConnection, doctor: Person, start: datetime, duration_min: int,
                     patient: Person | None = None) -> None:
    """The one rule for a slot (booking, booking again, the waiting list's offers): wholly
    inside the clinic's hours, the doctor free, and the patient, when named, with no other
    visit then. Raises Invalid (hours) or Refused (a clash)."""
    await check_in_clinic_hours(conn, start, duration_min)
    end = start + timedelta(minutes=duration_min)
    a = t.appointments
    clash = await overlapping(conn, a.c.doctor_id, doctor.id, start, end)
    if clash is not None:
        raise Refused(f"Dr {doctor.name} already has {clash.patient_name} booked at "
                      f"{short_local(clash.starts_at)} ({clash.duration_min} min)")
    if patient is None:
        return
    clash = await overlapping(conn, a.c.patient_id, patient.id, start, end)
    if clash is not None:
        raise Refused(f"{patient.name} already has an appointment at "
                      f"{short_local(clash.starts_at)} with Dr {clash.doctor_name}")


async def book_in(tx: Tx, patient: Row | PatientState, doctor_id: int, starts_at: datetime,
                  duration_min: int = 30) -> int:
    """Book inside an open transaction; refuses a visit outside the clinic's hours and clashes
    for the doctor and for the patient."""
    doctor = await active_doctor(await tx.driver(), doctor_id)
    try:
        start = to_utc(starts_at)
    except (OverflowError, ValueError):
        raise Invalid("Appointment time is out of range") from None
    start = check_future(start)
    if not isinstance(duration_min, int) or not 5 <= duration_min <= MAX_DURATION:
        raise Invalid(f"Duration must be from 5 to {MAX_DURATION} minutes")
    await check_slot(tx.conn, doctor, start, duration_min, patient)
    result = await tx.conn.execute(insert(t.appointments).values(
        patient_id=patient.id, doctor_id=doctor.id, starts_at=start,
        duration_min=duration_min, status=S.BOOKED.value,
    ))
    return result.inserted_primary_key[0]


class AppointmentService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def get(self, appointment_id: int) -> AppointmentRow:
        async with self._ctx.read() as conn:
            row = (await conn.execute(
                appointment_select().where(t.appointments.c.id == appointment_id))).first()
        if row is None:
            raise NotFound(f"No appointment {appointment_id}")
        return appointment_row(row)

    async def on_day(self, day: date, doctor_id: int | None = None) -> list[AppointmentRow]:
        """Every appointment on a local calendar day (cancelled ones too), by start time."""
        start, end = local_day_bounds(day)
        a = t.appointments
        query = appointment_select().where(and_(a.c.starts_at >= start, a.c.starts_at < end))
        if doctor_id is not None:
            query = query.where(a.c.doctor_id == doctor_id)
        async with self._ctx.read() as conn:
            return [appointment_row(row) for row in
                    await conn.execute(query.order_by(a.c.starts_at, a.c.id))]

    async def for_doctor(self, doctor_id: int, start: datetime,
                         days: int = 7) -> list[AppointmentRow]:
        """A doctor's non-cancelled appointments from `start` for `days` days."""
        begin = to_utc(start)
        a = t.appointments
        query = appointment_select().where(and_(
            a.c.doctor_id == doctor_id, a.c.status != S.CANCELLED.value,
            a.c.starts_at >= begin, a.c.starts_at < begin + timedelta(days=days),
        )).order_by(a.c.starts_at)
        async with self._ctx.read() as conn:
            return [appointment_row(row) for row in await conn.execute(query)]

    async def book(self, mrn: str, doctor_id: int, starts_at: datetime,
                   duration_min: int = 30) -> AppointmentRow:
        async with self._ctx.write(Role.CLERK, "book appointments") as tx:
            patient = await patient_by_mrn(tx.conn, mrn)
            new_id = await book_in(tx, patient, doctor_id, starts_at, duration_min)
            await tx.audit("book", "appointment", new_id,
                           f"{patient.mrn} {patient.name} with doctor {doctor_id} at "
                           f"{to_utc(starts_at).isoformat(timespec='minutes')}")
        return await self.get(new_id)

    async def cancel(self, appointment_id: int) -> AppointmentRow:
        return await self._move(appointment_id, S.CANCELLED.value, "cancel appointments")

    async def undo_cancel(self, appointment_id: int) -> AppointmentRow:
        """Book a cancelled visit again, if its time is still ahead and nobody took the slot."""
        async with self._ctx.write(Role.CLERK, "cancel appointments") as tx:
            row = (await tx.conn.execute(
                appointment_select().where(t.appointments.c.id == appointment_id))).first()
            if row is None:
                raise NotFound(f"No appointment {appointment_id}")
            if row.status != S.CANCELLED.value:
                raise Refused(f"{row.patient_name}'s visit at {short_local(row.starts_at)} is "
                              f"{_WORDS[row.status]}, not cancelled")
            patient = await patient_by_mrn(tx.conn, row.patient_mrn)
            await _clear_to_rebook(tx, patient, row)
            await tx.conn.execute(update(t.appointments).where(t.appointments.c.id == row.id)
                                  .values(status=S.BOOKED.value))
            await tx.audit("undo cancel", "appointment", row.id,
                           f"{row.patient_mrn} {row.patient_name} at "
                           f"{row.starts_at.isoformat(timespec='minutes')}: booked again")
        return await self.get(appointment_id)

    async def mark(self, appointment_id: int, status: str) -> AppointmentRow:
        """Mark arrived, no_show or done, if the visit's course allows it."""
        if status not in (S.ARRIVED.value, S.NO_SHOW.value, S.DONE.value):
            raise Invalid("An appointment can be marked arrived, no_show or done")
        return await self._move(appointment_id, status, "update appointments")

    async def _move(self, appointment_id: int, status: str, doing: str) -> AppointmentRow:
        async with self._ctx.write(Role.CLERK, doing) as tx:
            row = (await tx.conn.execute(
                appointment_select().where(t.appointments.c.id == appointment_id))).first()
            if row is None:
                raise NotFound(f"No appointment {appointment_id}")
            if status not in NEXT[row.status]:
                raise Refused(f"{_visit(row)} at {short_local(row.starts_at)} is "
                              f"{_WORDS[row.status]}; it cannot be marked {_WORDS[status]}")
            _check_timing(row, status)
            await tx.conn.execute(update(t.appointments)
                                  .where(t.appointments.c.id == row.id).values(status=status))
            await tx.audit(status if status != S.CANCELLED.value else "cancel", "appointment",
                           row.id, f"{row.patient_mrn} {row.patient_name} at "
                           f"{row.starts_at.isoformat(timespec='minutes')}: {row.status} -> "
                           f"{status}")
        return await self.get(appointment_id)


async def _clear_to_rebook(tx: Tx, patient: Row, row: Row) -> None:
    """Refuse booking `row` again when its time has passed or the slot may not be booked now
    (taken meanwhile, or outside hours the clinic keeps now)."""
    check_future(row.starts_at)
    await check_slot(tx.conn, PersonRef(row.doctor_id, row.doctor_name), row.starts_at,
                     row.duration_min, patient)


def _check_timing(row: Row, status: str) -> None:
    """A visit cannot be missed before it starts, nor happen on a later day than today."""
    now = utcnow()
    if status == S.NO_SHOW.value and row.starts_at > now:
        raise Refused(f"{_visit(row)} starts at {short_local(row.starts_at)}; "
                      "it cannot be a no-show yet")
    if status in (S.ARRIVED.value, S.DONE.value) and \
            row.starts_at.astimezone().date() > now.astimezone().date():
        raise Refused(f"{_visit(row)} is on {short_local(row.starts_at)}, not today; "
                      f"it cannot be marked {_WORDS[status]} before its day")


def _visit(row: Row) -> str:
    """A visit as a clerk names it: "Jane Doe's visit with Ann Lee"."""
    return f"{row.patient_name}'s visit with {row.doctor_name}"
