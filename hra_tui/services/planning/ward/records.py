"""Plain records of the planner, for the console and the CLI (never database rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from hra_tui.fields import HORIZON, TIME_LIMIT
from hra_tui.solver.plan import Plan
from hra_tui.solver.ward.instance import Breakdown, Toggles, WardInstance, Weights


@dataclass(frozen=True)
class PlanRequest:
    """What the clerk asks for: the horizon (next `horizon` slots, or the slots starting in
    [start, end)), the three weights, the toggles and how long the solver may run."""

    horizon: int | None = HORIZON.default
    start: datetime | None = None
    end: datetime | None = None
    weights: Weights = Weights()
    toggles: Toggles = Toggles()
    time_limit: float = float(TIME_LIMIT.default)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ReplanRequest:
    """A re-plan from now of the plan in force (its horizon, weights and toggles), with how
    long the solver may run."""

    time_limit: float = 10.0


@dataclass(frozen=True)
class PreparedPlan:
    """A horizon read from the records, ready to solve in any thread."""

    instance: WardInstance
    fingerprint: str
    params: dict
    waiting: int  # care requests waiting in the whole ward (some may start after the horizon)
    notes: str = ""  # what the records hold that an absence or closure overlaps, in words
    forced: tuple[str, ...] = ()  # rules the records break before any plan (overbooked)


@dataclass(frozen=True)
class ChangeCount:
    """What a re-plan changes against the plan in force (see `solver/ward/baseline`), and
    what the changes cost on top of the ward objective."""

    shifts: int  # staff on or off a slot
    visits: int  # booked visits moved or cancelled
    weight: int  # the change weight the re-plan priced them at

    @property
    def count(self) -> int:
        return self.shifts + self.visits

    @property
    def cost(self) -> int:
        return self.weight * self.count


@dataclass(frozen=True)
class PlanSummary:
    """One stored plan as listed: its numbers, its horizon, how it was asked for."""

    id: int
    created_at: datetime
    created_by: str
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    wall_time: float
    slots: int
    first_slot: str
    last_slot: str
    weights: Weights
    toggles: Toggles
    breakdown: Breakdown | None
    explanation: str
    applied_at: datetime | None
    applied_by: str | None
    changes: ChangeCount | None = None  # a re-plan's; None for a plan
    forced: tuple[str, ...] = ()  # rules the plan breaks because the records force it

    @property
    def has_solution(self) -> bool:
        return self.breakdown is not None


@dataclass(frozen=True)
class PlanDetail:
    """One stored plan in full: the summary, the instance it solved and the plan."""

    summary: PlanSummary
    instance: WardInstance
    plan: Plan


@dataclass(frozen=True)
class RosterLine:
    """A staff member a plan puts on duty in a slot."""

    staff: str
    role: str
    slot: str
    overtime: bool


@dataclass(frozen=True)
class AppointmentLine:
    """An appointment a plan books for a waiting care request."""

    request_id: int
    patient_mrn: str
    patient_name: str
    staff: str
    starts_at: datetime
    duration_min: int
    reason: str


@dataclass(frozen=True)
class BookingLine:
    """A resource a plan holds in a slot, for one patient."""

    resource: str
    slot: str
    patient_name: str


@dataclass(frozen=True)
class PlanDiff:
    """What applying a plan would add to today's records (a re-plan's also what it takes
    back, and its changes in words); `blocked` says why it cannot be applied."""

    plan_id: int
    roster: list[RosterLine] = field(default_factory=list)
    appointments: list[AppointmentLine] = field(default_factory=list)
    bookings: list[BookingLine] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # requests left for a later horizon
    blocked: str | None = None
    off_duty: list[RosterLine] = field(default_factory=list)  # a re-plan's roster removals
    cancelled: list[AppointmentLine] = field(default_factory=list)  # visits it moves or drops
    in_words: str = ""  # a re-plan's changes as a sentence or two

    @property
    def empty(self) -> bool:
        return not (self.roster or self.appointments or self.bookings or self.off_duty
                    or self.cancelled)


@dataclass(frozen=True)
class ComparisonRow:
    """One measure of two plans side by side, as text."""

    label: str
    left: str
    right: str


@dataclass(frozen=True)
class PlanComparison:
    """Two plans compared measure by measure."""

    left: int
    right: int
    rows: list[ComparisonRow]


@dataclass(frozen=True)
class ApplyResult:
    """What applying a plan wrote: counts of roster entries, appointments, bookings."""

    plan_id: int
    roster: int
    appointments: int
    bookings: int


@dataclass(frozen=True)
class FrontPointView:
    """One point of a front as the clerk reads it: its goals, whether it is proven, its plan
    (not yet stored) and what it changes against the plan in force, in words."""

    cost: int
    waiting: int
    quality: int
    proven: bool
    gap: float | None  # on cost and waiting; None: no bound was proven
    quality_gap: float | None  # the quality solve's, settled after them
    plan: Plan
    served: int
    changes: str

    @property
    def status(self) -> str:
        return "proven" if self.proven else "best found"


@dataclass(frozen=True)
class PlanFront:
    """The cost-waiting front of one horizon, least cost first; `in_force` is what the
    records already hold there (the plan in force: its roster and visits, every waiting
    request still waiting), measured with the same goals."""

    prepared: PreparedPlan
    points: list[FrontPointView]
    in_force: Breakdown
    stopped: bool
    wall_time: float
    asked: int
