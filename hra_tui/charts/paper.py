"""The paper's nine result figures (section 5.1-5.9) for one instance and plan.

Each figure keeps the paper's formula where it is meaningful and says in its docstring where
it reads the formula differently; the reading line under each chart is computed from the
plan, never written in advance.
"""

from __future__ import annotations

from collections.abc import Callable

from hra_tui.charts.chart import Chart, Frame
from hra_tui.charts.draw import Segment, bars, heatmap, lines
from hra_tui.charts.labels import Labels
from hra_tui.formatting import counted
from hra_tui.solver.instance import Instance
from hra_tui.solver.plan import Plan

ON_DUTY, OVERTIME, NEEDED = "blue+", "red+", "yellow"
STACK_COLORS = ("blue+", "green+", "cyan+", "magenta+", "yellow", "red+")
STACK_CHARS = ("█", "▓", "▒")


def paper_charts(instance: Instance, plan: Plan, labels: Labels | None = None) -> list[Chart]:
    """Figures 5.1 to 5.9, in the paper's order; ValueError if the plan cannot be charted.

    Without `labels`, axes use the names the instance carries (a ward's), else numbers.
    """
    labels = labels or Labels.of(instance)
    check_plan(instance, plan, labels)
    return [figure(instance, plan, labels) for figure in FIGURES]


def check_plan(instance: Instance, plan: Plan, labels: Labels) -> None:
    """One clear line when the plan has no schedule or does not fit the instance."""
    if not plan.has_solution:
        raise ValueError(f"The plan has no schedule to chart (status {plan.status})")
    if instance.T == 0:
        raise ValueError("The plan has no time slots to chart")
    N, T, P, R = instance.N, instance.T, instance.P, instance.R  # noqa: N806
    for name, matrix, rows in (("x", plan.x, N), ("y", plan.y, P), ("z", plan.z, R)):
        if len(matrix) != rows or any(len(row) != T for row in matrix):
            raise ValueError(f"The plan's {name} is not {rows} rows of {T} slots")
    if len(plan.v) != N or any(len(row) != P for row in plan.v):
        raise ValueError(f"The plan's v is not {N} rows of {P} patients")
    labels.check(N, P, R, T)


def resource_allocation(instance: Instance, plan: Plan, labels: Labels) -> Chart:
    """5.1, Figures 1-2: resource_matrix = [a(r, t)] with a(r, t) = z[r][t]."""
    parts = _one_slot_each(plan.z, instance.T, labels, "resources", "every resource booked once",
                           lambda _: "not used", lambda _: "in use in several slots")
    return _grid(1, "resources", "Resource allocation (resources x time slots)",
                 _sentence(parts) if instance.R else "No resources in this plan",
                 plan.z, instance.T, labels, "resources", "Resource")


def patient_distribution(instance: Instance, plan: Plan, labels: Labels) -> Chart:
    """5.2, Figures 3-4: patient_distribution[t] = sum_p y[p][t]."""
    counts = _column_sums(plan.y, instance.T)
    if len(set(counts)) == 1:
        parts = [f"even spread: {counted(counts[0], 'patient')} in every slot"]
    else:
        top, low = _argmax(counts), _argmin(counts)
        parts = [f"busiest: {_names(labels, 'slots', top)} with "
                 f"{counted(counts[top[0]], 'patient')}",
                 f"quietest: {_names(labels, 'slots', low)} with {counts[low[0]]}"]
    unseen = sum(1 for row in plan.y if not any(row))
    if unseen:
        parts.append(f"{counted(unseen, 'patient')} {'has' if unseen == 1 else 'have'} no slot")

    def draw(frame: Frame) -> None:
        bars(frame, labels.ticks("slots", instance.T),
             [[[Segment(n, "█", ON_DUTY)]] for n in counts], "Patients", "Time slot")

    return Chart(2, "patients-per-slot", "Patient distribution over time slots",
                 _sentence(parts), draw)


def staff_assignment(instance: Instance, plan: Plan, labels: Labels) -> Chart:
    """5.3, Figures 5-6: S[i][t] = x[i][t], staff on rows, slots on columns."""
    on_duty = _column_sums(plan.x, instance.T)
    top, low = _argmax(on_duty), _argmin(on_duty)
    parts = [f"most on duty: {on_duty[top[0]]} of {instance.N} staff "
             f"({_names(labels, 'slots', top)})"]
    if on_duty[low[0]] != on_duty[top[0]]:
        parts.append(f"fewest: {on_duty[low[0]]} ({_names(labels, 'slots', low)})")
    idle = sum(1 for row in plan.x if not any(row))
    if idle:
        parts.append(f"{idle} staff idle")
    return _grid(3, "staff", "Staff assignment (staff x time slots)", _sentence(parts),
                 plan.x, instance.T, labels, "staff", "Staff")


def patient_assignment(instance: Instance, plan: Plan, labels: Labels) -> Chart:
    """5.4, Figures 7-8: P[p][t] = y[p][t], patients on rows, slots on columns."""
    parts = _one_slot_each(plan.y, instance.T, labels, "patients",
                           "every patient has exactly one slot",
                           lambda rows: f"{_has(rows)} no slot",
                           lambda rows: f"{_has(rows)} several slots")
    return _grid(4, "patient-slots", "Patient assignment (patients x time slots)",
                 _sentence(parts) if instance.P else "No patients in this plan",
                 plan.y, instance.T, labels, "patients", "Patient")


def _one_slot_each(matrix: list[list[int]], slots: int, labels: Labels, kind: str, every: str,
                   unused: Callable[[list[int]], str],
                   several: Callable[[list[int]], str]) -> list[str]:
    """The reading of a rows-by-slots matrix meant to give each row one slot (resources,
    patients): which rows have none, which several, and the busiest slot."""
    each = [sum(row) for row in matrix]
    none = [i for i, n in enumerate(each) if n == 0]
    many = [i for i, n in enumerate(each) if n > 1]
    parts = [] if none or many else [every]
    if none:
        parts.append(f"{_names(labels, kind, none)} {unused(none)}")
    if many:
        parts.append(f"{_names(labels, kind, many)} {several(many)}")
    if matrix:
        per_slot = _column_sums(matrix, slots)
        top = _argmax(per_slot)
        parts.append(f"most in {_names(labels, 'slots', top)} ({per_slot[top[0]]} of "
                     f"{len(matrix)})")
    return parts


def _grid(number: int, name: str, title: str, reading: str, matrix: list[list[int]],
          slots: int, labels: Labels, kind: str, row_title: str) -> Chart:
    """A heatmap chart of a rows-by-slots 0/1 matrix (figures 5.1, 5.3 and 5.4)."""

    def draw(frame: Frame) -> None:
        heatmap(frame, matrix, labels.ticks(kind, len(matrix)), labels.ticks("slots", slots),
                row_title)

    return Chart(number, name, title, reading, draw)


def working_slots(instance: Instance, plan: Plan, labels: Labels) -> Chart:
    """5.5, Figures 9-10: slots worked (sum_t x[i][t]) against the maximum H[i].

    The paper's formula (3) multiplies by S_i as a "scale factor"; S_i is the skill level,
    and H_i (constraint 2) counts slots, so the faithful comparison is slots with slots.
    Each bar stacks regular slots, overtime (slots over H[i]) and the unused allowance.
    """
    worked = [sum(row) for row in plan.x]
    over = [max(0, w - h) for w, h in zip(worked, instance.H, strict=True)]
    if any(over):
        most = _argmax(over)
        i = most[0]
        who = [i for i, n in enumerate(over) if n]
        reading = (f"Overtime for {len(who)} staff; most: {labels.name('staff', i)}, "
                   f"{counted(over[i], 'slot')} over a maximum of {instance.H[i]}")
    else:
        reading = "No overtime: every staff member within their maximum"

    stacks = [[[Segment(min(w, h), "█", ON_DUTY), Segment(o, "▓", OVERTIME),
                Segment(max(0, h - w), "░", None)]]
              for w, h, o in zip(worked, instance.H, over, strict=True)]

    def draw(frame: Frame) -> None:
        bars(frame, labels.ticks("staff", instance.N), stacks, "Slots", "Staff",
             "█ worked ▓ overtime ░ unused maximum")

    return Chart(5, "working-slots", "Actual and maximum working slots per staff member",
                 reading, draw)


def resource_utilisation(instance: Instance, plan: Plan, labels: Labels) -> Chart:
    """5.6, Figures 11-12: u(r, t) = z[r][t], stacked per slot, one segment per resource.

    The paper stacks areas; bars over discrete slots show the same sums without implying
    use between slots. Each segment is labelled with its resource when there is room.
    """
    names = labels.ticks("resources", instance.R)
    per_slot = _column_sums(plan.z, instance.T)
    if any(per_slot):
        top = _argmax(per_slot)
        idle = [t for t, n in enumerate(per_slot) if n == 0]
        parts = [f"peak: {per_slot[top[0]]} of {counted(instance.R, 'resource')} in use "
                 f"({_names(labels, 'slots', top)})"]
        if idle:
            parts.append(f"idle: {_names(labels, 'slots', idle)}")
        reading = _sentence(parts)
    else:
        reading = "No resource is in use in any slot"
    stacks = [[[Segment(1, STACK_CHARS[r % 3], STACK_COLORS[r % len(STACK_COLORS)], names[r])
                for r in range(instance.R) if plan.z[r][t]]] for t in range(instance.T)]

    def draw(frame: Frame) -> None:
        bars(frame, labels.ticks("slots", instance.T), stacks, "Resources", "Time slot",
             "one block per resource in use")

    return Chart(6, "resource-use", "Resource utilisation over time slots", reading, draw)


def utilisation(instance: Instance, plan: Plan, labels: Labels) -> Chart:
    """5.7, Figures 13-14: patient_utilisation[t] = sum_p y[p][t] and
    staff_utilisation[t] = sum_i x[i][t], two lines (the paper's red patients, blue staff)."""
    patients = _column_sums(plan.y, instance.T)
    staff = _column_sums(plan.x, instance.T)
    uncovered = [t for t in range(instance.T) if patients[t] and not staff[t]]
    if uncovered:
        t = uncovered[0]
        reading = (f"{_cap(labels.name('slots', t))} has {counted(patients[t], 'patient')} "
                   "and no staff on duty")
        if len(uncovered) > 1:
            reading += f" ({len(uncovered)} such slots)"
    elif any(patients):
        busy = [s for s in range(instance.T) if patients[s]]
        t = max(busy, key=lambda s: (patients[s] / staff[s], patients[s]))
        reading = (f"Heaviest load: {labels.name('slots', t)}, "
                   f"{counted(patients[t], 'patient')} for {staff[t]} staff "
                   f"({patients[t] / staff[t]:.1f} per staff member)")
    else:
        reading = f"No patients scheduled; {min(staff)}-{max(staff)} staff on duty per slot"

    def draw(frame: Frame) -> None:
        lines(frame, labels.ticks("slots", instance.T),
              [(patients, "•", OVERTIME), (staff, "+", ON_DUTY)], "Count",
              "• patients  + staff", whole=True)

    return Chart(7, "utilisation", "Patient and staff utilisation over time", reading, draw)


def demand_capacity(instance: Instance, plan: Plan, labels: Labels) -> Chart:
    """5.8, Figures 15-16, read as staff needed (D_t) against staff on duty (sum_i x[i][t]).

    The paper prints demand_t = sum_p C(p, t), the cost of every patient whether or not
    scheduled in t, and capacity_t = sum_p y(p, t), the patients scheduled in t: a cost and
    a head count on one axis, which can never show a shortage. Its own reading ("demand
    exceeding capacity denotes a period when more resources are needed ... than are
    available") is a same-unit comparison, which the model holds in constraint 1: D_t staff
    are needed in slot t. So this chart draws D_t against the staff on duty, side by side per
    slot; patients per slot are already Figures 3-4 and 13-14. The paper's model makes the
    two equal; a ward plan with soft demand shows its shortages here.
    """
    needed = list(instance.Dt)
    on_duty = _column_sums(plan.x, instance.T)
    short = [(t, n - d) for t, (n, d) in enumerate(zip(needed, on_duty, strict=True)) if d < n]
    extra = [(t, d - n) for t, (n, d) in enumerate(zip(needed, on_duty, strict=True)) if d > n]
    parts = []
    if short:
        first, gap = short[0]
        parts.append(f"{_cap(labels.name('slots', first))} is short by {counted(gap, 'staff')}"
                     + "".join(f", {labels.name('slots', t)} by {g}" for t, g in short[1:3])
                     + (f" and {len(short) - 3} more slots" if len(short) > 3 else ""))
    if extra:
        t, n = max(extra, key=lambda pair: pair[1])
        parts.append(f"{labels.name('slots', t)} has {counted(n, 'staff')} more than needed")
    if not parts:
        parts.append(f"staff on duty meets demand in every slot "
                     f"({min(needed)}-{max(needed)} staff)" if needed else "no slots")
    stacks = [[[Segment(n, "▒", NEEDED)], [Segment(d, "█", ON_DUTY)]]
              for n, d in zip(needed, on_duty, strict=True)]

    def draw(frame: Frame) -> None:
        bars(frame, labels.ticks("slots", instance.T), stacks, "Staff", "Time slot",
             "▒ needed █ on duty")

    return Chart(8, "demand-capacity", "Staff demand versus staff on duty per slot",
                 _sentence(parts), draw)


def satisfaction(instance: Instance, plan: Plan, labels: Labels) -> Chart:
    """5.9, Figures 17-18: satisfaction_t = sum over i, p with y[p][t] = 1 of U[p] v[i][p],
    divided by sum_p y[p][t]. A slot with no patients has no value and is a gap in the line,
    not a zero, as the paper's figures show."""
    values = satisfaction_by_slot(instance, plan)
    gaps = [t for t, v in enumerate(values) if v is None]
    known = [t for t, v in enumerate(values) if v is not None]
    parts = []
    if not known:
        parts.append("no patient has a slot, so satisfaction is undefined in every slot")
    elif not any(any(row) for row in plan.v):
        parts.append("satisfaction is 0 wherever patients are seen: the plan links no "
                     "patient to a staff member")
    else:
        hi = max(known, key=lambda t: values[t])
        lo = min(known, key=lambda t: values[t])
        parts.append(f"highest: {labels.name('slots', hi)} ({values[hi]:.1f})")
        if values[lo] != values[hi]:
            parts.append(f"lowest: {labels.name('slots', lo)} ({values[lo]:.1f})")
    if gaps and known:
        parts.append(f"no patients in {_names(labels, 'slots', gaps)} (gap)")

    def draw(frame: Frame) -> None:
        lines(frame, labels.ticks("slots", instance.T), [(values, "•", ON_DUTY)],
              "Utility", "• satisfaction per patient; gap = no patients", whole=False)

    return Chart(9, "satisfaction", "Patient satisfaction over time", _sentence(parts), draw)


def satisfaction_by_slot(instance: Instance, plan: Plan) -> list[float | None]:
    """The paper's satisfaction_t per slot; None where no patient is scheduled."""
    values: list[float | None] = []
    for t in range(instance.T):
        seen = [p for p in range(instance.P) if plan.y[p][t]]
        if not seen:
            values.append(None)
            continue
        total = sum(instance.U[p] * plan.v[i][p] for i in range(instance.N) for p in seen)
        values.append(total / len(seen))
    return values


FIGURES = (resource_allocation, patient_distribution, staff_assignment, patient_assignment,
           working_slots, resource_utilisation, utilisation, demand_capacity, satisfaction)


def _column_sums(matrix: list[list[int]], width: int) -> list[int]:
    return [sum(row[t] for row in matrix) for t in range(width)]


def _argmax(values: list[int]) -> list[int]:
    best = max(values)
    return [k for k, v in enumerate(values) if v == best]


def _argmin(values: list[int]) -> list[int]:
    least = min(values)
    return [k for k, v in enumerate(values) if v == least]


def _names(labels: Labels, kind: str, indices: list[int]) -> str:
    return labels.names(kind, indices)


def _has(subjects: list[int]) -> str:
    return "has" if len(subjects) == 1 else "have"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(parts: list[str]) -> str:
    return _cap("; ".join(parts))
