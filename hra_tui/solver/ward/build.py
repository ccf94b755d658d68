"""Turn a ward's plain facts (staff, slots, care requests, resources, settings) into a
`WardInstance`, so the services, the tests and the benchmark fill the paper's arrays one way."""

from __future__ import annotations

from dataclasses import dataclass, field

from hra_tui.solver.ward.baseline import DEFAULT_CHANGE_WEIGHT
from hra_tui.solver.ward.instance import (
    ShiftRules,
    Toggles,
    WardInstance,
    Weights,
    deferral_penalty,
    skill_rows,
    waiting_penalty,
)


@dataclass(frozen=True)
class StaffSpec:
    name: str
    skill: int  # S
    max_slots: int  # H
    cost: int  # W per slot
    overtime_cost: int  # O per slot beyond H
    serves: bool = True  # may see patients (appointments are with doctors and surgeons)
    role: str = ""  # nurse, technologist, ...: what the role mix and headcount read


@dataclass(frozen=True)
class SlotSpec:
    label: str
    demand: int  # Dt: the fewest staff on duty
    skill_min: int = 0  # the slot's floor on the summed skill of staff on duty
    start: int | None = None  # minutes from the horizon's first midnight; None: untimed
    minutes: int = 480
    clinic: int | None = None  # minutes of clinic hours in the slot; None: visits not timed


@dataclass(frozen=True)
class RequestSpec:
    label: str
    urgency: int  # U, 1..10
    need: int = 1  # skill the serving staff member needs
    care_cost: int = 0  # C
    earliest: int = 0  # first slot index it may take
    resource: int = -1  # index of the resource it needs, or -1
    due: int | None = None  # the last slot index it must be served in; None: may wait
    minutes: int = 30  # how long the visit takes


@dataclass(frozen=True)
class ResourceSpec:
    name: str
    cost: int  # D per slot in use


@dataclass(frozen=True)
class PlanSettings:
    """The ward's planning settings (the settings table); budget None means no budget."""

    budget: int | None = None  # B
    balance: int | None = None  # F: most difference in slots worked; None = no limit
    patients_per_staff: int = 4
    overtime_cap: int = 2
    resource_capacity: int = 1
    rules: ShiftRules = ShiftRules()  # off unless the ward's settings set them
    change_weight: int = DEFAULT_CHANGE_WEIGHT  # a re-plan's price of one changed assignment


@dataclass(frozen=True)
class Booked:
    """What the records already hold inside the horizon (kept by the plan, never undone)."""

    on_duty: frozenset[tuple[int, int]] = frozenset()  # (staff, slot) rostered
    patients: dict[tuple[int, int], int] = field(default_factory=dict)  # (staff, slot) -> n
    resources: dict[tuple[int, int], int] = field(default_factory=dict)  # (resource, slot) -> n
    minutes: dict[tuple[int, int], int] = field(default_factory=dict)  # (staff, slot) -> booked


@dataclass(frozen=True)
class Events:
    """The day's events over the horizon: the slots each staff member is absent over, and
    each resource closed over (from the records' absences and closures)."""

    absent: frozenset[tuple[int, int]] = frozenset()  # (staff, slot)
    closed: frozenset[tuple[int, int]] = frozenset()  # (resource, slot)


def ward_instance(name: str, staff: list[StaffSpec], slots: list[SlotSpec],
                  requests: list[RequestSpec], resources: list[ResourceSpec],
                  pairs: dict[tuple[int, int], int] | None = None,
                  settings: PlanSettings | None = None, booked: Booked | None = None,
                  toggles: Toggles | None = None,
                  weights: Weights | None = None,
                  events: Events | None = None) -> WardInstance:
    """The instance of one horizon; `pairs` maps (i, j) staff indices to a pair weight
    (positive: they work badly together, negative: well), counted once per shared slot."""
    N, T, P, R = len(staff), len(slots), len(requests), len(resources)
    pairs = pairs or {}
    settings = settings or PlanSettings()
    booked = booked or Booked()
    toggles = toggles or Toggles()
    weights = weights or Weights()
    events = events or Events()
    interaction = [[[0] * T for _ in range(N)] for _ in range(N)]
    for (i, j), weight in pairs.items():
        a, b = min(i, j), max(i, j)
        interaction[a][b] = [weight] * T
    unlimited = T  # a difference of T slots never binds
    balance = unlimited if settings.balance is None else settings.balance
    spread = [[0 if i == j else (balance if staff[i].max_slots and staff[j].max_slots
                                 else unlimited) for j in range(N)] for i in range(N)]
    extra = settings.overtime_cap if toggles.overtime else 0
    budget = settings.budget
    if budget is None:
        budget = (sum(s.cost for s in staff) * T + sum(s.overtime_cost for s in staff) * extra
                  + sum(r.cost for r in resources) * T)
    skill_floor = [s.skill_min for s in slots]
    timed = bool(slots) and all(s.start is not None for s in slots)
    clinic = bool(slots) and all(s.clinic is not None for s in slots)
    return WardInstance(
        name=name, N=N, T=T, P=P, K=1, R=R,
        W=[[s.cost] * T for s in staff],
        I=interaction,
        C=[[q.care_cost] * T for q in requests],
        D=[[r.cost] * T for r in resources],
        Pen=[[waiting_penalty(q.urgency, q.earliest, t) if t >= q.earliest else 0
              for t in range(T)] for q in requests],
        O=[s.overtime_cost for s in staff],
        U=[q.urgency for q in requests],
        S=[s.skill for s in staff],
        M=skill_rows(N, P, skill_floor),
        H=[s.max_slots for s in staff],
        Dt=[s.demand for s in slots],
        B=budget,
        F=spread,
        staff_names=[s.name for s in staff],
        slot_labels=[s.label for s in slots],
        patient_labels=[q.label for q in requests],
        resource_names=[r.name for r in resources],
        skill_floor=skill_floor,
        serves=[int(s.serves) for s in staff],
        need=[q.need for q in requests],
        earliest=[min(max(q.earliest, 0), T) for q in requests],
        uses=[q.resource for q in requests],
        defer=[deferral_penalty(q.urgency, min(max(q.earliest, 0), T), T) for q in requests],
        on_duty=[[int((i, t) in booked.on_duty) for t in range(T)] for i in range(N)],
        booked=[[booked.patients.get((i, t), 0) for t in range(T)] for i in range(N)],
        resource_load=[[booked.resources.get((r, t), 0) for t in range(T)] for r in range(R)],
        resource_capacity=settings.resource_capacity,
        patients_per_staff=settings.patients_per_staff,
        overtime_cap=settings.overtime_cap,
        due=[q.due if q.due is not None and 0 <= q.due < T else -1 for q in requests]
        if any(q.due is not None for q in requests) else [],
        roles=[s.role for s in staff] if any(s.role for s in staff) else [],
        slot_start=[s.start for s in slots] if timed else [],
        slot_minutes=[s.minutes for s in slots] if timed else [],
        duration=[q.minutes for q in requests],
        clinic_minutes=[s.clinic for s in slots] if clinic else [],
        booked_minutes=([[booked.minutes.get((i, t), 0) for t in range(T)] for i in range(N)]
                        if booked.minutes else []),
        unavailable=([[int((i, t) in events.absent) for t in range(T)] for i in range(N)]
                     if events.absent else []),
        closed=([[int((r, t) in events.closed) for t in range(T)] for r in range(R)]
                if events.closed else []),
        rules=settings.rules, toggles=toggles, weights=weights,
    )
