"""What a plan adds to the records (its diff against today's), and writing it.

The diff is computed from a fresh snapshot of the horizon: roster rows not yet held, one
appointment per scheduled care request with its serving staff member (placed at the first time
inside the slot's clinic hours when neither the staff member nor the patient is booked and its
resource, if any, is held by fewer visits than it serves at once), and a resource booking per
request that needs one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Row, insert, select, update

from db import tables as t
from hra_tui.domain import AppointmentStatus, CareStatus
from hra_tui.services.context import Tx
from hra_tui.services.planning.ward.records import (
    AppointmentLine,
    BookingLine,
    PlanDiff,
    RosterLine,
)
from hra_tui.services.planning.ward.snapshot import (
    Snapshot,
    plan_settings,
    slot_label,
)
from hra_tui.services.records.appointments import book_in
from hra_tui.services.records.clinic import clinic_hours, clinic_window
from hra_tui.services.times import short_local
from hra_tui.solver.plan import Plan
from hra_tui.solver.ward.instance import WardInstance, server_of

STEP = timedelta(minutes=5)


@dataclass
class Writes:
    """The rows applying a plan inserts, by database id, and (a re-plan's) what it undoes."""

    roster: list[tuple[int, int, bool]] = field(default_factory=list)  # staff, slot, overtime
    appointments: list[tuple[int, int, int, int, datetime, int]] = field(default_factory=list)
    # (care request, patient, staff, slot, starts_at, minutes)
    bookings: list[tuple[int, int, int]] = field(default_factory=list)  # resource, slot, request
    roster_off: list[tuple[int, int]] = field(default_factory=list)  # staff, slot: entry deleted
    unbooked: list[tuple[int, int]] = field(default_factory=list)  # care request, appointment
    # cancelled: its visit moves (booked again in `appointments`) or waits (back to waiting)


def _overtime_slots(plan: Plan, i: int) -> set[int]:
    """Which of i's slots count as overtime: the last o[i] slots worked."""
    worked = [k for k, on in enumerate(plan.x[i]) if on]
    extra = plan.o[i] if plan.o else 0
    return set(worked[len(worked) - extra:]) if extra else set()


Span = tuple[datetime, datetime]


def _free_start(busy: list[Span], start: datetime, end: datetime, minutes: int,
                shared: list[Span] = (), capacity: int = 1) -> datetime | None:
    """The first moment from `start` at which `minutes` fit before `end`, clear of `busy`
    and overlapping fewer than `capacity` of the `shared` spans (a resource's visits)."""
    moment, length = start, timedelta(minutes=minutes)
    while moment + length <= end:
        clash = next((b for b in busy if b[0] < moment + length and moment < b[1]), None)
        if clash is None:
            crowd = [b for b in shared if b[0] < moment + length and moment < b[1]]
            if len(crowd) < capacity:
                return moment
            clash = min(crowd, key=lambda b: b[1])
        moment = max(moment + STEP, clash[1])
    return None


class Placer:
    """Visit times inside the slots' clinic hours, clear of what each staff member, patient
    and resource already holds: the records' appointments given, plus every visit placed."""

    def __init__(self, snap: Snapshot, appointments: list[Row]) -> None:
        self.staff: dict[int, list[Span]] = {}
        self.patient: dict[int, list[Span]] = {}
        self.resource: dict[int, list[Span]] = {}
        for row in snap.bookings:
            if row.starts_at is not None:
                self.resource.setdefault(row.resource_id, []).append(
                    (row.starts_at, row.starts_at + timedelta(minutes=row.duration_min)))
        for row in appointments:
            span = (row.starts_at, row.starts_at + timedelta(minutes=row.duration_min))
            self.staff.setdefault(row.doctor_id, []).append(span)
            self.patient.setdefault(row.patient_id, []).append(span)
        self.hours = clinic_hours(snap.settings)
        self.capacity = plan_settings(snap.settings).resource_capacity

    def place(self, request: Row, staff_id: int, slot: Row,
              resource: int | None) -> datetime | None:
        """The first free start for `request` with the staff member in the slot (its
        resource, if any, held by fewer visits than it serves at once), now held; None if
        none fits."""
        minutes = request.duration_min
        busy = self.staff.get(staff_id, []) + self.patient.get(request.patient_id, [])
        shared = self.resource.get(resource, [])
        start = next((moment for a, b in clinic_window(slot.starts_at, slot.ends_at, self.hours)
                      if (moment := _free_start(busy, a, b, minutes, shared,
                                                self.capacity)) is not None), None)
        if start is not None:
            span = (start, start + timedelta(minutes=minutes))
            self.staff.setdefault(staff_id, []).append(span)
            self.patient.setdefault(request.patient_id, []).append(span)
            if resource is not None:
                self.resource.setdefault(resource, []).append(span)
        return start


def roster_lines(snap: Snapshot, plan: Plan, writes: Writes,
                 slots: range | None = None) -> list[RosterLine]:
    """The roster rows the plan adds in `slots` (default all), into `writes`, as lines."""
    lines = []
    held = {(row.staff_id, row.slot_id) for row in snap.roster}
    overtime = [_overtime_slots(plan, i) for i in range(len(snap.staff))]
    for k in range(len(snap.slots)) if slots is None else slots:
        slot = snap.slots[k]
        for i, staff in enumerate(snap.staff):
            if plan.x[i][k] and (staff.id, slot.id) not in held:
                writes.roster.append((staff.id, slot.id, k in overtime[i]))
                lines.append(RosterLine(staff.name, staff.role, slot_label(slot),
                                        k in overtime[i]))
    return lines


def book_visit(writes: Writes, placer: Placer, snap: Snapshot, inst: WardInstance, p: int,
               k: int, i: int) -> tuple[AppointmentLine, BookingLine | None] | None:
    """Request p's visit with staff member i in slot k, into `writes`; None if no free time
    fits in the slot's clinic hours."""
    request, slot, staff = snap.requests[p], snap.slots[k], snap.staff[i]
    resource = request.resource_id if inst.uses[p] >= 0 else None
    start = placer.place(request, staff.id, slot, resource)
    if start is None:
        return None
    writes.appointments.append((request.id, request.patient_id, staff.id, slot.id, start,
                                request.duration_min))
    line = AppointmentLine(request.id, request.mrn, request.name, staff.name, start,
                           request.duration_min, request.reason)
    if resource is None:
        return line, None
    held = snap.resources[inst.uses[p]]
    writes.bookings.append((held.id, slot.id, request.id))
    return line, BookingLine(held.name, slot_label(slot), request.name)


def no_time(snap: Snapshot, p: int, k: int, i: int) -> str:
    request = snap.requests[p]
    return (f"No free {request.duration_min} minutes in clinic hours for {request.name} with "
            f"{snap.staff[i].name} in {slot_label(snap.slots[k])}")


NO_SERVER = ("This plan names no staff member for its patients (solved without 'one server "
             "per patient'); solve again with it on")


def compute_diff(plan_id: int, snap: Snapshot, inst: WardInstance,
                 plan: Plan) -> tuple[PlanDiff, Writes]:
    writes = Writes()
    roster = roster_lines(snap, plan, writes)
    placer = Placer(snap, snap.appointments)
    appointment_lines: list[AppointmentLine] = []
    booking_lines: list[BookingLine] = []
    deferred: list[str] = []
    blocked: str | None = None
    for p in range(len(snap.requests)):
        k = next((k for k, on in enumerate(plan.y[p]) if on), None)
        if k is None:
            deferred.append(inst.patient_labels[p])
            continue
        i = server_of(plan, p)
        if i is None:
            blocked = blocked or NO_SERVER
            continue
        booked = book_visit(writes, placer, snap, inst, p, k, i)
        if booked is None:
            blocked = blocked or no_time(snap, p, k, i)
            continue
        appointment_lines.append(booked[0])
        booking_lines += [booked[1]] if booked[1] else []
    diff = PlanDiff(plan_id, roster, appointment_lines, booking_lines, deferred, blocked)
    return diff, writes


async def write_plan(tx: Tx, plan_id: int, writes: Writes) -> None:
    """Undo what `writes` takes back (a re-plan's), then insert what it adds, inside the
    caller's transaction."""
    conn = tx.conn
    for request, appointment in writes.unbooked:
        await conn.execute(update(t.appointments).where(t.appointments.c.id == appointment)
                           .values(status=AppointmentStatus.CANCELLED.value))
        await conn.execute(t.resource_bookings.delete()
                           .where(t.resource_bookings.c.care_request_id == request))
        await conn.execute(update(t.care_requests).where(t.care_requests.c.id == request)
                           .values(status=CareStatus.WAITING.value, appointment_id=None,
                                   plan_id=None, slot_id=None))
    for staff, slot in writes.roster_off:
        await conn.execute(t.roster.delete().where(
            (t.roster.c.staff_id == staff) & (t.roster.c.slot_id == slot)))
    if writes.roster:
        await conn.execute(insert(t.roster), [
            {"staff_id": staff, "slot_id": slot, "overtime": overtime, "plan_id": plan_id}
            for staff, slot, overtime in writes.roster])
    for request, patient_id, staff, slot, starts_at, minutes in writes.appointments:
        patient = (await conn.execute(select(t.patients).where(t.patients.c.id == patient_id)
                                      )).one()
        appointment = await book_in(tx, patient, staff, starts_at, minutes)
        await conn.execute(update(t.care_requests).where(t.care_requests.c.id == request).values(
            status="scheduled", appointment_id=appointment, plan_id=plan_id,
            slot_id=slot))
    if writes.bookings:
        await conn.execute(insert(t.resource_bookings), [
            {"resource_id": resource, "slot_id": slot, "care_request_id": request,
             "plan_id": plan_id} for resource, slot, request in writes.bookings])


def describe(writes: Writes) -> str:
    first = min((a[4] for a in writes.appointments), default=None)
    when = f", first visit {short_local(first)}" if first else ""
    undone = (f"; {len(writes.roster_off)} roster entries removed, {len(writes.unbooked)} "
              "appointments cancelled" if writes.roster_off or writes.unbooked else "")
    return (f"{len(writes.roster)} roster entries, {len(writes.appointments)} appointments, "
            f"{len(writes.bookings)} resource bookings{when}{undone}")
