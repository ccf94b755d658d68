"""The ward planner: the paper's model built from a ward, with what the printed model left out.

A `WardInstance` is a paper `Instance` (so the paper's nine charts draw ward plans too) plus
names, the care requests' own data, what is already booked, and the clerk's toggles and
weights. `build_ward_model` is a pure function of it; `solve_ward` runs it through the generic
runner (progress events, stop signal) and returns a paper `Plan`.

The three additions (each a toggle, off = the printed model's behaviour):

(a) `patient_cap`: an on-duty staff member sees at most `patients_per_staff` patients in a slot
    (the printed model puts every patient in the cheapest slot, whatever the staffing);
(b) `one_server`: each scheduled patient is served by exactly one on-duty staff member who
    may see patients (`serves`) and whose skill is at least what the request needs (the
    printed v is linked to nothing, so it is 0);
(c) `overtime`: a staff member may work whole slots beyond H, up to `overtime_cap`, each
    costed at O (the printed o can never be positive because H is also a hard limit).

Ward readings that hold regardless of the toggles: demand Dt is a floor, not an equality
(more staff may be rostered when patients need them); a request may stay unscheduled in the
horizon at a deferral penalty instead of making the plan infeasible; a resource is allocated
in a slot when a scheduled request uses it (at most `resource_capacity` requests per slot),
rather than "each resource in exactly one slot"; staff already rostered stay rostered, and
patients already booked count against the cap.

When no plan keeps every rule, `explain_infeasible` relaxes one constraint family at a time
(budget, balance, skill floor, staff already on duty, max slots, demand, resource bookings),
re-solves, and names the first family whose relaxation leaves a plan, with its numbers from a
second solve (e.g. the cheapest spend the budget would have to allow).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from hra_tui.formatting import counted
from hra_tui.solver.plan import Plan, Status
from hra_tui.solver.runner import model_size, relative_gap, run
from hra_tui.solver.signals import ProgressCallback, StopSignal
from hra_tui.solver.ward.aggregate import (
    RequestClass,
    able_levels,
    expand,
    request_classes,
    skill_levels,
)
from hra_tui.solver.ward.instance import (
    NURSE,
    TOP_SKILL,
    WardInstance,
    evaluate,
    unseen_warning,
    unserved_gap,
)
from hra_tui.solver.ward.rules import day_runs, slot_days, too_close, week_windows
from hra_tui.solver.ward.simple import simple_plan
from hra_tui.solver.ward.unavailable import add_unavailable


@dataclass
class WardModel:
    """The CP-SAT model and its variables.

    x [N][T] staff on duty, z [R][T] resources in use, o [N] overtime slots; `count[c, t, s]`
    how many requests of class c the doctors of skill s serve in slot t (s is None without
    the one-server rule); `together` one Boolean per weighted staff pair and slot."""

    model: cp_model.CpModel
    x: list[list[cp_model.IntVar]]
    z: list[list[cp_model.IntVar]]
    o: list[cp_model.IntVar]
    classes: list[RequestClass]
    count: dict[tuple[int, int, int | None], cp_model.IntVar]
    together: dict[tuple[int, int, int], cp_model.IntVar]
    on_day: dict[tuple[int, int], cp_model.IntVar]  # staff i has a shift on day d
    worked_range: tuple[cp_model.IntVar, cp_model.IntVar] | None  # fewest, most slots worked


# The hard rules a ward plan can fail on; `build_ward_model(omit=...)` drops any of them, so
# `explain_infeasible` can re-solve with one family relaxed (as `paper/infeasibility` does for the
# paper model).
FAMILIES = ("budget", "balance", "skill", "on_duty", "max_slots", "demand", "resources",
            "rest", "hours", "role_mix", "due")


def build_ward_model(inst: WardInstance, omit: frozenset[str] = frozenset(),
                     minimise: bool = True) -> WardModel:
    """The ward model as CP-SAT; see the module docstring for what each toggle adds.

    `omit` drops whole constraint families (names in FAMILIES); `minimise=False` leaves out
    the objective (a feasibility check)."""
    N, T, R = inst.N, inst.T, inst.R
    tg, wt = inst.toggles, inst.weights
    m = cp_model.CpModel()
    x = [[m.new_bool_var(f"x[{i}][{t}]") for t in range(T)] for i in range(N)]
    z = [[m.new_bool_var(f"z[{r}][{t}]") for t in range(T)] for r in range(R)]
    cap_o = inst.overtime_cap if tg.overtime else 0
    o = [m.new_int_var(0, cap_o, f"o[{i}]") for i in range(N)]
    add_unavailable(m, inst, x, z)  # absent staff off duty, closed resources out of use
    for i in range(N):
        for t in range(T):
            if inst.on_duty[i][t] and "on_duty" not in omit:
                m.add(x[i][t] == 1)
        if "max_slots" not in omit:
            m.add(sum(x[i]) <= inst.H[i] + o[i])
    for t in range(T):
        if "demand" not in omit:
            m.add(sum(x[i][t] for i in range(N) if inst.headcount(i)) >= inst.Dt[t])
        if "skill" not in omit:
            m.add(sum(inst.S[i] * x[i][t] for i in range(N)) >= inst.skill_minimum(t))
    on_day = _add_shift_rules(m, inst, x, omit)
    classes = request_classes(inst)
    levels = skill_levels(inst)
    count: dict[tuple[int, int, int | None], cp_model.IntVar] = {}
    for c, group in enumerate(classes):
        p = group.rep
        able = able_levels(inst, levels, inst.need[p]) if tg.one_server else [None]
        for t in range(inst.earliest[p], T):
            for s in able:
                count[c, t, s] = m.new_int_var(0, group.size, f"n[{c}][{t}][{s}]")
    per_slot: dict[tuple[int, int], list] = {}
    per_level: dict[tuple[int, int | None], list] = {}
    by_class: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in classes]
    per_level_minutes: dict[tuple[int, int | None], list] = {}
    for (c, t, s), n in count.items():
        per_slot.setdefault((c, t), []).append(n)
        per_level.setdefault((t, s), []).append(n)
        per_level_minutes.setdefault((t, s), []).append(inst.minutes(classes[c].rep) * n)
        by_class[c].append((t, n))
    served = [sum(n for _t, n in row) for row in by_class]
    for c, group in enumerate(classes):
        m.add(served[c] <= group.size)
        due = inst.due_slot(group.rep)
        if due >= 0 and "due" not in omit:
            m.add(sum(n for t, n in by_class[c] if t <= due) == group.size)
    # resources: in use where a scheduled request needs them, within capacity
    for r in range(R):
        users = [c for c, group in enumerate(classes) if inst.uses[group.rep] == r]
        for t in range(T):
            used = sum(n for c in users for n in per_slot.get((c, t), []))
            held = 0 if "resources" in omit else inst.resource_load[r][t]
            m.add(used + held <= inst.resource_capacity)
            m.add(used <= inst.resource_capacity * z[r][t])
            if inst.resource_load[r][t]:
                m.add(z[r][t] == 1)
            elif not users:
                m.add(z[r][t] == 0)
    # patients already booked keep their doctor on duty: relaxed with "on_duty"
    booked = [[0] * T for _ in range(N)] if "on_duty" in omit else inst.booked
    cap = inst.patients_per_staff
    for t in range(T):
        if tg.one_server:
            for s, staff in levels.items():
                load = sum(per_level.get((t, s), []))
                on = sum(x[i][t] for i in staff)
                if tg.patient_cap:
                    m.add(load + sum(booked[i][t] for i in staff) <= cap * on)
                else:
                    m.add(load <= inst.P * on)
                if tg.patient_cap and inst.clinic_minutes:  # visits inside clinic hours
                    m.add(sum(per_level_minutes.get((t, s), []))
                          <= sum(inst.minutes_room(i, t) * x[i][t] for i in staff))
            if tg.patient_cap:
                for i in range(N):
                    if booked[i][t]:
                        m.add(booked[i][t] <= cap * x[i][t])
        elif tg.patient_cap:
            m.add(sum(per_level.get((t, None), [])) + sum(booked[i][t] for i in range(N))
                  <= cap * sum(x[i][t] for i in range(N)))
            if inst.clinic_minutes:
                m.add(sum(per_level_minutes.get((t, None), []))
                      <= sum(inst.minutes_room(i, t) * x[i][t] for i in range(N)))
    if "budget" not in omit:
        m.add(_spend(inst, x, o, z) <= inst.B)
    worked = [sum(x[i]) for i in range(N)]
    worked_range = _add_balance(m, inst, worked) if "balance" not in omit else None
    together: dict[tuple[int, int, int], cp_model.IntVar] = {}
    for i, j, t in _weighted_pairs(inst):
        b = m.new_bool_var(f"together[{i}][{j}][{t}]")
        m.add_multiplication_equality(b, [x[i][t], x[j][t]])
        together[i, j, t] = b
    unserved = [group.size - served[c] for c, group in enumerate(classes)]
    reps = [group.rep for group in classes]
    cost = (_staff_cost(inst, x) + sum(inst.O[i] * o[i] for i in range(N))
            + _resource_cost(inst, z)
            + sum(inst.C[reps[c]][t] * n for (c, t, _s), n in count.items())
            + sum(max(inst.C[p], default=0) * u for p, u in zip(reps, unserved, strict=True)))
    waiting = (sum(inst.Pen[reps[c]][t] * n for (c, t, _s), n in count.items())
               + sum(inst.defer[p] * u for p, u in zip(reps, unserved, strict=True)))
    quality = sum((inst.I[i][j][t] + inst.I[j][i][t]) * b for (i, j, t), b in together.items())
    quality += sum(inst.I[i][i][t] * x[i][t] for i in range(N) for t in range(T)
                   if inst.I[i][i][t])
    if tg.one_server:
        quality += sum(inst.U[reps[c]] * (TOP_SKILL - s) * n for (c, _t, s), n in count.items())
        quality += sum(unserved_gap(inst, p) * u for p, u in zip(reps, unserved, strict=True))
    else:
        quality += sum((TOP_SKILL - inst.S[i]) * x[i][t] for i in range(N) for t in range(T))
    if minimise:
        m.minimize(wt.cost * cost + wt.waiting * waiting + wt.quality * quality)
    return WardModel(m, x, z, o, classes, count, together, on_day, worked_range)


def _add_shift_rules(m: cp_model.CpModel, inst: WardInstance, x, omit: frozenset[str]) -> dict:
    """Rest between shifts, days in a row and hours in 7 days ("rest", "hours"), and the role
    mix of every slot ("role_mix"), as `ShiftRules` sets them; returns the day variables."""
    rules, N, T = inst.rules, inst.N, inst.T
    on_day: dict[tuple[int, int], cp_model.IntVar] = {}
    if "rest" not in omit:
        for t, u in too_close(inst):
            for i in range(N):
                if not (inst.held(i, t) and inst.held(i, u)):  # both held: kept as they are
                    m.add_bool_or([x[i][t].Not(), x[i][u].Not()])
    if "hours" not in omit:
        days = slot_days(inst) if inst.timed else []
        runs = day_runs(inst)
        if runs:
            for i in range(N):
                for d in sorted(set(days)):
                    w = m.new_bool_var(f"day[{i}][{d}]")
                    for t in range(T):
                        if days[t] == d:
                            m.add_implication(x[i][t], w)
                    on_day[i, d] = w
                held_days = {days[t] for t in range(T) if inst.held(i, t)}
                for run in runs:  # days the records already hold may exceed it, not the plan
                    m.add(sum(on_day[i, d] for d in run if (i, d) in on_day)
                          <= max(rules.max_consecutive_days,
                                 sum(d in held_days for d in run)))
        for window in week_windows(inst):
            for i in range(N):
                held = sum(inst.slot_minutes[t] for t in window if inst.held(i, t))
                m.add(sum(inst.slot_minutes[t] * x[i][t] for t in window)
                      <= max(rules.max_week_minutes, held))
    if "role_mix" not in omit:
        for t in range(T):
            if rules.min_nurses:
                m.add(sum(x[i][t] for i in range(N) if inst.role(i) == NURSE)
                      >= rules.min_nurses)
            if rules.min_doctors:
                m.add(sum(x[i][t] for i in range(N) if inst.serves[i]) >= rules.min_doctors)
            if rules.min_seniors:
                m.add(sum(x[i][t] for i in range(N) if inst.S[i] >= rules.senior_skill)
                      >= rules.min_seniors)
    return on_day


def _weighted_pairs(inst: WardInstance) -> list[tuple[int, int, int]]:
    """(i, j, t) with i < j for each staff pair that carries an interaction weight in slot t."""
    return [(i, j, t) for i in range(inst.N) for j in range(i + 1, inst.N)
            if any(inst.I[i][j]) or any(inst.I[j][i])
            for t in range(inst.T) if inst.I[i][j][t] or inst.I[j][i][t]]


def _add_balance(m: cp_model.CpModel, inst: WardInstance, worked: list):
    """|worked_i - worked_j| <= F for each balanced pair. When every balanced pair among a
    set of staff has one limit (the ward's setting), that is max - min <= F over the set: two
    bounds per person instead of one row per pair; returns those two bounds (else None)."""
    pairs = _balanced_pairs(inst)
    members = sorted({k for i, j, _f in pairs for k in (i, j)})
    limits = {f for _i, _j, f in pairs}
    if len(limits) == 1 and len(pairs) == len(members) * (len(members) - 1) // 2:
        low = m.new_int_var(0, inst.T, "fewest_worked")
        high = m.new_int_var(0, inst.T, "most_worked")
        for k in members:
            m.add(low <= worked[k])
            m.add(worked[k] <= high)
        m.add(high - low <= limits.pop())
        return low, high
    for i, j, limit in pairs:
        m.add_linear_constraint(worked[i] - worked[j], -limit, limit)
    return None


def _balanced_pairs(inst: WardInstance) -> list[tuple[int, int, int]]:
    """(i, j, F) for each pair of staff whose difference in slots worked is limited."""
    return [(i, j, min(inst.F[i][j], inst.F[j][i])) for i in range(inst.N)
            for j in range(i + 1, inst.N) if min(inst.F[i][j], inst.F[j][i]) < inst.T]


def _spend(inst: WardInstance, x, o, z):
    """What the budget B limits: staff wages, overtime and resource costs."""
    return (_staff_cost(inst, x) + sum(inst.O[i] * o[i] for i in range(inst.N))
            + _resource_cost(inst, z))


def _staff_cost(inst: WardInstance, x):
    return sum(inst.W[i][t] * x[i][t] for i in range(inst.N) for t in range(inst.T))


def _resource_cost(inst: WardInstance, z):
    return sum(inst.D[r][t] * z[r][t] for r in range(inst.R) for t in range(inst.T))


# One worker with CP-SAT's strongest LP relaxation proves the demo ward's week optimal in about
# 3 s; two default workers stay 15% from the bound after 30 s (bench/planning.py measures it).
SEARCH = {"linearization_level": 2}
# Above this many variables (a hospital's week or more), symmetry detection and probing spend
# most of a minute in presolve (21 s of 60 on 200 staff, 600 requests, 42 slots); without
# them presolve takes 5 s and the search starts from the simple plan at once.
LARGE = 20_000
LARGE_SEARCH = SEARCH | {"symmetry_level": 0, "cp_model_probing_level": 0}


def _hint_values(built: WardModel, inst: WardInstance, start: Plan) -> dict:
    """Every variable's value in `start` (the simple valid plan), by variable index."""
    values = {}
    for i, row in enumerate(built.x):
        for t, var in enumerate(row):
            values[var.index] = start.x[i][t]
    for r, row in enumerate(built.z):
        for t, var in enumerate(row):
            values[var.index] = start.z[r][t]
    for i, var in enumerate(built.o):
        values[var.index] = start.o[i]
    counts = dict.fromkeys(built.count, 0)
    class_of = {p: c for c, group in enumerate(built.classes) for p in group.members}
    for p, row in enumerate(start.y):
        t = next((t for t, on in enumerate(row) if on), None)
        if t is not None:
            i = next((i for i in range(inst.N) if start.v and start.v[i][p]), None)
            level = inst.S[i] if inst.toggles.one_server and i is not None else None
            counts[class_of[p], t, level] += 1
    for key, var in built.count.items():
        values[var.index] = counts[key]
    for (i, j, t), var in built.together.items():
        values[var.index] = start.x[i][t] * start.x[j][t]
    days = slot_days(inst) if built.on_day else []
    for (i, d), var in built.on_day.items():
        values[var.index] = int(any(start.x[i][t] for t in range(inst.T) if days[t] == d))
    if built.worked_range is not None:
        members = sorted({k for i, j, _f in _balanced_pairs(inst) for k in (i, j)})
        worked = [sum(start.x[k]) for k in members]
        values[built.worked_range[0].index] = min(worked)
        values[built.worked_range[1].index] = max(worked)
    return values


def _set_hints(model: cp_model.CpModel, values: dict) -> None:
    model.clear_hints()
    for index, value in values.items():
        model.add_hint(model.get_int_var_from_proto_index(index), value)


WINDOW = 6  # slots re-planned at once by `_improve_by_windows` (two days of three shifts)


def _improve_by_windows(built: WardModel, inst: WardInstance, values: dict, until: float,
                        stop: StopSignal | None) -> dict:
    """Re-plan a few slots at a time with everything else fixed (a large-neighbourhood search
    over the horizon): each small model solves in seconds where the whole one stalls. Returns
    the best values found (those given, if nothing better)."""
    windows = [range(a, min(a + WINDOW, inst.T)) for a in range(0, inst.T, WINDOW)]
    share = (until - time.monotonic()) / max(1, len(windows))
    for window in windows:
        if share < 1 or (stop is not None and stop.requested):
            break
        sub = built.model.clone()
        fixed = [var for i, row in enumerate(built.x) for t, var in enumerate(row)
                 if t not in window]
        fixed += [var for (_c, t, _s), var in built.count.items() if t not in window]
        for var in fixed:
            twin = sub.get_int_var_from_proto_index(var.index)
            sub.add(twin == values[var.index])
        _set_hints(sub, values)
        res = run(sub, time_limit=share, workers=1, stop=stop, parameters=LARGE_SEARCH)
        if res.has_solution:
            values = {index: res.value(sub.get_int_var_from_proto_index(index))
                      for index in values}
    return values


def solve_ward(inst: WardInstance, *, time_limit: float = 10.0, workers: int = 1, seed: int = 0,
               on_progress: ProgressCallback | None = None,
               stop: StopSignal | None = None) -> Plan:
    """Solve the ward model; a stop or the time limit keeps the best plan found so far.

    The search starts from the simple plan (`simple_plan`: the fewest staff each slot needs,
    patients seen where they have room); if the solver finds nothing better in time, that
    plan is the answer, so a ward with any valid roster always gets one. The plan's v[i][p]
    is 1 where staff member i serves request p; o[i] counts overtime slots.
    """
    start = time.monotonic()
    built = build_ward_model(inst)
    size = model_size(built.model)
    simple = simple_plan(inst)
    large = size.variables > LARGE
    if simple is not None:
        values = _hint_values(built, inst, simple)
        if large:  # half the time re-planning a few slots at a time, then the whole horizon
            values = _improve_by_windows(built, inst, values,
                                         start + time_limit / 2, stop)
        _set_hints(built.model, values)
    left = max(1.0, time_limit - (time.monotonic() - start))  # building counts too
    result = run(built.model, time_limit=left, workers=workers, seed=seed,
                 on_progress=on_progress, stop=stop,
                 parameters=LARGE_SEARCH if large else SEARCH)
    wall = time.monotonic() - start
    plan = Plan(status=result.status, objective=result.objective, bound=result.bound,
                gap=relative_gap(result.objective, result.bound),
                solutions=result.solutions, wall_time=wall, size=size,
                progress=list(result.progress))
    if result.has_solution:
        _read_plan(plan, inst, built, lambda var: result.value(var))
        if result.stopped and result.status != Status.OPTIMAL:
            plan.explanation = "Stopped by the clerk; this is the best plan found so far."
        elif result.status == Status.FEASIBLE:
            plan.explanation = f"Time limit reached; the plan is within {plan.gap:.1%} of best."
    elif result.status == Status.INFEASIBLE:
        plan.bound = plan.gap = None  # no plan exists: there is nothing to bound
        plan.explanation = explain_infeasible(inst, time_limit=min(time_limit, 10.0),
                                              stop=stop)
        plan.wall_time = time.monotonic() - start  # the explanation's solves count too
    elif simple is not None:  # the simple plan, as improved a few slots at a time if it was
        _read_plan(plan, inst, built, lambda var: values[var.index])
        plan.status = Status.FEASIBLE
        plan.objective = float(evaluate(inst, plan).objective(inst.weights))
        plan.gap = relative_gap(plan.objective, plan.bound)
        plan.solutions = 1
        plan.explanation = (("Stopped by the clerk; this is the best plan found so far"
                             if result.stopped else
                             "The solver found nothing better in time; this is the simple plan "
                             "(the fewest staff each slot needs, patients seen where they have "
                             "room)")
                            + (f", within {plan.gap:.1%} of best." if plan.gap is not None
                               else "."))
    elif result.stopped:
        plan.explanation = "Stopped by the clerk before any plan was found."
    else:
        plan.explanation = "No plan found within the time limit; allow more time."
    if plan.has_solution and (warning := unseen_warning(inst, plan)):
        plan.explanation = f"{plan.explanation} {warning}".strip()
    return plan


def _read_plan(plan: Plan, inst: WardInstance, built: WardModel, value) -> None:
    """Fill `plan`'s assignments from `value(var)` of the model's variables."""
    plan.x = [[value(v) for v in row] for row in built.x]
    plan.z = [[value(v) for v in row] for row in built.z]
    plan.o = [value(v) for v in built.o]
    counts = {key: value(v) for key, v in built.count.items()}
    plan.y, plan.v = expand(inst, built.classes, plan.x, counts)


_FAMILY_NAMES = {
    "budget": "the budget",
    "balance": "the workload balance",
    "skill": "the skill floor",
    "on_duty": "the staff already on duty",
    "demand": "the demand",
    "max_slots": "the staff's max slots",
    "resources": "the resource bookings",
    "rest": "the rest between shifts",
    "hours": "the working-time limits",
    "role_mix": "the role mix",
    "due": "the requests that must be served",
}


def explain_infeasible(inst: WardInstance, *, time_limit: float = 10.0,
                       stop: StopSignal | None = None) -> str:
    """One sentence naming the constraint family at fault, with its numbers.

    Each family in FAMILIES is relaxed in turn and the rest re-solved (CP-SAT); a family whose
    relaxation leaves a plan is a cause. The first cause (in FAMILIES order: the limits a
    planner sets before the ward's facts) is named with a second solve that measures how far
    the records are from meeting it; the other causes are listed after it.
    """
    culprits, unsettled = [], []
    for family in FAMILIES:
        built = build_ward_model(inst, omit=frozenset({family}), minimise=False)
        status = run(built.model, time_limit=time_limit, workers=1, stop=stop).status
        if status in (Status.OPTIMAL, Status.FEASIBLE):
            culprits.append(family)
        elif status == Status.UNKNOWN:
            unsettled.append(_FAMILY_NAMES[family])
    if stop is not None and stop.requested:
        return "infeasible: no plan meets every rule (stopped before the cause was found)"
    if not culprits:
        tail = f" (not settled in time without {', '.join(unsettled)})" if unsettled else ""
        return ("infeasible: no single rule is to blame; relaxing any one of the budget, "
                "balance, skill floor, staff already on duty, max slots, demand, resource "
                "bookings, rest, working-time limits, role mix or must-serve requests still "
                f"leaves no plan{tail}")
    first = culprits[0]
    text = f"infeasible because of {_FAMILY_NAMES[first]}: " + _NUMBERS[first](
        inst, time_limit, stop)
    if culprits[1:]:
        text += ("; relaxing " + " or ".join(_FAMILY_NAMES[f] for f in culprits[1:])
                 + " instead would also allow a plan")
    return text


def _shifts(n: int | None) -> str:
    return "some shifts" if n is None else f"{n} shift" if n == 1 else f"{n} shifts"


def _extra(inst: WardInstance) -> int:
    return inst.overtime_cap if inst.toggles.overtime else 0


def _kept_on(inst: WardInstance, t: int) -> int:
    """Staff counted in the demand who stay on duty in slot t: rostered already, or with
    patients booked."""
    return sum(1 for i in range(inst.N) if inst.headcount(i) and (
        inst.on_duty[i][t] or (inst.toggles.patient_cap and inst.booked[i][t])))


def _minimum(model: cp_model.CpModel, objective, time_limit: float,
             stop: StopSignal | None) -> tuple[bool, int | None, object]:
    """(exact, least value or its proven lower bound, run result) of `objective`."""
    model.minimize(objective)
    res = run(model, time_limit=time_limit, workers=1, stop=stop, parameters=SEARCH)
    if res.status == Status.OPTIMAL:
        return True, round(res.objective), res
    if res.bound is not None:
        return False, int(-(-res.bound // 1)), res
    return False, None, res


def _budget_numbers(inst: WardInstance, time_limit: float, stop: StopSignal | None) -> str:
    built = build_ward_model(inst, omit=frozenset({"budget"}), minimise=False)
    exact, least, _ = _minimum(built.model, _spend(inst, built.x, built.o, built.z),
                               time_limit, stop)
    if least is None:
        return f"B = {inst.B} is below what any roster meeting demand costs"
    needs = "needs" if exact else "needs at least"
    return f"B = {inst.B}, but the cheapest roster meeting demand {needs} {least}"


def _balance_numbers(inst: WardInstance, time_limit: float, stop: StopSignal | None) -> str:
    pairs = _balanced_pairs(inst)
    built = build_ward_model(inst, omit=frozenset({"balance"}), minimise=False)
    m = built.model
    spread = m.new_int_var(0, inst.T, "spread")
    worked = [sum(row) for row in built.x]
    for i, j, _limit in pairs:
        m.add(worked[i] - worked[j] <= spread)
        m.add(worked[j] - worked[i] <= spread)
    exact, least, _ = _minimum(m, spread, time_limit, stop)
    limit = min((f for _i, _j, f in pairs), default=inst.T)
    apart = counted(least, "slot") + " apart"
    text = f"F = {limit} slots, but the most even roster meeting demand has staff " + (
        apart if exact else f"at least {apart}")
    balanced = sorted({k for i, j, _f in pairs for k in (i, j)})
    i = min(balanced, key=lambda k: (inst.H[k], k), default=None)
    if i is not None and inst.H[i] + _extra(inst) < inst.T:
        text += (f" ({inst.staff_names[i]} may work at most {inst.H[i] + _extra(inst)} of the "
                 f"{inst.T} slots)")
    return text


def _shortfall(inst: WardInstance, family: str, time_limit: float,
               stop: StopSignal | None) -> tuple[int, int, int, int] | None:
    """(slot, needed, most reachable, staff on duty) where the relaxed family falls shortest."""
    built = build_ward_model(inst, omit=frozenset({family}), minimise=False)
    m, x = built.model, built.x
    short = []
    for t in range(inst.T):
        need = inst.Dt[t] if family == "demand" else inst.skill_minimum(t)
        weight = ([int(inst.headcount(i)) for i in range(inst.N)] if family == "demand"
                  else inst.S)
        s = m.new_int_var(0, max(need, 0), f"short[{t}]")
        m.add(sum(weight[i] * x[i][t] for i in range(inst.N)) + s >= need)
        short.append(s)
    _exact, least, res = _minimum(m, sum(short), time_limit, stop)
    if least is None or not res.has_solution:
        return None
    values = [res.value(s) for s in short]
    t = max(range(inst.T), key=lambda k: (values[k], -k))
    need = inst.Dt[t] if family == "demand" else inst.skill_minimum(t)
    on = sum(res.value(x[i][t]) for i in range(inst.N) if inst.headcount(i))
    return t, need, need - values[t], on


def _demand_numbers(inst: WardInstance, time_limit: float, stop: StopSignal | None) -> str:
    found = _shortfall(inst, "demand", time_limit, stop)
    if found is None:
        return f"the slots need {sum(inst.Dt)} staff shifts, more than the staff can cover"
    t, need, most, _on = found
    kept = _kept_on(inst, t)
    return (f"slot {inst.slot_labels[t]} needs {need} staff, but at most {most} can be on duty "
            f"({kept} already on duty plus {most - kept} available)")


def _skill_numbers(inst: WardInstance, time_limit: float, stop: StopSignal | None) -> str:
    found = _shortfall(inst, "skill", time_limit, stop)
    if found is None:
        return "a slot needs more summed skill than the staff on duty can reach"
    t, need, most, on = found
    return (f"slot {inst.slot_labels[t]} needs summed skill {need}, but the staff who can be "
            f"on duty there reach at most {most} ({on} staff; all {inst.N} together have "
            f"{sum(inst.S)})")


def _on_duty_numbers(inst: WardInstance, time_limit: float, stop: StopSignal | None) -> str:
    kept = [(i, t) for i in range(inst.N) for t in range(inst.T)
            if inst.on_duty[i][t] or (inst.toggles.patient_cap and inst.booked[i][t])]
    built = build_ward_model(inst, omit=frozenset({"on_duty"}), minimise=False)
    exact, least, _ = _minimum(built.model, sum(1 - built.x[i][t] for i, t in kept),
                               time_limit, stop)
    text = (f"{len(kept)} shifts already rostered or booked in these slots stay rostered, but "
            f"every plan meeting the other rules drops {'' if exact else 'at least '}"
            f"{least if least is not None else 'some'} of them")
    over = [(i, sum(1 for k, _t in kept if k == i)) for i in range(inst.N)]
    over = [(i, n) for i, n in over if n > inst.H[i] + _extra(inst)]
    if over:
        i, n = over[0]
        text += (f" ({inst.staff_names[i]} is on duty in {n} slots but may work at most "
                 f"{inst.H[i] + _extra(inst)})")
    return text


def _max_slots_numbers(inst: WardInstance, time_limit: float, stop: StopSignal | None) -> str:
    built = build_ward_model(inst, omit=frozenset({"max_slots"}), minimise=False)
    m = built.model
    beyond = []
    for i in range(inst.N):
        b = m.new_int_var(0, inst.T, f"beyond[{i}]")
        m.add(sum(built.x[i]) - inst.H[i] - _extra(inst) <= b)
        beyond.append(b)
    exact, least, res = _minimum(m, sum(beyond), time_limit, stop)
    most = sum(min(inst.T, h + _extra(inst)) for h in inst.H)
    text = (f"the slots need {sum(inst.Dt)} staff shifts and the staff may work at most "
            f"{most} (max slots plus {_extra(inst)} overtime each), but every plan meeting the "
            f"other rules needs {'' if exact else 'at least '}"
            f"{_shifts(least)} beyond them")
    if res.has_solution:
        i = max(range(inst.N), key=lambda k: (res.value(beyond[k]), -k))
        if res.value(beyond[i]):
            text += (f" ({inst.staff_names[i]} would work "
                     f"{counted(sum(res.value(v) for v in built.x[i]), 'slot')} but may work "
                     "at most "
                     f"{inst.H[i] + _extra(inst)})")
    return text


def _resources_numbers(inst: WardInstance, time_limit: float, stop: StopSignal | None) -> str:
    for r in range(inst.R):
        for t in range(inst.T):
            if inst.resource_load[r][t] > inst.resource_capacity:
                return (f"{inst.resource_names[r]} is booked {inst.resource_load[r][t]} times "
                        f"in slot {inst.slot_labels[t]}, but serves {inst.resource_capacity}")
    return f"the bookings already held leave no room within capacity {inst.resource_capacity}"


def _rest_numbers(inst: WardInstance, _time_limit: float, _stop: StopSignal | None) -> str:
    hours = inst.rules.min_rest / 60
    return (f"everyone needs {hours:g} hours off between shifts, and the slots cannot be "
            "staffed with that much rest")


def _hours_numbers(inst: WardInstance, _time_limit: float, _stop: StopSignal | None) -> str:
    rules = inst.rules
    limits = []
    if rules.max_week_minutes:
        limits.append(f"{rules.max_week_minutes / 60:g} hours in 7 days")
    if rules.max_consecutive_days:
        limits.append(f"{rules.max_consecutive_days} days in a row")
    return (f"staff may work at most {' and '.join(limits)}, too little to staff every slot"
            if limits else "the working-time limits leave too few staff for the slots")


def _role_mix_numbers(inst: WardInstance, _time_limit: float, _stop: StopSignal | None) -> str:
    rules, N = inst.rules, inst.N
    wants = (("nurses", rules.min_nurses, [i for i in range(N) if inst.role(i) == NURSE]),
             ("doctors", rules.min_doctors, [i for i in range(N) if inst.serves[i]]),
             (f"staff of skill {rules.senior_skill} or more", rules.min_seniors,
              [i for i in range(N) if inst.S[i] >= rules.senior_skill]))
    for what, least, staff in wants:
        shifts = sum(min(inst.T, inst.H[i] + _extra(inst)) for i in staff)
        if least and shifts < least * inst.T:
            return (f"every slot needs {least} {what}, {least * inst.T} shifts in "
                    f"{counted(inst.T, 'slot')}, but the {len(staff)} {what} may work at most "
                    f"{shifts}")
    return ("every slot needs at least "
            f"{rules.min_nurses} nurses, {rules.min_doctors} doctors and {rules.min_seniors} "
            f"staff of skill {rules.senior_skill} or more, and the staff cannot cover that "
            "with the other rules")


def _due_numbers(inst: WardInstance, _time_limit: float, _stop: StopSignal | None) -> str:
    due = [p for p in range(inst.P) if inst.due_slot(p) >= 0]
    return (f"{len(due)} requests must be served by their due slots, more than the staff who "
            "can see them there can take")


_NUMBERS = {"rest": _rest_numbers, "hours": _hours_numbers, "role_mix": _role_mix_numbers,
            "due": _due_numbers, "budget": _budget_numbers, "balance": _balance_numbers,
            "skill": _skill_numbers, "on_duty": _on_duty_numbers, "demand": _demand_numbers,
            "max_slots": _max_slots_numbers, "resources": _resources_numbers}
