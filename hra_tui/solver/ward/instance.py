"""A ward horizon as plain data: the `WardInstance`, the clerk's toggles and weights, a plan's
goals term by term, and plans to and from JSON.

No OR-Tools here: services, screens and the CLI read and store ward plans without loading the
solver; `model` builds and solves the CP-SAT model from these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass

from hra_tui.solver.instance import Instance, InstanceError
from hra_tui.solver.plan import ModelSize, Plan, Progress, Status
from hra_tui.solver.ward.baseline import Baseline

WARD_FORMAT = "hra-ward-instance/2"
_DENSE_FORMAT = "hra-ward-instance/1"  # plans stored before the compact form
TOP_SKILL = 5  # staff skill runs 1..5; the quality term counts the gap to the top


@dataclass(frozen=True)
class Toggles:
    """The ward model's additions to the printed model; all on is the ward planner."""

    patient_cap: bool = True  # (a)
    one_server: bool = True  # (b)
    overtime: bool = True  # (c)


@dataclass(frozen=True)
class Weights:
    """The seed's three goals, each a whole number the clerk sets (0 = ignore)."""

    cost: int = 1
    waiting: int = 1
    quality: int = 1


@dataclass(frozen=True)
class ShiftRules:
    """What makes a roster one a ward could work; 0 turns a rule off.

    Rest and hours need the slots' times (`WardInstance.slot_start`); what the records already
    hold is kept even where it breaks them (two shifts both already rostered)."""

    min_rest: int = 0  # minutes between the end of one shift and the start of the next
    max_consecutive_days: int = 0  # most calendar days in a row with a shift
    max_week_minutes: int = 0  # most minutes on duty in any 7 days
    min_nurses: int = 0  # nurses on duty in every slot
    min_doctors: int = 0  # staff who see patients on duty in every slot
    senior_skill: int = 0  # the skill that counts as senior (with min_seniors)
    min_seniors: int = 0  # staff at or above senior_skill on duty in every slot


# What a ward gets until it sets its own: 11 hours' rest (no night then early, no double
# shifts), 6 days in a row, 48 hours in 7 days, and in every slot a nurse, a doctor and
# someone of skill 4 or more.
WARD_RULES = ShiftRules(min_rest=11 * 60, max_consecutive_days=6, max_week_minutes=48 * 60,
                        min_nurses=1, min_doctors=1, senior_skill=4, min_seniors=1)
NURSE = "nurse"
NOT_HEADCOUNT = ("technologist",)  # roles that do not count towards a slot's staff demand


@dataclass(frozen=True)
class WardInstance(Instance):
    """A paper instance of one ward horizon (K = 1), with what the ward model adds.

    Paper arrays keep their meaning: W staff cost per slot, O overtime cost per slot, D
    resource cost per slot, C care cost, Pen waiting penalty of a request served in slot t,
    U urgency, S skill, H max slots, Dt staff floor, M[i][p][0][t] the slot's skill floor,
    I staff-pair weights, B budget, F balance.
    """

    staff_names: list[str] = field(default_factory=list)  # [N]
    slot_labels: list[str] = field(default_factory=list)  # [T]
    patient_labels: list[str] = field(default_factory=list)  # [P]
    resource_names: list[str] = field(default_factory=list)  # [R]
    serves: list[int] = field(default_factory=list)  # [N] 1 if i may see patients (doctors)
    need: list[int] = field(default_factory=list)  # [P] skill a request needs (1..5)
    earliest: list[int] = field(default_factory=list)  # [P] first slot index it may take
    uses: list[int] = field(default_factory=list)  # [P] resource index it needs, or -1
    defer: list[int] = field(default_factory=list)  # [P] penalty if left out of the horizon
    on_duty: list[list[int]] = field(default_factory=list)  # [N][T] already rostered (1)
    booked: list[list[int]] = field(default_factory=list)  # [N][T] patients already booked
    resource_load: list[list[int]] = field(default_factory=list)  # [R][T] bookings held
    skill_floor: list[int] = field(default_factory=list)  # [T] the slot's skill floor
    due: list[int] = field(default_factory=list)  # [P] last slot it must be served in, or -1
    roles: list[str] = field(default_factory=list)  # [N] staff roles ("" when not known)
    slot_start: list[int] = field(default_factory=list)  # [T] minutes from the first midnight
    slot_minutes: list[int] = field(default_factory=list)  # [T] each slot's length
    duration: list[int] = field(default_factory=list)  # [P] minutes each visit takes
    clinic_minutes: list[int] = field(default_factory=list)  # [T] clinic hours in each slot
    booked_minutes: list[list[int]] = field(default_factory=list)  # [N][T] already booked
    unavailable: list[list[int]] = field(default_factory=list)  # [N][T] 1: absent; empty: none
    closed: list[list[int]] = field(default_factory=list)  # [R][T] 1: closed (empty: none)
    baseline: Baseline | None = None  # a re-plan's plan in force (`baseline`); None: a plan
    rules: ShiftRules = ShiftRules()
    resource_capacity: int = 1  # requests one resource serves in one slot
    patients_per_staff: int = 4  # (a)
    overtime_cap: int = 2  # (c) most slots beyond H per staff member
    toggles: Toggles = Toggles()
    weights: Weights = Weights()

    def skill_minimum(self, t: int) -> int:
        """The slot's floor, kept apart from M so it holds when no request is waiting."""
        return self.skill_floor[t]

    def due_slot(self, p: int) -> int:
        """The last slot request p must be served in, or -1 if it may be deferred."""
        return self.due[p] if self.due else -1

    def role(self, i: int) -> str:
        return self.roles[i] if self.roles else ""

    def held(self, i: int, t: int) -> bool:
        """Whether the records keep staff member i on duty in slot t: rostered already, or
        (with the patient cap) with patients booked."""
        return bool(self.on_duty[i][t] or (self.toggles.patient_cap and self.booked[i][t]))

    def absent(self, i: int, t: int) -> bool:
        """Whether staff member i is absent over slot t (an absence overlaps it): never on
        duty there, whatever the records held."""
        return bool(self.unavailable and self.unavailable[i][t])

    def shut(self, r: int, t: int) -> bool:
        """Whether resource r is closed over slot t: nothing uses it there."""
        return bool(self.closed and self.closed[r][t])

    @property
    def frozen(self) -> int:
        """Slots [0, frozen) started before a re-plan's now: kept as the records hold them,
        their floors (demand, skill, role mix) binding no more."""
        return self.baseline.frozen if self.baseline else 0

    def available(self, i: int, t: int) -> bool:
        """Whether staff member i may be put on duty in slot t: not absent, t not frozen."""
        return t >= self.frozen and not self.absent(i, t)

    def headcount(self, i: int) -> bool:
        """Whether staff member i counts towards a slot's demand."""
        return self.role(i) not in NOT_HEADCOUNT

    def minutes(self, p: int) -> int:
        return self.duration[p] if self.duration else 30

    def minutes_room(self, i: int, t: int) -> int:
        """Clinic minutes staff member i has left in slot t (its bookings counted); only
        meaningful when the slots carry clinic hours."""
        held = self.booked_minutes[i][t] if self.booked_minutes else 0
        return self.clinic_minutes[t] - min(held, self.clinic_minutes[t])

    @property
    def timed(self) -> bool:
        """Whether the slots carry times, which the rest and hours rules need."""
        return bool(self.slot_start)

    def validate(self) -> None:
        super().validate()
        N, T, P, R = self.N, self.T, self.P, self.R
        for name, length in (("staff_names", N), ("slot_labels", T), ("patient_labels", P),
                             ("resource_names", R), ("skill_floor", T), ("serves", N), ("need", P),
                             ("earliest", P), ("uses", P), ("defer", P)):
            if len(getattr(self, name)) != length:
                raise InstanceError(f"{name} must have length {length}")
        for name, rows, cols in (("on_duty", N, T), ("booked", N, T),
                                 ("resource_load", R, T)):
            grid = getattr(self, name)
            if len(grid) != rows or any(len(row) != cols for row in grid):
                raise InstanceError(f"{name} must be a {rows} x {cols} grid")
        if self.due and (len(self.due) != P or any(not -1 <= d < T for d in self.due)):
            raise InstanceError(f"due must have length {P}, each a slot index or -1")
        for name, length in (("roles", N), ("slot_start", T), ("slot_minutes", T),
                             ("duration", P), ("clinic_minutes", T), ("booked_minutes", N)):
            if getattr(self, name) and len(getattr(self, name)) != length:
                raise InstanceError(f"{name} must have length {length} (or be empty)")
        for name, rows in (("unavailable", N), ("closed", R)):
            grid = getattr(self, name)
            if grid and (len(grid) != rows or any(len(row) != T for row in grid)):
                raise InstanceError(f"{name} must be a {rows} x {T} grid (or be empty)")
        if self.baseline is not None:
            self.baseline.validate(N, T, P)
        if any(not -1 <= r < R for r in self.uses):
            raise InstanceError("uses names a resource that is not in the instance")
        for number in ("resource_capacity", "patients_per_staff", "overtime_cap"):
            if getattr(self, number) < 0:
                raise InstanceError(f"{number} must not be negative")

    def to_json(self) -> dict:
        """The instance as stored with a plan: the paper's arrays, except that M (N x P x T
        copies of the slots' skill floor) is left out and I keeps only its non-zero weights,
        so a hospital's instance stays a few hundred kilobytes."""
        data = super().to_json()
        data["format"] = WARD_FORMAT
        del data["M"]
        data["I"] = [[i, j, t, w] for i, plane in enumerate(self.I)
                     for j, row in enumerate(plane) for t, w in enumerate(row) if w]
        for f in fields(WardInstance):
            if f.name not in data and f.name != "M":
                value = getattr(self, f.name)
                data[f.name] = asdict(value) if is_dataclass(value) else value
        return data

    @classmethod
    def from_json(cls, data: dict) -> WardInstance:
        """Read `to_json`'s form, or the dense form plans were stored in before it."""
        if not isinstance(data, dict) or data.get("format") not in (WARD_FORMAT, _DENSE_FORMAT):
            raise InstanceError(f"not a ward instance: 'format' must be {WARD_FORMAT!r}")
        values = {f.name: data[f.name] for f in fields(WardInstance) if f.name in data}
        if data["format"] == WARD_FORMAT:
            N, T, P = values["N"], values["T"], values["P"]
            values["I"] = sparse_interaction(N, T, values["I"])
            values["M"] = skill_rows(N, P, values.get("skill_floor", []))
        values["toggles"] = Toggles(**values.get("toggles", {}))
        values["weights"] = Weights(**values.get("weights", {}))
        values["rules"] = ShiftRules(**values.get("rules", {}))
        if values.get("baseline") is not None:
            values["baseline"] = Baseline(**values["baseline"])
        inst = cls(**values)
        inst.validate()
        return inst


def sparse_interaction(N: int, T: int, weights) -> list[list[list[int]]]:
    """The dense I [N][N][T] from (i, j, t, weight) entries."""
    interaction = [[[0] * T for _ in range(N)] for _ in range(N)]
    for i, j, t, w in weights:
        interaction[i][j][t] = w
    return interaction


def skill_rows(N: int, P: int, skill_floor: list[int]) -> list:
    """M [N][P][1][T]: every (staff, request) holds the slots' floor; one shared row, since an
    instance is never changed in place."""
    row = [list(skill_floor)]
    return [[row] * P for _ in range(N)]


@dataclass(frozen=True)
class Breakdown:
    """A ward plan's goals, term by term, as `objective = weights . (cost, waiting, quality)`."""

    staff_cost: int
    overtime_cost: int
    resource_cost: int
    care_cost: int  # a deferred request counts its dearest slot: the care is owed anyway
    waiting: int  # urgency-weighted delay of served requests plus deferral penalties
    skill_gap: int
    interaction: int
    served: int
    deferred: int
    overtime_slots: int

    @property
    def cost(self) -> int:
        return self.staff_cost + self.overtime_cost + self.resource_cost + self.care_cost

    @property
    def quality(self) -> int:
        return self.skill_gap + self.interaction

    def objective(self, weights: Weights) -> int:
        return (weights.cost * self.cost + weights.waiting * self.waiting
                + weights.quality * self.quality)


def waiting_penalty(urgency: int, earliest: int, t: int) -> int:
    """Pen of a request served in slot t: urgency times slots waited in the horizon (from 1)."""
    return urgency * (t - earliest + 1)


def deferral_penalty(urgency: int, earliest: int, horizon: int) -> int:
    """Leaving a request out counts as waiting to the horizon's end and one horizon more."""
    return urgency * (2 * horizon - earliest + 1)


def unserved_gap(inst: WardInstance, p: int) -> int:
    """Quality lost by a request nobody serves: as if served by the least skilled possible,
    so leaving a patient out never looks better for quality than seeing them."""
    return inst.U[p] * (TOP_SKILL - 1)


def evaluate(inst: WardInstance, plan: Plan) -> Breakdown:
    """Each goal of a plan, recomputed from its assignments (what comparisons show)."""
    N, T, P, R = inst.N, inst.T, inst.P, inst.R
    x, y, z, o, v = plan.x, plan.y, plan.z, plan.o, plan.v
    slot_of = [next((t for t in range(T) if y[p][t]), None) for p in range(P)]
    waiting = sum(inst.Pen[p][s] if s is not None else inst.defer[p]
                  for p, s in enumerate(slot_of))
    if inst.toggles.one_server:
        skill_gap = sum(inst.U[p] * (TOP_SKILL - inst.S[i])
                        for i in range(N) for p in range(P) if v[i][p])
        skill_gap += sum(unserved_gap(inst, p) for p, s in enumerate(slot_of) if s is None)
    else:
        skill_gap = sum((TOP_SKILL - inst.S[i]) * x[i][t] for i in range(N) for t in range(T))
    interaction = sum(inst.I[i][j][t] * x[i][t] * x[j][t]
                      for i in range(N) for j in range(N) for t in range(T))
    return Breakdown(
        staff_cost=sum(inst.W[i][t] * x[i][t] for i in range(N) for t in range(T)),
        overtime_cost=sum(inst.O[i] * o[i] for i in range(N)),
        resource_cost=sum(inst.D[r][t] * z[r][t] for r in range(R) for t in range(T)),
        care_cost=sum(inst.C[p][s] if s is not None else max(inst.C[p], default=0)
                      for p, s in enumerate(slot_of)),
        waiting=waiting, skill_gap=skill_gap, interaction=interaction,
        served=sum(s is not None for s in slot_of),
        deferred=sum(s is None for s in slot_of),
        overtime_slots=sum(o))


URGENT = 8  # urgency from which a request left unseen earns a warning


def unseen_warning(inst: WardInstance, plan: Plan) -> str:
    """In words, when the plan leaves urgent requests unseen (empty when it does not)."""
    unseen = [p for p in range(inst.P) if inst.U[p] >= URGENT and not any(plan.y[p])]
    if not unseen:
        return ""
    names = ", ".join(inst.patient_labels[p] for p in unseen[:3])
    more = f" and {len(unseen) - 3} more" if len(unseen) > 3 else ""
    w = inst.weights
    why = ("with waiting weighted 0, seeing them counts for nothing" if w.waiting == 0 else
           f"with these weights (cost {w.cost}, waiting {w.waiting}, quality {w.quality}) "
           "deferring them scores better, or no one can see them in time")
    return (f"{len(unseen)} urgent request{'s' if len(unseen) > 1 else ''} (urgency {URGENT} "
            f"or more) left unseen: {names}{more}; {why}. Mark them must-serve or raise the "
            "waiting weight.")


def server_of(plan: Plan, p: int) -> int | None:
    """The staff member who serves request p, or None (unscheduled, or (b) off)."""
    return next((i for i, row in enumerate(plan.v) if row[p]), None)


def plan_to_json(plan: Plan) -> dict:
    """A `Plan` as stored: its numbers, its progress trace, and what it decided (who is on duty
    when, each request's slot and server, each resource's slots), not the 0/1 grids."""
    data = plan.summary_json()
    data["objective"] = plan.objective
    N, P, R = len(plan.x), len(plan.y), len(plan.z)
    T = len(plan.x[0]) if plan.x else len(plan.y[0]) if plan.y else 0
    if plan.has_solution:
        data["decided"] = {
            "shape": [N, T, P, R],
            "on_duty": [[t for t, on in enumerate(row) if on] for row in plan.x],
            "slot": [next((t for t, on in enumerate(row) if on), None) for row in plan.y],
            "server": [server_of(plan, p) for p in range(P)] if plan.v else None,
            "resources": [[t for t, on in enumerate(row) if on] for row in plan.z],
            "overtime": plan.o}
    data["progress"] = [asdict(event) for event in plan.progress]
    return data


def _grid(rows: int, cols: int, marks) -> list[list[int]]:
    """A 0/1 grid with each row's marked columns (an int, a list of ints, or None) set."""
    grid = [[0] * cols for _ in range(rows)]
    for r, marked in enumerate(marks):
        for c in [] if marked is None else [marked] if isinstance(marked, int) else marked:
            grid[r][c] = 1
    return grid


def plan_from_json(data: dict) -> Plan:
    """Read `plan_to_json`'s form, or the dense grids plans were stored with before it."""
    plan = Plan(status=Status(data["status"]), objective=data.get("objective"),
                bound=data.get("bound"), gap=data.get("gap"),
                solutions=int(data.get("solutions", 0)),
                wall_time=float(data.get("wall_time", 0.0)),
                size=ModelSize(**data["size"]), x=data.get("x", []), y=data.get("y", []),
                z=data.get("z", []), o=data.get("o", []), v=data.get("v", []),
                explanation=data.get("explanation", ""), method=data.get("method", ""),
                progress=[Progress(**event) for event in data.get("progress", [])])
    decided = data.get("decided")
    if decided:
        N, T, P, R = decided["shape"]
        plan.x = _grid(N, T, decided["on_duty"])
        plan.y = _grid(P, T, decided["slot"])
        plan.z = _grid(R, T, decided["resources"])
        plan.o = list(decided["overtime"])
        servers = decided["server"]
        plan.v = [] if servers is None else [
            [int(servers[p] == i) for p in range(P)] for i in range(N)]
    return plan
