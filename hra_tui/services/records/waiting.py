"""The appointments' waiting list, and who is offered a cancelled visit's slot.

A cancelled slot is offered, not filled: the clerk phones the patient first, and books the slot
for them (`fill`) only once they accept, so nobody is booked into a visit they never agreed to
(a slot an hour away is often refused). The offer goes to the first waiting patient who fits,
by highest priority, then longest waiting, then who was put on the list first: one who waits
for that doctor, or for any doctor of that doctor's specialty; who is not the patient who
cancelled; and who has no other visit at that time. The slot must itself still be bookable
(ahead, inside the clinic's hours, its doctor free). Whether a slot may be booked is the
appointments' own rule (`check_slot`), asked here too, never restated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db import tables as t
from db.driver import Driver
from hra_tui.domain import AppointmentStatus, Role, WaitingStatus
from hra_tui.fields import NOTE, PRIORITY, SPECIALIZATION
from hra_tui.services.context import Context, Tx
from hra_tui.services.errors import Invalid, NotFound, Refused
from hra_tui.services.plain_records import AppointmentRow
from hra_tui.services.records.appointments import (
    AppointmentService,
    PersonRef,
    appointment_row,
    appointment_select,
    book_in,
    check_slot,
)
from hra_tui.services.records.lookups import patient_by_mrn
from hra_tui.services.records.states import active_doctor
from hra_tui.services.times import short_local, utcnow
from hra_tui.services.validation import parse_text

_SELECT = """
    SELECT w.id, p.mrn, p.name, w.doctor_id, s.name, w.specialty, w.priority, w.since, w.note,
           w.status, w.appointment_id, w.patient_id
    FROM waiting_list w JOIN patients p ON p.id = w.patient_id
    LEFT JOIN staff s ON s.id = w.doctor_id"""
_ORDER = " ORDER BY w.priority DESC, w.since, w.id"


@dataclass(frozen=True)
class WaitingRow:
    """A place on the waiting list: who waits, for whom (a doctor, else a specialty)."""

    id: int
    patient_mrn: str
    patient_name: str
    doctor_id: int | None
    doctor_name: str | None
    specialty: str
    priority: int
    since: datetime
    note: str
    status: str
    appointment_id: int | None
    patient_id: int

    @property
    def wants(self) -> str:
        """'Dr Ann Lee' or 'any Cardiology doctor'."""
        return f"Dr {self.doctor_name}" if self.doctor_name else f"any {self.specialty} doctor"

    @property
    def offered(self) -> str:
        """The offer in a clerk's words: 'offered to Mia Chen (P000003), priority 4, waiting
        since 9 Mar 09:00'."""
        return (f"offered to {self.patient_name} ({self.patient_mrn}), priority "
                f"{self.priority}, waiting since {short_local(self.since)}")


def _row(values: tuple) -> WaitingRow:
    (id_, mrn, name, doctor_id, doctor, specialty, priority, since, note, status, appointment,
     patient_id) = values
    return WaitingRow(id_, mrn, name, doctor_id, doctor, specialty, priority,
                      Driver.read_time(since), note, status, appointment, patient_id)


def parse_priority(value: int | str) -> int:
    try:
        priority = int(value)
    except (TypeError, ValueError):
        raise Invalid(PRIORITY.not_whole) from None
    if not PRIORITY.low <= priority <= PRIORITY.high:
        raise Invalid(PRIORITY.message)
    return priority


async def _entry(driver: Driver, entry_id: int) -> WaitingRow:
    rows = await driver.rows(_SELECT + " WHERE w.id = ?", (entry_id,))
    if not rows:
        raise NotFound(f"No place {entry_id} on the waiting list")
    return _row(rows[0])


async def _slot(tx_or_conn, appointment_id: int) -> AppointmentRow:
    row = (await tx_or_conn.execute(
        appointment_select().where(t.appointments.c.id == appointment_id))).first()
    if row is None:
        raise NotFound(f"No appointment {appointment_id}")
    if row.status != AppointmentStatus.CANCELLED.value:
        raise Refused(f"The visit {appointment_id} at {short_local(row.starts_at)} is "
                      f"{row.status}, not cancelled: its slot is not free")
    return appointment_row(row)


async def _suitable(conn, driver: Driver, slot: AppointmentRow) -> list[WaitingRow]:
    """Who may take the slot, first to be offered it first; nobody once the slot may not be
    booked (taken, or outside the clinic's hours now)."""
    try:
        await _check_slot(conn, slot)
    except Refused:
        return []
    specialty = (await driver.rows("SELECT specialization FROM staff WHERE id = ?",
                                   (slot.doctor_id,)))[0][0].strip().lower()
    candidates = [_row(r) for r in await driver.rows(
        _SELECT + " WHERE w.status = 'waiting' AND p.active AND p.mrn != ? AND "
        "(w.doctor_id = ? OR (w.doctor_id IS NULL AND lower(trim(w.specialty)) = ? AND ? != ''))"
        + _ORDER, (slot.patient_mrn, slot.doctor_id, specialty, specialty))]
    return [entry for entry in candidates if await _clash(conn, entry, slot) is None]


async def _check_slot(conn, slot: AppointmentRow, entry: WaitingRow | None = None) -> None:
    """The appointments' own slot rule, for the slot and (given) the waiting patient."""
    await check_slot(conn, PersonRef(slot.doctor_id, slot.doctor_name), slot.starts_at,
                     slot.duration_min,
                     None if entry is None else PersonRef(entry.patient_id, entry.patient_name))


async def _clash(conn, entry: WaitingRow, slot: AppointmentRow) -> str | None:
    """Why the waiting patient may not take a bookable slot (another visit then), or None."""
    try:
        await _check_slot(conn, slot, entry)
    except Refused as refused:
        return str(refused)
    return None


def _refuse_past(slot: AppointmentRow) -> None:
    if slot.starts_at <= utcnow():
        raise Refused(f"The slot at {short_local(slot.starts_at)} has passed; it cannot be "
                      "offered")


class WaitingService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def waiting(self) -> list[WaitingRow]:
        """Everyone still waiting, first to be offered a slot first."""
        async with self._ctx.read() as conn:
            driver = await Driver.of(conn)
            return [_row(r) for r in await driver.rows(
                _SELECT + " WHERE w.status = 'waiting'" + _ORDER)]

    async def add(self, mrn: str, doctor_id: int | None = None, specialty: str = "",
                  priority: int | str = PRIORITY.default, note: str = "") -> WaitingRow:
        """Put a patient on the list for a doctor, or for any doctor of a specialty."""
        priority = parse_priority(priority)
        specialty = " ".join(parse_text(specialty, "Specialty", SPECIALIZATION.limit).split())
        note = parse_text(note, NOTE.label, NOTE.limit)
        if (doctor_id is None) == (not specialty):
            raise Invalid("Give a doctor or a specialty to wait for (one of them)")
        async with self._ctx.write(Role.CLERK, "put patients on the waiting list") as tx:
            driver = await tx.driver()
            patient = await patient_by_mrn(tx.conn, mrn)
            if doctor_id is not None:
                wants = f"Dr {(await active_doctor(driver, doctor_id)).name}"
            else:
                practised = await driver.rows(
                    "SELECT trim(specialization) FROM staff WHERE active AND role IN "
                    "('doctor', 'surgeon') AND lower(trim(specialization)) = ?",
                    (specialty.lower(),))
                if not practised:
                    raise Refused(f"No active doctor practises {specialty}")
                specialty = practised[0][0]  # as the staff records spell it
                wants = f"any {specialty} doctor"
            already = await driver.rows(_SELECT + " WHERE w.patient_id = ? AND "
                                        "w.status = 'waiting'", (patient.id,))
            if already:
                first = _row(already[0])
                raise Refused(f"{patient.name} is already waiting for {first.wants} "
                              f"(place {first.id}); remove that place first")
            [(new_id,)] = await driver.rows(
                "INSERT INTO waiting_list (patient_id, doctor_id, specialty, priority, since, "
                "note, status, added_by) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?) RETURNING id",
                (patient.id, doctor_id, "" if doctor_id is not None else specialty, priority,
                 driver.time(utcnow()), note, tx.actor.name))
            await tx.audit("add", "waiting", new_id, f"{patient.mrn} {patient.name} waits for "
                           f"{wants}, priority {priority}")
            return await _entry(driver, new_id)

    async def remove(self, entry_id: int) -> WaitingRow:
        """Take a waiting patient off the list (kept, as removed, with who and when)."""
        async with self._ctx.write(Role.CLERK, "take patients off the waiting list") as tx:
            driver = await tx.driver()
            entry = await _entry(driver, entry_id)
            if entry.status != WaitingStatus.WAITING.value:
                raise Refused(f"{entry.patient_name} is no longer waiting in place {entry.id} "
                              f"({entry.status})")
            await self._close(tx, entry, WaitingStatus.REMOVED, None)
            await tx.audit("remove", "waiting", entry.id,
                           f"{entry.patient_mrn} {entry.patient_name} no longer waits for "
                           f"{entry.wants}")
        return entry

    async def offer(self, appointment_id: int) -> WaitingRow | None:
        """Who the cancelled visit's slot is offered to, or None if nobody waiting fits or the
        slot has passed."""
        async with self._ctx.read() as conn:
            slot = await _slot(conn, appointment_id)
            if slot.starts_at <= utcnow():
                return None
            suitable = await _suitable(conn, await Driver.of(conn), slot)
        return suitable[0] if suitable else None

    async def fill(self, appointment_id: int,
                   entry_id: int | None = None) -> tuple[WaitingRow, AppointmentRow]:
        """Book a cancelled visit's slot for the patient offered it (or for place `entry_id`,
        if they fit), in one transaction with their place closed as booked; audited."""
        async with self._ctx.write(Role.CLERK, "book appointments") as tx:
            driver = await tx.driver()
            slot = await _slot(tx.conn, appointment_id)
            _refuse_past(slot)
            await _check_slot(tx.conn, slot)
            suitable = await _suitable(tx.conn, driver, slot)
            if entry_id is None:
                if not suitable:
                    raise Refused(f"Nobody waiting fits the {short_local(slot.starts_at)} slot "
                                  f"with Dr {slot.doctor_name}")
                entry = suitable[0]
            else:
                entry = await _entry(driver, entry_id)
                if entry.id not in {s.id for s in suitable}:
                    raise Refused(await self._why_not(tx.conn, driver, entry, slot))
            patient = await patient_by_mrn(tx.conn, entry.patient_mrn)
            new_id = await book_in(tx, patient, slot.doctor_id, slot.starts_at,
                                   slot.duration_min)
            await self._close(tx, entry, WaitingStatus.BOOKED, new_id)
            await tx.audit("book", "appointment", new_id,
                           f"{entry.patient_mrn} {entry.patient_name} with doctor "
                           f"{slot.doctor_id} at {slot.starts_at.isoformat(timespec='minutes')}"
                           f", from the waiting list (the slot of visit {slot.id})")
            await tx.audit("fill", "waiting", entry.id,
                           f"{entry.patient_mrn} {entry.patient_name} booked into visit "
                           f"{new_id}")
        return entry, await AppointmentService(self._ctx).get(new_id)

    @staticmethod
    async def _close(tx: Tx, entry: WaitingRow, status: WaitingStatus,
                     appointment_id: int | None) -> None:
        driver = await tx.driver()
        await driver.run(
            "UPDATE waiting_list SET status = ?, closed_by = ?, closed_at = ?, "
            "appointment_id = ? WHERE id = ?",
            (status.value, tx.actor.name, driver.time(utcnow()), appointment_id, entry.id))

    @staticmethod
    async def _why_not(conn, driver: Driver, entry: WaitingRow, slot: AppointmentRow) -> str:
        """Why place `entry` may not take the slot, in words."""
        if entry.status != WaitingStatus.WAITING.value:
            return f"{entry.patient_name} is no longer waiting in place {entry.id}"
        if entry.patient_mrn == slot.patient_mrn:
            return f"{entry.patient_name} cancelled this visit"
        specialty = (await driver.rows("SELECT specialization FROM staff WHERE id = ?",
                                       (slot.doctor_id,)))[0][0].strip()
        if entry.doctor_id not in (None, slot.doctor_id) or (
                entry.doctor_id is None and entry.specialty.lower() != specialty.lower()):
            return f"{entry.patient_name} waits for {entry.wants}, not Dr {slot.doctor_name}"
        return await _clash(conn, entry, slot) or f"{entry.patient_name} does not fit the slot"
