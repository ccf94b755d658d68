"""Reading one planning horizon from the records, fingerprinting it, and turning it into a
`WardInstance`. Applying a plan reads the same horizon again and compares fingerprints, so a
plan is never applied over records that changed under it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Row, and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db import tables as t
from hra_tui.domain import DOCTOR_ROLES, AppointmentStatus, CareStatus, SettingKey
from hra_tui.fields import HORIZON, PLAN_SETTINGS, SETTING_MAX, Number, clinic_refusal
from hra_tui.forecast.hold import DEFAULT_HOLD
from hra_tui.services.errors import Invalid, Refused
from hra_tui.services.records.clinic import CLINIC_HOURS, clinic_hours, clinic_window
from hra_tui.services.records.events import absences_between, closures_between
from hra_tui.services.times import short_local, utcnow
from hra_tui.solver.ward.build import (
    Booked,
    Events,
    PlanSettings,
    RequestSpec,
    ResourceSpec,
    SlotSpec,
    StaffSpec,
    ward_instance,
)
from hra_tui.solver.ward.instance import (
    WARD_RULES,
    ShiftRules,
    Toggles,
    WardInstance,
    Weights,
)

DEFAULTS = PlanSettings()
# The shift-rule settings' defaults, in the settings' units (hours, counts)
WARD_RULE_SETTINGS = {
    SettingKey.MIN_REST_HOURS: WARD_RULES.min_rest // 60,
    SettingKey.MAX_CONSECUTIVE_DAYS: WARD_RULES.max_consecutive_days,
    SettingKey.MAX_WEEK_HOURS: WARD_RULES.max_week_minutes // 60,
    SettingKey.MIN_NURSES: WARD_RULES.min_nurses, SettingKey.MIN_DOCTORS: WARD_RULES.min_doctors,
    SettingKey.SENIOR_SKILL: WARD_RULES.senior_skill,
    SettingKey.MIN_SENIORS: WARD_RULES.min_seniors}


def default_setting(key: SettingKey) -> int | None:
    """What a planning setting is when the ward has not set it (None: no limit)."""
    return {**WARD_RULE_SETTINGS, **CLINIC_HOURS,
            SettingKey.PATIENTS_PER_STAFF: DEFAULTS.patients_per_staff,
            SettingKey.OVERTIME_CAP: DEFAULTS.overtime_cap,
            SettingKey.RESOURCE_CAPACITY: DEFAULTS.resource_capacity,
            SettingKey.CHANGE_WEIGHT: DEFAULTS.change_weight,
            SettingKey.FORECAST_HOLD: DEFAULT_HOLD}.get(key)


@dataclass(frozen=True)
class Snapshot:
    """Everything a horizon's plan depends on, as read in one transaction. `absences` and
    `closures` are the events in force that overlap the horizon: (owner, starts_at, ends_at),
    the owner a staff id or a resource id."""

    slots: list[Row]
    staff: list[Row]
    requests: list[Row]
    resources: list[Row]
    pairs: list[Row]
    settings: dict[str, int]
    roster: list[Row]
    appointments: list[Row]
    bookings: list[Row]
    absences: list[Row] = field(default_factory=list)
    closures: list[Row] = field(default_factory=list)
    scheduled: list[Row] = field(default_factory=list)  # a re-plan's: visits plans booked

    def fingerprint(self) -> str:
        parts = {name: [list(row) for row in getattr(self, name)]
                 for name in ("slots", "staff", "requests", "resources", "pairs", "roster",
                              "appointments", "bookings")}
        for name in ("absences", "closures", "scheduled"):  # only when there are some, so a
            if getattr(self, name):  # plan made before they were read keeps its fingerprint
                parts[name] = [list(row) for row in getattr(self, name)]
        parts["settings"] = sorted(self.settings.items())
        text = json.dumps(parts, default=str, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def slot_index(self, moment: datetime) -> int | None:
        """The slot whose window holds `moment`, or None."""
        for t_index, slot in enumerate(self.slots):
            if slot.starts_at <= moment < slot.ends_at:
                return t_index
        return None


def slot_label(slot: Row) -> str:
    return slot.label or short_local(slot.starts_at)


async def horizon_slots(conn: AsyncConnection, horizon: int | None, start: datetime | None,
                        end: datetime | None) -> list[int]:
    """Slot ids of the next `horizon` future slots, or of the slots starting in [start, end)."""
    now = utcnow()
    query = select(t.time_slots.c.id).order_by(t.time_slots.c.starts_at)
    if start is not None or end is not None:
        if start is not None and end is not None and end <= start:
            raise Invalid("The horizon's end must come after its start")
        begin = max(start or now, now)
        query = query.where(t.time_slots.c.starts_at >= begin)
        if end is not None:
            query = query.where(t.time_slots.c.starts_at < end)
        query = query.limit(HORIZON.high + 1)
    else:
        if horizon is None or not HORIZON.low <= horizon <= HORIZON.high:
            raise Invalid(f"The horizon must be from {HORIZON.low} to {HORIZON.high} slots")
        query = query.where(t.time_slots.c.starts_at >= now).limit(horizon)
    ids = [row.id for row in await conn.execute(query)]
    if not ids:
        raise Refused("No future time slots in that horizon; add time slots first")
    if len(ids) > HORIZON.high:
        raise Invalid(f"That horizon holds more than {HORIZON.high} slots; choose a shorter one")
    return ids


async def read_snapshot(conn: AsyncConnection, slot_ids: list[int]) -> Snapshot:
    slots = list(await conn.execute(
        select(t.time_slots.c.id, t.time_slots.c.label, t.time_slots.c.starts_at,
               t.time_slots.c.ends_at, t.time_slots.c.demand, t.time_slots.c.skill_min)
        .where(t.time_slots.c.id.in_(slot_ids)).order_by(t.time_slots.c.starts_at)))
    if len(slots) != len(slot_ids):
        raise Refused("Some of the plan's time slots no longer exist; solve again")
    first, last = slots[0].starts_at, slots[-1].ends_at
    s = t.staff
    staff = list(await conn.execute(
        select(s.c.id, s.c.name, s.c.role, s.c.skill, s.c.max_slots, s.c.cost_per_slot,
               s.c.overtime_cost).where(s.c.active.is_(True)).order_by(s.c.id)))
    r, p = t.care_requests, t.patients
    earliest = t.time_slots.alias("earliest")
    due = t.time_slots.alias("due")
    requests = list(await conn.execute(
        select(r.c.id, r.c.patient_id, p.c.mrn, p.c.name, r.c.resource_id, r.c.urgency,
               r.c.skill_min, r.c.care_cost, r.c.duration_min, r.c.reason,
               r.c.must_serve, r.c.due_slot_id, earliest.c.starts_at.label("earliest_at"),
               due.c.starts_at.label("due_at"))
        .join(p, p.c.id == r.c.patient_id)
        .outerjoin(earliest, earliest.c.id == r.c.earliest_slot_id)
        .outerjoin(due, due.c.id == r.c.due_slot_id)
        .where(and_(r.c.status == CareStatus.WAITING.value, p.c.active.is_(True)))
        .where((earliest.c.starts_at.is_(None)) | (earliest.c.starts_at < last))
        .order_by(r.c.urgency.desc(), r.c.created_at, r.c.id)))
    resources = list(await conn.execute(
        select(t.resources.c.id, t.resources.c.name, t.resources.c.cost_per_slot)
        .where(t.resources.c.active.is_(True)).order_by(t.resources.c.id)))
    pairs = list(await conn.execute(
        select(t.staff_pairs.c.staff_a, t.staff_pairs.c.staff_b, t.staff_pairs.c.weight)
        .order_by(t.staff_pairs.c.id)))
    settings = {row.key: row.value for row in await conn.execute(select(t.settings))}
    roster = list(await conn.execute(
        select(t.roster.c.staff_id, t.roster.c.slot_id).where(t.roster.c.slot_id.in_(slot_ids))
        .order_by(t.roster.c.slot_id, t.roster.c.staff_id)))
    a = t.appointments
    appointments = list(await conn.execute(
        select(a.c.id, a.c.doctor_id, a.c.patient_id, a.c.starts_at, a.c.duration_min)
        .where(and_(a.c.status != AppointmentStatus.CANCELLED.value,
                    a.c.starts_at < last, a.c.starts_at >= first - timedelta(hours=8)))
        .order_by(a.c.starts_at, a.c.id)))
    b, held = t.resource_bookings, t.appointments.alias("held")
    bookings = list(await conn.execute(
        select(b.c.resource_id, b.c.slot_id, held.c.starts_at, held.c.duration_min)
        .outerjoin(r, r.c.id == b.c.care_request_id)
        .outerjoin(held, held.c.id == r.c.appointment_id)
        .where(b.c.slot_id.in_(slot_ids))
        .order_by(b.c.slot_id, b.c.resource_id, b.c.id)))
    return Snapshot(slots, staff, requests, resources, pairs, settings, roster, appointments,
                    bookings, await absences_between(conn, first, last),
                    await closures_between(conn, first, last))


def plan_settings(settings: dict[str, int]) -> PlanSettings:
    """The planner's settings from the stored rows; a value stored around hra (text, or out of
    range) is refused by name rather than handed to the solver."""
    for key, value in settings.items():
        rule = PLAN_SETTINGS.get(key, Number(key, 0, SETTING_MAX))
        if type(value) is not int or not rule.low <= value <= rule.high:
            raise Refused(f"The {key} setting holds {str(value)[:20]!r}, not a whole number "
                          f"from {rule.low:,} to {rule.high:,}; set it again before planning")
    refusal = clinic_refusal(*clinic_hours(settings, checked=False))
    if refusal is not None:
        raise Refused(f"{refusal}; set them again before planning")
    def rule(key: SettingKey) -> int:
        return settings.get(key.value, WARD_RULE_SETTINGS[key])

    rules = ShiftRules(min_rest=rule(SettingKey.MIN_REST_HOURS) * 60,
                       max_consecutive_days=rule(SettingKey.MAX_CONSECUTIVE_DAYS),
                       max_week_minutes=rule(SettingKey.MAX_WEEK_HOURS) * 60,
                       min_nurses=rule(SettingKey.MIN_NURSES),
                       min_doctors=rule(SettingKey.MIN_DOCTORS),
                       senior_skill=rule(SettingKey.SENIOR_SKILL),
                       min_seniors=rule(SettingKey.MIN_SENIORS))
    return PlanSettings(
        rules=rules,
        budget=settings.get(SettingKey.BUDGET.value),
        balance=settings.get(SettingKey.BALANCE.value),
        patients_per_staff=settings.get(SettingKey.PATIENTS_PER_STAFF.value,
                                        DEFAULTS.patients_per_staff),
        overtime_cap=settings.get(SettingKey.OVERTIME_CAP.value, DEFAULTS.overtime_cap),
        resource_capacity=settings.get(SettingKey.RESOURCE_CAPACITY.value,
                                       DEFAULTS.resource_capacity),
        change_weight=settings.get(SettingKey.CHANGE_WEIGHT.value, DEFAULTS.change_weight))


def build_instance(snap: Snapshot, weights: Weights, toggles: Toggles,
                   name: str = "ward") -> WardInstance:
    """The ward instance of a snapshot; indices follow the snapshot's row order."""
    settings = plan_settings(snap.settings)
    staff_index = {row.id: i for i, row in enumerate(snap.staff)}
    slot_index = {row.id: k for k, row in enumerate(snap.slots)}
    resource_index = {row.id: k for k, row in enumerate(snap.resources)}
    staff = [StaffSpec(row.name, row.skill, row.max_slots, row.cost_per_slot, row.overtime_cost,
                       serves=row.role in DOCTOR_ROLES, role=row.role) for row in snap.staff]
    opening = snap.slots[0].starts_at.astimezone()
    midnight = opening.replace(hour=0, minute=0, second=0, microsecond=0)
    hours = clinic_hours(snap.settings)
    slots = [SlotSpec(slot_label(row), row.demand, row.skill_min,
                      start=round((row.starts_at - midnight).total_seconds() / 60),
                      minutes=round((row.ends_at - row.starts_at).total_seconds() / 60),
                      clinic=sum(round((b - a).total_seconds() / 60)
                                 for a, b in clinic_window(row.starts_at, row.ends_at, hours)))
             for row in snap.slots]
    last = len(snap.slots) - 1
    requests = []
    for row in snap.requests:
        first = 0
        if row.earliest_at is not None:
            first = next((k for k, s in enumerate(snap.slots) if s.starts_at >= row.earliest_at),
                         len(snap.slots))
        due = slot_index.get(row.due_slot_id) if row.due_slot_id is not None else None
        if row.due_at is not None and row.due_at < snap.slots[0].starts_at:
            due = last  # overdue: served in this horizon
        if row.must_serve:
            due = last if due is None else min(due, last)
        requests.append(RequestSpec(
            f"{row.name} ({row.mrn})", row.urgency, row.skill_min, row.care_cost, first,
            resource_index.get(row.resource_id, -1) if row.resource_id is not None else -1,
            due=due, minutes=row.duration_min))
    pairs = {(staff_index[row.staff_a], staff_index[row.staff_b]): row.weight
             for row in snap.pairs if row.staff_a in staff_index and row.staff_b in staff_index}
    patients: dict[tuple[int, int], int] = {}
    minutes: dict[tuple[int, int], int] = {}
    for row in snap.appointments:
        k = snap.slot_index(row.starts_at)
        if k is not None and row.doctor_id in staff_index:
            key = (staff_index[row.doctor_id], k)
            patients[key] = min(patients.get(key, 0) + 1, settings.patients_per_staff)
            minutes[key] = minutes.get(key, 0) + row.duration_min
    resources: dict[tuple[int, int], int] = {}
    for row in snap.bookings:
        if row.resource_id in resource_index:
            key = (resource_index[row.resource_id], slot_index[row.slot_id])
            resources[key] = min(resources.get(key, 0) + 1, settings.resource_capacity)
    events = event_slots(snap)
    away, closed = events.absent, events.closed
    booked = Booked(  # what an absence or a closure overlaps is not held: the event wins
        on_duty=frozenset(key for row in snap.roster if row.staff_id in staff_index
                          if (key := (staff_index[row.staff_id], slot_index[row.slot_id]))
                          not in away),
        patients={key: n for key, n in patients.items() if key not in away},
        resources={key: n for key, n in resources.items() if key not in closed},
        minutes={key: n for key, n in minutes.items() if key not in away})
    return ward_instance(name, staff, slots, requests,
                         [ResourceSpec(row.name, row.cost_per_slot) for row in snap.resources],
                         pairs=pairs, settings=settings, booked=booked, toggles=toggles,
                         weights=weights, events=events)


def _overlapped(events: list[Row], index: dict[int, int], slots: list[Row]
                ) -> frozenset[tuple[int, int]]:
    """(owner's index, slot index) for every slot an event overlaps, even by a minute."""
    return frozenset((index[row.owner], k) for row in events if row.owner in index
                     for k, slot in enumerate(slots)
                     if row.starts_at < slot.ends_at and slot.starts_at < row.ends_at)


def event_slots(snap: Snapshot) -> Events:
    """The slots each staff member is absent over and each resource is closed over: an
    absence or closure that overlaps a slot at all takes the whole slot (a shift is not
    worked in part)."""
    return Events(
        absent=_overlapped(snap.absences, {row.id: i for i, row in enumerate(snap.staff)},
                           snap.slots),
        closed=_overlapped(snap.closures, {row.id: r for r, row in enumerate(snap.resources)},
                           snap.slots))


def held_while_unavailable(snap: Snapshot) -> str:
    """In words, what the records hold that an absence or a closure overlaps: the plan does
    not count it (the absent are off duty, the closed out of use) and leaves the records as
    they are, so the clerk moves them. Empty when nothing is held."""
    events = event_slots(snap)
    staff = {row.id: (i, row.name) for i, row in enumerate(snap.staff)}
    slots = {row.id: k for k, row in enumerate(snap.slots)}
    said = []
    for row in snap.roster:
        i, name = staff.get(row.staff_id, (None, ""))
        if (i, slots[row.slot_id]) in events.absent:
            said.append(f"{name} rostered in {slot_label(snap.slots[slots[row.slot_id]])}")
    visits: dict[tuple[str, int], int] = {}
    for row in snap.appointments:
        i, name = staff.get(row.doctor_id, (None, ""))
        k = snap.slot_index(row.starts_at)
        if k is not None and (i, k) in events.absent:
            visits[name, k] = visits.get((name, k), 0) + 1
    said += [f"{n} visit{'s' if n > 1 else ''} with {name} in {slot_label(snap.slots[k])}"
             for (name, k), n in visits.items()]
    resources = {row.id: (r, row.name) for r, row in enumerate(snap.resources)}
    for row in snap.bookings:
        r, name = resources.get(row.resource_id, (None, ""))
        if (r, slots[row.slot_id]) in events.closed:
            said.append(f"{name} booked in {slot_label(snap.slots[slots[row.slot_id]])}")
    if not said:
        return ""
    shown = "; ".join(said[:3]) + (f"; and {len(said) - 3} more" if len(said) > 3 else "")
    it = "them" if len(said) > 1 else "it"
    return (f"Held in the records but absent or closed: {shown}. This plan neither counts "
            f"nor changes {it}; move {it} by hand.")
