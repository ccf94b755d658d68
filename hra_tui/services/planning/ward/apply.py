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

from sqlalchemy import insert, select, update

from db import tables as t
from hra_tui.services.context import Tx
from hra_tui.services.planning.ward.records import (
    AppointmentLine,
    BookingLine,
    PlanDiff,
    RosterLine,
)
from hra_tui.services.planning.ward.snapshot import (
    Snapshot,
    clinic_hours,
    clinic_window,
    plan_settings,
    slot_label,
)
from hra_tui.services.records.appointments import book_in
from hra_tui.services.times import short_local
from hra_tui.solver.plan import Plan
from hra_tui.solver.ward.instance import WardInstance, server_of

STEP = timedelta(minutes=5)


@dataclass
class Writes:
    """The rows applying a plan inserts, by database id."""

    roster: list[tuple[int, int, bool]] = field(default_factory=list)  # staff, slot, overtime
    appointments: list[tuple[int, int, int, int, datetime, int]] = field(default_factory=list)
    # (care request, patient, staff, slot, starts_at, minutes)
    bookings: list[tuple[int, int, int]] = field(default_factory=list)  # resource, slot, request


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


def compute_diff(plan_id: int, snap: Snapshot, inst: WardInstance,
                 plan: Plan) -> tuple[PlanDiff, Writes]:
    writes = Writes()
    roster_lines: list[RosterLine] = []
    held = {(row.staff_id, row.slot_id) for row in snap.roster}
    overtime = [_overtime_slots(plan, i) for i in range(len(snap.staff))]
    for k, slot in enumerate(snap.slots):
        for i, staff in enumerate(snap.staff):
            if plan.x[i][k] and (staff.id, slot.id) not in held:
                writes.roster.append((staff.id, slot.id, k in overtime[i]))
                roster_lines.append(RosterLine(staff.name, staff.role, slot_label(slot),
                                               k in overtime[i]))
    busy_staff: dict[int, list[Span]] = {}
    busy_patient: dict[int, list[Span]] = {}
    busy_resource: dict[int, list[Span]] = {}
    for row in snap.bookings:
        if row.starts_at is not None:
            busy_resource.setdefault(row.resource_id, []).append(
                (row.starts_at, row.starts_at + timedelta(minutes=row.duration_min)))
    hours = clinic_hours(snap.settings)
    capacity = plan_settings(snap.settings).resource_capacity
    for row in snap.appointments:
        span = (row.starts_at, row.starts_at + timedelta(minutes=row.duration_min))
        busy_staff.setdefault(row.doctor_id, []).append(span)
        busy_patient.setdefault(row.patient_id, []).append(span)
    appointment_lines: list[AppointmentLine] = []
    booking_lines: list[BookingLine] = []
    deferred: list[str] = []
    blocked: str | None = None
    for p, request in enumerate(snap.requests):
        k = next((k for k, on in enumerate(plan.y[p]) if on), None)
        if k is None:
            deferred.append(inst.patient_labels[p])
            continue
        slot = snap.slots[k]
        i = server_of(plan, p)
        if i is None:
            blocked = blocked or ("This plan names no staff member for its patients (solved "
                                  "without 'one server per patient'); solve again with it on")
            continue
        staff = snap.staff[i]
        busy = busy_staff.get(staff.id, []) + busy_patient.get(request.patient_id, [])
        resource = request.resource_id if inst.uses[p] >= 0 else None
        shared = busy_resource.get(resource, [])
        start = next((moment for a, b in clinic_window(slot.starts_at, slot.ends_at, hours)
                      if (moment := _free_start(busy, a, b, request.duration_min, shared,
                                                capacity)) is not None), None)
        if start is None:
            blocked = blocked or (f"No free {request.duration_min} minutes in clinic hours "
                                  f"for {request.name} with {staff.name} in {slot_label(slot)}")
            continue
        span = (start, start + timedelta(minutes=request.duration_min))
        busy_staff.setdefault(staff.id, []).append(span)
        busy_patient.setdefault(request.patient_id, []).append(span)
        if resource is not None:
            busy_resource.setdefault(resource, []).append(span)
        writes.appointments.append((request.id, request.patient_id, staff.id, slot.id, start,
                                    request.duration_min))
        appointment_lines.append(AppointmentLine(request.id, request.mrn, request.name,
                                                 staff.name, start, request.duration_min,
                                                 request.reason))
        if request.resource_id is not None and inst.uses[p] >= 0:
            resource = snap.resources[inst.uses[p]]
            writes.bookings.append((resource.id, slot.id, request.id))
            booking_lines.append(BookingLine(resource.name, slot_label(slot), request.name))
    diff = PlanDiff(plan_id, roster_lines, appointment_lines, booking_lines, deferred, blocked)
    return diff, writes


async def write_plan(tx: Tx, plan_id: int, writes: Writes) -> None:
    """Insert everything in `writes` inside the caller's transaction."""
    conn = tx.conn
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
    return (f"{len(writes.roster)} roster entries, {len(writes.appointments)} appointments, "
            f"{len(writes.bookings)} resource bookings{when}")
