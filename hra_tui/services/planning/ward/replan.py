"""Re-planning the ward roster from now: the plan in force read back from the records as the
starting point, and what a re-plan changes in them.

The plan in force is what the applied plans still running (a slot ending after now) put in
the records: their roster entries and the visits they booked. The re-plan solves the union of
their slots again, with the latest one's weights and toggles:

- slots that started before now are frozen: kept exactly as the records hold them;
- after now the roster entries are no longer held; they are the baseline each change is
  priced against (`solver/ward/baseline`);
- a visit the plan in force booked after now becomes a care request again, whose slot and
  staff member are the baseline; other appointments (booked by hand) stay held.

The instance is built from a view of the snapshot in which those visits are requests, and
applying reads the same view (by the frozen count stored with the plan), so the indices agree.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import Row, and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db import tables as t
from hra_tui.domain import AppointmentStatus, CareStatus
from hra_tui.fields import HORIZON
from hra_tui.services.errors import Invalid, Refused
from hra_tui.services.planning.ward.apply import (
    NO_SERVER,
    Placer,
    Writes,
    book_visit,
    no_time,
    roster_lines,
)
from hra_tui.services.planning.ward.records import AppointmentLine, PlanDiff, RosterLine
from hra_tui.services.planning.ward.snapshot import (
    Snapshot,
    build_instance,
    plan_settings,
    read_snapshot,
    slot_label,
)
from hra_tui.services.planning.ward.words import Shift, in_words, short_names
from hra_tui.solver.plan import Plan
from hra_tui.solver.ward.baseline import Baseline
from hra_tui.solver.ward.changes import changes
from hra_tui.solver.ward.instance import Toggles, WardInstance, Weights, server_of

NO_PLAN = ("No plan in force to re-plan: make one with `hra plan` (g on the Planning screen) and "
           "apply it first")


async def plans_in_force(conn: AsyncConnection, now: datetime) -> tuple[list[int], list[Row]]:
    """(slot ids in time order, the applied plans still running, latest first)."""
    rows = list(await conn.execute(
        select(t.plans.c.id, t.plans.c.params).where(t.plans.c.applied_at.is_not(None))
        .order_by(t.plans.c.applied_at.desc(), t.plans.c.id.desc())))
    running, slot_ids = [], set()
    for row in rows:
        ids = row.params["slot_ids"]
        last = (await conn.execute(select(t.time_slots.c.ends_at)
                                   .where(t.time_slots.c.id.in_(ids))
                                   .order_by(t.time_slots.c.ends_at.desc()).limit(1))).first()
        if last is not None and last.ends_at > now:
            running.append(row)
            slot_ids.update(ids)
    if not running:
        raise Refused(NO_PLAN)
    if len(slot_ids) > HORIZON.high:
        raise Invalid(f"The plans in force hold more than {HORIZON.high} slots; re-plan after "
                      "some have passed")
    ordered = await conn.execute(select(t.time_slots.c.id).where(t.time_slots.c.id.in_(slot_ids))
                                 .order_by(t.time_slots.c.starts_at))
    return [row.id for row in ordered], running


async def read_replan_snapshot(conn: AsyncConnection, slot_ids: list[int]) -> Snapshot:
    """The horizon's snapshot, with the visits plans booked in it for active patients
    (`Snapshot.scheduled`; any other visit stays held as booked)."""
    snap = await read_snapshot(conn, slot_ids)
    r, p, a = t.care_requests, t.patients, t.appointments
    earliest, due = t.time_slots.alias("earliest"), t.time_slots.alias("due")
    b = t.resource_bookings
    scheduled = list(await conn.execute(
        select(r.c.id, r.c.patient_id, p.c.mrn, p.c.name, r.c.resource_id, r.c.urgency,
               r.c.skill_min, r.c.care_cost, r.c.duration_min, r.c.reason, r.c.must_serve,
               r.c.due_slot_id, earliest.c.starts_at.label("earliest_at"),
               due.c.starts_at.label("due_at"), r.c.slot_id, r.c.appointment_id,
               a.c.doctor_id, a.c.starts_at.label("booked_at"),
               a.c.status.label("visit_status"), b.c.resource_id.label("held_resource"))
        .join(p, p.c.id == r.c.patient_id)
        .join(a, a.c.id == r.c.appointment_id)
        .outerjoin(earliest, earliest.c.id == r.c.earliest_slot_id)
        .outerjoin(due, due.c.id == r.c.due_slot_id)
        .outerjoin(b, b.c.care_request_id == r.c.id)
        .where(and_(r.c.status == CareStatus.SCHEDULED.value, r.c.slot_id.in_(slot_ids),
                    p.c.active.is_(True)))
        .order_by(r.c.urgency.desc(), r.c.created_at, r.c.id)))
    return replace(snap, scheduled=scheduled)


def started(snap: Snapshot, now: datetime) -> int:
    """How many of the horizon's slots started before `now` (they lead: slots are in order)."""
    return sum(slot.starts_at < now for slot in snap.slots)


def _movable(snap: Snapshot, frozen: int) -> list[Row]:
    """The booked visits a re-plan may move: in a slot after the frozen ones, still booked."""
    after = {slot.id for slot in snap.slots[frozen:]}
    return [row for row in snap.scheduled
            if row.slot_id in after and row.visit_status == AppointmentStatus.BOOKED.value]


def _unheld(bookings: list[Row], visits: list[Row]) -> list[Row]:
    """The resource bookings less those of `visits` (booked requests the re-plan may move)."""
    held = [(row.held_resource, row.slot_id, row.booked_at) for row in visits
            if row.held_resource is not None]
    left = []
    for row in bookings:
        key = (row.resource_id, row.slot_id, row.starts_at)
        if key in held:
            held.remove(key)
        else:
            left.append(row)
    return left


def replan_view(snap: Snapshot, frozen: int) -> Snapshot:
    """The snapshot as the re-plan sees it: the movable visits are requests (after the
    waiting ones), their appointments and resource bookings are not held, and only the
    frozen slots' roster entries are."""
    movable = _movable(snap, frozen)
    gone = {row.appointment_id for row in movable}
    kept = {slot.id for slot in snap.slots[:frozen]}
    return replace(snap, requests=[*snap.requests, *movable],
                   appointments=[row for row in snap.appointments if row.id not in gone],
                   bookings=_unheld(snap.bookings, movable),
                   roster=[row for row in snap.roster if row.slot_id in kept])


def replan_instance(snap: Snapshot, now: datetime, weights: Weights,
                    toggles: Toggles) -> WardInstance:
    """The re-plan's instance: the view's, with the plan in force as its baseline."""
    frozen = started(snap, now)
    view = replan_view(snap, frozen)
    inst = build_instance(view, weights, toggles, name="ward re-plan")
    staff = {row.id: i for i, row in enumerate(snap.staff)}
    slots = {row.id: k for k, row in enumerate(snap.slots)}
    on_duty = [[0] * inst.T for _ in range(inst.N)]
    for row in snap.roster:
        if row.staff_id in staff:
            on_duty[staff[row.staff_id]][slots[row.slot_id]] = 1
    waiting = len(snap.requests)
    slot = [-1] * waiting + [slots[row.slot_id] for row in view.requests[waiting:]]
    server = [-1] * waiting + [staff.get(row.doctor_id, -1) for row in view.requests[waiting:]]
    baseline = Baseline(on_duty, slot, server, frozen,
                        plan_settings(snap.settings).change_weight)
    return replace(inst, baseline=baseline)


def replan_diff(plan_id: int, snap: Snapshot, inst: WardInstance, plan: Plan,
                now: datetime) -> tuple[PlanDiff, Writes]:
    """What applying a re-plan adds and takes back, in lines and in words; blocked if it
    would change a slot that has started since it was solved."""
    b = inst.baseline
    view = replan_view(snap, b.frozen)
    change = changes(inst, plan)
    writes = Writes()
    roster = roster_lines(snap, plan, writes, range(b.frozen, len(snap.slots)))
    off_duty = []
    for i, k in change.off:
        staff, slot = snap.staff[i], snap.slots[k]
        writes.roster_off.append((staff.id, slot.id))
        off_duty.append(RosterLine(staff.name, staff.role, slot_label(slot), False))
    waiting, undone = len(snap.requests), sorted(change.moved + change.dropped)
    cancelled = []
    for p in undone:
        row = view.requests[p]
        writes.unbooked.append((row.id, row.appointment_id))
        cancelled.append(AppointmentLine(row.id, row.mrn, row.name,
                                         _staff_name(snap, row.doctor_id), row.booked_at,
                                         row.duration_min, row.reason))
    # visits are placed around everything the records keep: all but the undone ones
    undone_ids = {view.requests[p].appointment_id for p in undone}
    placer = Placer(replace(snap, bookings=_unheld(snap.bookings,
                                                   [view.requests[p] for p in undone])),
                    [row for row in snap.appointments if row.id not in undone_ids])
    moved, booked, bookings, blocked = [], [], [], None
    for p in [*range(waiting), *change.moved]:
        k = _slot_of(plan, p)
        if k < 0:
            continue
        i = server_of(plan, p)
        placed = None if i is None else book_visit(writes, placer, view, inst, p, k, i)
        if placed is None:
            blocked = blocked or (NO_SERVER if i is None else no_time(view, p, k, i))
            continue
        (moved if p >= waiting else booked).append(placed[0])
        bookings += [placed[1]] if placed[1] else []
    touched = ({k for _i, k in change.on + change.off} | {b.slot[p] for p in undone}
               | {_slot_of(plan, p) for p in [*range(waiting), *change.moved]})
    late = [k for k in sorted(touched) if k >= 0 and snap.slots[k].starts_at < now]
    if late:
        blocked = (f"Plan {plan_id} changes {slot_label(snap.slots[late[0]])}, which has "
                   "started since it was made; re-plan again")
    names = short_names(row.name for row in snap.staff)
    words = in_words([_shift(snap, i, k) for i, k in change.off],
                     [_shift(snap, i, k) for i, k in change.on], moved,
                     [view.requests[p].name for p in change.dropped], booked, names)
    deferred = [inst.patient_labels[p] for p in range(waiting) if _slot_of(plan, p) < 0]
    diff = PlanDiff(plan_id, roster, [*moved, *booked], bookings, deferred, blocked, off_duty,
                    cancelled, words)
    return diff, writes


def _slot_of(plan: Plan, p: int) -> int:
    return next((k for k, on in enumerate(plan.y[p]) if on), -1)


def _shift(snap: Snapshot, i: int, k: int) -> Shift:
    slot = snap.slots[k]
    return Shift(snap.staff[i].name, slot_label(slot), slot.starts_at)


def _staff_name(snap: Snapshot, staff_id: int) -> str:
    return next((row.name for row in snap.staff if row.id == staff_id), f"staff {staff_id}")
