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
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from hra_tui.solver.plan import Plan, Status
from hra_tui.solver.runner import model_size, relative_gap, run
from hra_tui.solver.signals import ProgressCallback, StopSignal
from hra_tui.solver.ward_instance import (
    TOP_SKILL,
    WardInstance,
    unserved_gap,
)


@dataclass
class WardModel:
    """The CP-SAT model and its variables; serve[i, p, t] exists only where (b) allows it."""

    model: cp_model.CpModel
    x: list[list[cp_model.IntVar]]
    y: list[list[cp_model.IntVar]]
    z: list[list[cp_model.IntVar]]
    o: list[cp_model.IntVar]
    serve: dict[tuple[int, int, int], cp_model.IntVar]
    together: dict[tuple[int, int, int], cp_model.IntVar]


def build_ward_model(inst: WardInstance) -> WardModel:
    """The ward model as CP-SAT; see the module docstring for what each toggle adds."""
    N, T, P, R = inst.N, inst.T, inst.P, inst.R
    tg, wt = inst.toggles, inst.weights
    m = cp_model.CpModel()
    x = [[m.new_bool_var(f"x[{i}][{t}]") for t in range(T)] for i in range(N)]
    y = [[m.new_bool_var(f"y[{p}][{t}]") for t in range(T)] for p in range(P)]
    z = [[m.new_bool_var(f"z[{r}][{t}]") for t in range(T)] for r in range(R)]
    cap_o = inst.overtime_cap if tg.overtime else 0
    o = [m.new_int_var(0, cap_o, f"o[{i}]") for i in range(N)]
    for i in range(N):
        for t in range(T):
            if inst.on_duty[i][t]:
                m.add(x[i][t] == 1)
        m.add(sum(x[i]) <= inst.H[i] + o[i])
    for t in range(T):
        m.add(sum(x[i][t] for i in range(N)) >= inst.Dt[t])
        m.add(sum(inst.S[i] * x[i][t] for i in range(N)) >= inst.skill_minimum(t))
    served = []
    for p in range(P):
        for t in range(min(inst.earliest[p], T)):
            m.add(y[p][t] == 0)
        served.append(sum(y[p]))
        m.add(served[p] <= 1)
    # resources: in use where a scheduled request needs them, within capacity
    for r in range(R):
        users = [p for p in range(P) if inst.uses[p] == r]
        for t in range(T):
            m.add(sum(y[p][t] for p in users) + inst.resource_load[r][t]
                  <= inst.resource_capacity)
            for p in users:
                m.add_implication(y[p][t], z[r][t])
            if inst.resource_load[r][t]:
                m.add(z[r][t] == 1)
            elif not users:
                m.add(z[r][t] == 0)
    serve: dict[tuple[int, int, int], cp_model.IntVar] = {}
    load: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    if tg.one_server:
        for p in range(P):
            for t in range(inst.earliest[p], T):
                able = [i for i in range(N) if inst.serves[i] and inst.S[i] >= inst.need[p]]
                for i in able:
                    b = m.new_bool_var(f"serve[{i}][{p}][{t}]")
                    m.add_implication(b, x[i][t])
                    serve[i, p, t] = b
                    load.setdefault((i, t), []).append(b)
                m.add(sum(serve[i, p, t] for i in able) == y[p][t])
    if tg.patient_cap:
        cap = inst.patients_per_staff
        for t in range(T):
            if tg.one_server:
                for i in range(N):
                    m.add(sum(load.get((i, t), [])) + inst.booked[i][t] <= cap * x[i][t])
            else:
                m.add(sum(y[p][t] for p in range(P))
                      + sum(inst.booked[i][t] for i in range(N))
                      <= cap * sum(x[i][t] for i in range(N)))
    m.add(_staff_cost(inst, x) + sum(inst.O[i] * o[i] for i in range(N))
          + _resource_cost(inst, z) <= inst.B)
    worked = [sum(x[i]) for i in range(N)]
    for i in range(N):
        for j in range(i + 1, N):
            limit = min(inst.F[i][j], inst.F[j][i])
            if limit < T:
                m.add_linear_constraint(worked[i] - worked[j], -limit, limit)
    together: dict[tuple[int, int, int], cp_model.IntVar] = {}
    for i in range(N):
        for j in range(i + 1, N):
            for t in range(T):
                if inst.I[i][j][t] or inst.I[j][i][t]:
                    b = m.new_bool_var(f"together[{i}][{j}][{t}]")
                    m.add_multiplication_equality(b, [x[i][t], x[j][t]])
                    together[i, j, t] = b
    cost = (_staff_cost(inst, x) + sum(inst.O[i] * o[i] for i in range(N))
            + _resource_cost(inst, z)
            + sum(inst.C[p][t] * y[p][t] for p in range(P) for t in range(T))
            + sum(max(inst.C[p], default=0) * (1 - served[p]) for p in range(P)))
    waiting = (sum(inst.Pen[p][t] * y[p][t] for p in range(P) for t in range(T))
               + sum(inst.defer[p] * (1 - served[p]) for p in range(P)))
    quality = sum((inst.I[i][j][t] + inst.I[j][i][t]) * b for (i, j, t), b in together.items())
    quality += sum(inst.I[i][i][t] * x[i][t] for i in range(N) for t in range(T))
    if tg.one_server:
        quality += sum(inst.U[p] * (TOP_SKILL - inst.S[i]) * b for (i, p, _t), b in serve.items())
        quality += sum(unserved_gap(inst, p) * (1 - served[p]) for p in range(P))
    else:
        quality += sum((TOP_SKILL - inst.S[i]) * x[i][t] for i in range(N) for t in range(T))
    m.minimize(wt.cost * cost + wt.waiting * waiting + wt.quality * quality)
    return WardModel(m, x, y, z, o, serve, together)


def _staff_cost(inst: WardInstance, x):
    return sum(inst.W[i][t] * x[i][t] for i in range(inst.N) for t in range(inst.T))


def _resource_cost(inst: WardInstance, z):
    return sum(inst.D[r][t] * z[r][t] for r in range(inst.R) for t in range(inst.T))


# One worker with CP-SAT's strongest LP relaxation proves the demo ward's week optimal in about
# 3 s; two default workers stay 15% from the bound after 30 s (bench/planning.py measures it).
SEARCH = {"linearization_level": 2}


def solve_ward(inst: WardInstance, *, time_limit: float = 10.0, workers: int = 1, seed: int = 0,
               on_progress: ProgressCallback | None = None,
               stop: StopSignal | None = None) -> Plan:
    """Solve the ward model; a stop keeps the best plan found so far (status FEASIBLE).

    The plan's v[i][p] is 1 where staff member i serves request p; o[i] counts overtime slots.
    """
    start = time.monotonic()
    built = build_ward_model(inst)
    size = model_size(built.model)
    result = run(built.model, time_limit=time_limit, workers=workers, seed=seed,
                 on_progress=on_progress, stop=stop, parameters=SEARCH)
    wall = time.monotonic() - start
    plan = Plan(status=result.status, objective=result.objective, bound=result.bound,
                gap=relative_gap(result.objective, result.bound),
                solutions=result.solutions, wall_time=wall, size=size,
                progress=list(result.progress))
    if result.has_solution:
        N, P = inst.N, inst.P
        plan.x = [[result.value(v) for v in row] for row in built.x]
        plan.y = [[result.value(v) for v in row] for row in built.y]
        plan.z = [[result.value(v) for v in row] for row in built.z]
        plan.o = [result.value(v) for v in built.o]
        plan.v = [[0] * P for _ in range(N)]
        for (i, p, _t), b in built.serve.items():
            if result.value(b):
                plan.v[i][p] = 1
        if result.stopped and result.status != Status.OPTIMAL:
            plan.explanation = "Stopped by the clerk; this is the best plan found so far."
        elif result.status == Status.FEASIBLE:
            plan.explanation = f"Time limit reached; the plan is within {plan.gap:.1%} of best."
    elif result.status == Status.INFEASIBLE:
        plan.explanation = explain_infeasible(inst)
    elif result.stopped:
        plan.explanation = "Stopped by the clerk before any plan was found."
    else:
        plan.explanation = "No plan found within the time limit; allow more time."
    return plan


def explain_infeasible(inst: WardInstance) -> str:
    """Name the first ward rule that cannot hold, checked from cheapest bounds to dearest."""
    T = inst.T
    extra = inst.overtime_cap if inst.toggles.overtime else 0
    capacity = sum(min(T, h + extra) for h in inst.H)
    demand = sum(inst.Dt)
    if capacity < demand:
        return (f"The slots need {demand} staff shifts but the staff can work at most "
                f"{capacity}; add staff, raise max slots or allow overtime.")
    for t in range(T):
        able = sum(1 for h in inst.H if h + extra > 0)
        if able < inst.Dt[t]:
            return f"Slot {inst.slot_labels[t]} needs {inst.Dt[t]} staff; only {able} can work."
        if sum(inst.S) < inst.skill_minimum(t):
            return f"Slot {inst.slot_labels[t]} needs more skill than all staff together have."
    cheapest = sum(sorted(inst.W[i][t] for i in range(inst.N))[:inst.Dt[t]] for t in range(T))
    if cheapest > inst.B:
        return (f"The budget {inst.B} is below the cheapest roster that meets demand "
                f"({cheapest}); raise the budget.")
    return ("No plan meets every rule together: check the balance setting, the budget and "
            "the staff already rostered.")
