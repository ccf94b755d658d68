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

The rules, one function each, are in `constraints` (`RULES`, name -> function); the variables
they constrain in `variables`. A re-plan's frozen slots and the price of each change against
the plan in force come from one call, `replan.add_replan_rules`; a plain plan gets nothing
from it. When no plan keeps every rule, `explain_infeasible` switches
rules off by name, a few at a time (the budget, balance, skill floor, staff already on duty,
max slots, demand, resource bookings, rest, working-time limits, role mix, must-serve
requests), re-solves, and names the first cause whose rules off leave a plan, with its numbers
from a second solve (e.g. the cheapest spend the budget would have to allow).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from hra_tui.formatting import counted
from hra_tui.solver.plan import Plan, Status
from hra_tui.solver.runner import model_size, relative_gap, run
from hra_tui.solver.signals import ProgressCallback, StopSignal
from hra_tui.solver.ward.aggregate import expand
from hra_tui.solver.ward.changes import baseline_plan, change_cost
from hra_tui.solver.ward.constraints import RULES, balanced_pairs, spend
from hra_tui.solver.ward.instance import (
    NURSE,
    TOP_SKILL,
    WardInstance,
    evaluate,
    unseen_warning,
    unserved_gap,
)
from hra_tui.solver.ward.replan import (
    add_replan_rules,
    event_window,
    keep_hints,
    kept_visits,
)
from hra_tui.solver.ward.rules import slot_days
from hra_tui.solver.ward.simple import simple_plan
from hra_tui.solver.ward.unavailable import add_unavailable
from hra_tui.solver.ward.variables import WardModel, new_ward_model


def build_ward_model(inst: WardInstance, off: frozenset[str] = frozenset(),
                     minimise: bool = True) -> WardModel:
    """The ward model as CP-SAT: its variables, every rule of `RULES` in order but those named
    in `off`, and the objective (left out with `minimise=False`, a feasibility check)."""
    if unknown := off - RULES.keys():  # a misspelt name would leave its rule on unnoticed
        raise ValueError(f"no such ward rule: {', '.join(sorted(unknown))}")
    booked = (inst.booked if "keep_booked_patients" not in off
              else [[0] * inst.T for _ in range(inst.N)])
    ward = new_ward_model(inst, booked)
    # absent staff off duty, closed resources out of use: facts of the records, never relaxed
    add_unavailable(ward.model, inst, ward.x, ward.z)
    for name, rule in RULES.items():
        if name not in off:
            rule(ward, inst)
    change_cost = add_replan_rules(ward, inst)  # a re-plan's past kept, its changes priced
    if minimise:
        ward.model.minimize(_objective(ward, inst) + change_cost)
    return ward


def _objective(ward: WardModel, inst: WardInstance):
    """The clerk's weighted sum of cost, waiting and quality (`goal_expressions`)."""
    cost, waiting, quality = goal_expressions(ward, inst)
    wt = inst.weights
    return wt.cost * cost + wt.waiting * waiting + wt.quality * quality


def goal_expressions(ward: WardModel, inst: WardInstance):
    """The plan's (cost, waiting, quality) as expressions, as `instance.evaluate` counts them
    from a plan: a request left unseen costs its dearest slot and its deferral penalty."""
    N, T = inst.N, inst.T
    x, count = ward.x, ward.count
    unserved = [group.size - ward.served(c) for c, group in enumerate(ward.classes)]
    reps = [group.rep for group in ward.classes]
    cost = (spend(inst, x, ward.o, ward.z)
            + sum(inst.C[reps[c]][t] * n for (c, t, _s), n in count.items())
            + sum(max(inst.C[p], default=0) * u for p, u in zip(reps, unserved, strict=True)))
    waiting = (sum(inst.Pen[reps[c]][t] * n for (c, t, _s), n in count.items())
               + sum(inst.defer[p] * u for p, u in zip(reps, unserved, strict=True)))
    quality = sum((inst.I[i][j][t] + inst.I[j][i][t]) * b
                  for (i, j, t), b in ward.together.items())
    quality += sum(inst.I[i][i][t] * x[i][t] for i in range(N) for t in range(T)
                   if inst.I[i][i][t])
    if inst.toggles.one_server:
        quality += sum(inst.U[reps[c]] * (TOP_SKILL - s) * n for (c, _t, s), n in count.items())
        quality += sum(unserved_gap(inst, p) * u for p, u in zip(reps, unserved, strict=True))
    else:
        quality += sum((TOP_SKILL - inst.S[i]) * x[i][t] for i in range(N) for t in range(T))
    return cost, waiting, quality


# One worker with CP-SAT's strongest LP relaxation proves the demo ward's week optimal in about
# 3 s; two default workers stay 15% from the bound after 30 s (bench/planning.py measures it).
SEARCH = {"linearization_level": 2}
# Above this many variables (a hospital's week or more), symmetry detection and probing spend
# most of a minute in presolve (21 s of 60 on 200 staff, 600 requests, 42 slots); without
# them presolve takes 5 s and the search starts from the simple plan at once.
LARGE = 20_000
LARGE_SEARCH = SEARCH | {"symmetry_level": 0, "cp_model_probing_level": 0}


def hint_values(built: WardModel, inst: WardInstance, start: Plan) -> dict:
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
        members = sorted({k for i, j, _f in balanced_pairs(inst) for k in (i, j)})
        worked = [sum(start.x[k]) for k in members]
        values[built.worked_range[0].index] = min(worked)
        values[built.worked_range[1].index] = max(worked)
    values.update(keep_hints(built.keep, start, inst))
    return values


def _set_hints(model: cp_model.CpModel, values: dict) -> None:
    """Hint every variable in `values` (by index), written into the proto at once: one
    `add_hint` a variable takes seconds at a hospital's size."""
    model.clear_hints()
    model.proto.solution_hint.vars.extend(values.keys())
    model.proto.solution_hint.values.extend(values.values())


WINDOW = 6  # slots re-planned at once by `_improve_by_windows` (two days of three shifts)
REPAIRED = 0.01  # a re-plan's repair is good enough within 1% of its own bound: the whole
# model, which alone bounds the re-plan, gets the time left (bench/replan.py)


def _improve_by_windows(built: WardModel, inst: WardInstance, values: dict, until: float,
                        stop: StopSignal | None, windows: list | None = None,
                        enough: float | None = None) -> tuple[dict, bool]:
    """Re-plan a few slots at a time (`windows`, default the horizon WINDOW slots at a time)
    with everything else fixed (a large-neighbourhood search over the horizon): each small
    model solves in seconds where the whole one stalls; with `enough`, a window stops once
    within that gap of its own bound. Returns the best values found (those given, if nothing
    better), and whether they are a plan (a window solved)."""
    if windows is None:
        windows = [range(a, min(a + WINDOW, inst.T)) for a in range(0, inst.T, WINDOW)]
    share = (until - time.monotonic()) / max(1, len(windows))
    solved = False
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
        res = run(sub, time_limit=share, workers=1, stop=stop, parameters=LARGE_SEARCH,
                  stop_when=None if enough is None else (
                      lambda event: event.gap is not None and event.gap <= enough))
        if res.has_solution:
            values = {index: res.value(sub.get_int_var_from_proto_index(index))
                      for index in values}
            solved = True
    return values, solved


def solve_ward(inst: WardInstance, *, time_limit: float = 10.0, workers: int = 1, seed: int = 0,
               on_progress: ProgressCallback | None = None,
               stop: StopSignal | None = None, explain: bool = True) -> Plan:
    """Solve the ward model; a stop or the time limit keeps the best plan found so far.
    An infeasible plan's explanation names the rule at fault (`explain_infeasible`, a few
    more solves) unless `explain` is False, as in a sweep that only counts it.

    The search starts from the simple plan (`simple_plan`: the fewest staff each slot needs,
    patients seen where they have room); if the solver finds nothing better in time, that
    plan is the answer, so a ward with any valid roster always gets one. A re-plan that
    prices its changes starts from the plan in force instead, which an event may have left
    short of a rule: at a hospital's size the slots the event touches are repaired first
    with the rest fixed (`event_window`), and that repair is the answer if nothing better is
    found. The plan's v[i][p] is 1 where staff member i serves request p; o[i] counts
    overtime slots.
    """
    start = time.monotonic()
    built = build_ward_model(inst)
    size = model_size(built.model)
    large = size.variables > LARGE
    replanning = inst.baseline is not None and inst.baseline.change_weight > 0
    # the simple plan knows no frozen slots: a re-plan from scratch after now starts bare
    first = (baseline_plan(inst) if replanning else None if inst.frozen
             else simple_plan(inst))
    valid = first is not None and not replanning  # the simple plan keeps every rule
    if first is not None:
        values = hint_values(built, inst, first)
        if large:  # half the time re-planning a few slots at a time, then the whole horizon
            repair = {"windows": [event_window(inst)], "enough": REPAIRED} if replanning else {}
            values, solved = _improve_by_windows(built, inst, values, start + time_limit / 2,
                                                 stop, **repair)
            valid = valid or solved
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
        read_plan(plan, inst, built, lambda var: result.value(var))
        if result.stopped and result.status != Status.OPTIMAL:
            plan.explanation = "Stopped by the clerk; this is the best plan found so far."
        elif result.status == Status.FEASIBLE:
            plan.explanation = f"Time limit reached; the plan is within {plan.gap:.1%} of best."
    elif result.status == Status.INFEASIBLE:
        plan.bound = plan.gap = None  # no plan exists: there is nothing to bound
        if explain:
            plan.explanation = explain_infeasible(inst, time_limit=min(time_limit, 10.0),
                                                  stop=stop)
        plan.wall_time = time.monotonic() - start  # the explanation's solves count too
    elif valid:  # the simple plan or the repair, as improved a few slots at a time if it was
        read_plan(plan, inst, built, lambda var: values[var.index])
        plan.status = Status.FEASIBLE
        plan.objective = float(evaluate(inst, plan).objective(inst.weights)
                               + change_cost(inst, plan))
        plan.gap = relative_gap(plan.objective, plan.bound)
        plan.solutions = 1
        first_words = ("the plan in force, repaired where the event touched it" if replanning
                       else "the simple plan (the fewest staff each slot needs, patients seen "
                       "where they have room)")
        plan.explanation = (("Stopped by the clerk; this is the best plan found so far"
                             if result.stopped else
                             f"The solver found nothing better in time; this is {first_words}")
                            + (f", within {plan.gap:.1%} of best." if plan.gap is not None
                               else "."))
    elif result.stopped:
        plan.explanation = "Stopped by the clerk before any plan was found."
    else:
        plan.explanation = "No plan found within the time limit; allow more time."
    if plan.has_solution and (warning := unseen_warning(inst, plan)):
        plan.explanation = f"{plan.explanation} {warning}".strip()
    return plan


def read_plan(plan: Plan, inst: WardInstance, built: WardModel, value) -> None:
    """Fill `plan`'s assignments from `value(var)` of the model's variables."""
    plan.x = [[value(v) for v in row] for row in built.x]
    plan.z = [[value(v) for v in row] for row in built.z]
    plan.o = [value(v) for v in built.o]
    counts = {key: value(v) for key, v in built.count.items()}
    plan.y, plan.v = expand(inst, built.classes, plan.x, counts,
                            kept_visits(built.keep, value, inst))


def explain_infeasible(inst: WardInstance, *, time_limit: float = 10.0,
                       stop: StopSignal | None = None) -> str:
    """One sentence naming the cause at fault, with its numbers.

    Each cause's rules are switched off in turn and the rest re-solved (CP-SAT); a cause whose
    rules off leave a plan is at fault. The first (in `_CAUSES` order: the limits a planner
    sets before the ward's facts) is named with a second solve that measures how far the
    records are from meeting it; the other causes are listed after it.
    """
    culprits, unsettled = [], []
    for cause in _CAUSES:
        built = build_ward_model(inst, off=cause.rules, minimise=False)
        status = run(built.model, time_limit=time_limit, workers=1, stop=stop).status
        if status in (Status.OPTIMAL, Status.FEASIBLE):
            culprits.append(cause)
        elif status == Status.UNKNOWN:
            unsettled.append(cause.words)
    if stop is not None and stop.requested:
        return "infeasible: no plan meets every rule (stopped before the cause was found)"
    if not culprits:
        tail = f" (not settled in time without {', '.join(unsettled)})" if unsettled else ""
        return ("infeasible: no single rule is to blame; relaxing any one of the budget, "
                "balance, skill floor, staff already on duty, max slots, demand, resource "
                "bookings, rest, working-time limits, role mix or must-serve requests still "
                f"leaves no plan{tail}")
    first = culprits[0]
    text = f"infeasible because of {first.words}: " + first.numbers(
        inst, first.rules, time_limit, stop)
    if culprits[1:]:
        text += ("; relaxing " + " or ".join(cause.words for cause in culprits[1:])
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


def _budget_numbers(inst: WardInstance, off: frozenset[str], time_limit: float,
                    stop: StopSignal | None) -> str:
    built = build_ward_model(inst, off=off, minimise=False)
    exact, least, _ = _minimum(built.model, spend(inst, built.x, built.o, built.z),
                               time_limit, stop)
    if least is None:
        return f"B = {inst.B} is below what any roster meeting demand costs"
    needs = "needs" if exact else "needs at least"
    return f"B = {inst.B}, but the cheapest roster meeting demand {needs} {least}"


def _balance_numbers(inst: WardInstance, off: frozenset[str], time_limit: float,
                     stop: StopSignal | None) -> str:
    pairs = balanced_pairs(inst)
    built = build_ward_model(inst, off=off, minimise=False)
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


def _shortfall(inst: WardInstance, off: frozenset[str], need: list[int], weight: list[int],
               time_limit: float, stop: StopSignal | None) -> tuple[int, int, int, int] | None:
    """(slot, needed, most reachable, staff on duty) where the staff on duty, each counted
    `weight[i]`, fall shortest of `need[t]` with the rules `off` off."""
    built = build_ward_model(inst, off=off, minimise=False)
    m, x = built.model, built.x
    short = []
    for t in range(inst.T):
        s = m.new_int_var(0, max(need[t], 0), f"short[{t}]")
        m.add(sum(weight[i] * x[i][t] for i in range(inst.N)) + s >= need[t])
        short.append(s)
    _exact, least, res = _minimum(m, sum(short), time_limit, stop)
    if least is None or not res.has_solution:
        return None
    values = [res.value(s) for s in short]
    t = max(range(inst.T), key=lambda k: (values[k], -k))
    on = sum(res.value(x[i][t]) for i in range(inst.N) if inst.headcount(i))
    return t, need[t], need[t] - values[t], on


def _demand_numbers(inst: WardInstance, off: frozenset[str], time_limit: float,
                    stop: StopSignal | None) -> str:
    headcount = [int(inst.headcount(i)) for i in range(inst.N)]
    found = _shortfall(inst, off, inst.Dt, headcount, time_limit, stop)
    if found is None:
        return f"the slots need {sum(inst.Dt)} staff shifts, more than the staff can cover"
    t, need, most, _on = found
    kept = _kept_on(inst, t)
    return (f"slot {inst.slot_labels[t]} needs {need} staff, but at most {most} can be on duty "
            f"({kept} already on duty plus {most - kept} available)")


def _skill_numbers(inst: WardInstance, off: frozenset[str], time_limit: float,
                   stop: StopSignal | None) -> str:
    floors = [inst.skill_minimum(t) for t in range(inst.T)]
    found = _shortfall(inst, off, floors, inst.S, time_limit, stop)
    if found is None:
        return "a slot needs more summed skill than the staff on duty can reach"
    t, need, most, on = found
    return (f"slot {inst.slot_labels[t]} needs summed skill {need}, but the staff who can be "
            f"on duty there reach at most {most} ({on} staff; all {inst.N} together have "
            f"{sum(inst.S)})")


def _on_duty_numbers(inst: WardInstance, off: frozenset[str], time_limit: float,
                     stop: StopSignal | None) -> str:
    kept = [(i, t) for i in range(inst.N) for t in range(inst.T)
            if inst.on_duty[i][t] or (inst.toggles.patient_cap and inst.booked[i][t])]
    built = build_ward_model(inst, off=off, minimise=False)
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


def _max_slots_numbers(inst: WardInstance, off: frozenset[str], time_limit: float,
                       stop: StopSignal | None) -> str:
    built = build_ward_model(inst, off=off, minimise=False)
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


def _resources_numbers(inst: WardInstance, _off: frozenset[str], _time_limit: float,
                       _stop: StopSignal | None) -> str:
    for r in range(inst.R):
        for t in range(inst.T):
            if inst.resource_load[r][t] > inst.resource_capacity:
                return (f"{inst.resource_names[r]} is booked {inst.resource_load[r][t]} times "
                        f"in slot {inst.slot_labels[t]}, but serves {inst.resource_capacity}")
    return f"the bookings already held leave no room within capacity {inst.resource_capacity}"


def _rest_numbers(inst: WardInstance, _off: frozenset[str], _time_limit: float,
                  _stop: StopSignal | None) -> str:
    hours = inst.rules.min_rest / 60
    return (f"everyone needs {hours:g} hours off between shifts, and the slots cannot be "
            "staffed with that much rest")


def _hours_numbers(inst: WardInstance, _off: frozenset[str], _time_limit: float,
                   _stop: StopSignal | None) -> str:
    rules = inst.rules
    limits = []
    if rules.max_week_minutes:
        limits.append(f"{rules.max_week_minutes / 60:g} hours in 7 days")
    if rules.max_consecutive_days:
        limits.append(f"{rules.max_consecutive_days} days in a row")
    return (f"staff may work at most {' and '.join(limits)}, too little to staff every slot"
            if limits else "the working-time limits leave too few staff for the slots")


def _role_mix_numbers(inst: WardInstance, _off: frozenset[str], _time_limit: float,
                      _stop: StopSignal | None) -> str:
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


def _due_numbers(inst: WardInstance, _off: frozenset[str], _time_limit: float,
                 _stop: StopSignal | None) -> str:
    due = [p for p in range(inst.P) if inst.due_slot(p) >= 0]
    return (f"{len(due)} requests must be served by their due slots, more than the staff who "
            "can see them there can take")


_Numbers = Callable[[WardInstance, frozenset[str], float, StopSignal | None], str]


@dataclass(frozen=True)
class _Cause:
    """What the explanation may name: its words, the rules (`RULES` names) switched off
    together to test it, and its numbers (from a second solve with those rules off)."""

    words: str
    rules: frozenset[str]
    numbers: _Numbers


# In the order the explanation names causes: the limits a planner sets before the ward's facts.
_CAUSES = (
    _Cause("the budget", frozenset({"within_budget"}), _budget_numbers),
    _Cause("the workload balance", frozenset({"balanced_workload"}), _balance_numbers),
    _Cause("the skill floor", frozenset({"skill_floor"}), _skill_numbers),
    _Cause("the staff already on duty",
           frozenset({"keep_rostered_shifts", "keep_booked_patients"}), _on_duty_numbers),
    _Cause("the staff's max slots", frozenset({"max_slots_per_staff"}), _max_slots_numbers),
    _Cause("the demand", frozenset({"cover_demand"}), _demand_numbers),
    _Cause("the resource bookings", frozenset({"resource_capacity"}), _resources_numbers),
    _Cause("the rest between shifts", frozenset({"min_rest_between_shifts"}), _rest_numbers),
    _Cause("the working-time limits", frozenset({"max_days_in_a_row", "max_hours_in_7_days"}),
           _hours_numbers),
    _Cause("the role mix", frozenset({"min_nurses", "min_doctors", "min_seniors"}),
           _role_mix_numbers),
    _Cause("the requests that must be served", frozenset({"must_serve_by_due"}), _due_numbers),
)
