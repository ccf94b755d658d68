"""The paper's model exactly as `paper-instance.md` reads it, and `solve_paper`, its entry point.

`build_paper_model` writes the printed formulation in CP-SAT: every variable family, all eight
objective terms and all eight constraint families. It is what `method="direct"` solves and what
the reported model size counts. `method="decompose"` (the default) proves the same optimum much
faster by splitting off the parts the printed model leaves independent (see `decomposition`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from hra_tui.solver.instance import Instance
from hra_tui.solver.plan import Plan, Status
from hra_tui.solver.runner import ProgressCallback, StopSignal, model_size, relative_gap, run
from hra_tui.solver.slot_variables import SlotVariables, slot_grids

# The printed constraint families, in the paper's order; `omit` in `build_paper_model` names them.
FAMILIES = ("demand", "max_hours", "patients", "resources", "skill", "overtime", "budget",
            "balance")

METHODS = ("decompose", "direct")


@dataclass
class PaperModel(SlotVariables):
    """The CP-SAT model and its variables; w[i, j, t] (i < j) is x[i][t] AND x[j][t]."""

    v: list[list[cp_model.IntVar]]
    w: dict[tuple[int, int, int], cp_model.IntVar]


def build_paper_model(inst: Instance, omit: frozenset[str] = frozenset(),
                      minimise: bool = True) -> PaperModel:
    """The printed model; `omit` drops constraint families (for infeasibility diagnosis).

    Two readings keep the model linear without changing its optimum or feasible set:
    the product x_it x_jt (i != j) is a binary w equal to their AND, and I[i][j][t] and
    I[j][i][t] share one w; x_it x_it is x_it. The skill rows of one slot all have the same
    left side, so only the largest right side (`Instance.skill_minimum`) is written.
    """
    N, T, P, R = inst.N, inst.T, inst.P, inst.R
    m = cp_model.CpModel()
    x, y, z = slot_grids(m, inst)
    o = [m.new_bool_var(f"o[{i}]") for i in range(N)]
    v = [[m.new_bool_var(f"v[{i}][{p}]") for p in range(P)] for i in range(N)]
    w: dict[tuple[int, int, int], cp_model.IntVar] = {}
    for t in range(T):
        for i in range(N):
            for j in range(i + 1, N):
                b = m.new_bool_var(f"w[{i}][{j}][{t}]")
                m.add_implication(b, x[i][t])
                m.add_implication(b, x[j][t])
                m.add_bool_or([x[i][t].Not(), x[j][t].Not(), b])
                w[i, j, t] = b
    worked = [sum(x[i]) for i in range(N)]
    keep = set(FAMILIES) - set(omit)
    if "demand" in keep:
        for t in range(T):
            m.add(sum(x[i][t] for i in range(N)) == inst.Dt[t])
    if "max_hours" in keep:
        for i in range(N):
            m.add(worked[i] <= inst.H[i])
    if "patients" in keep:
        for p in range(P):
            m.add(sum(y[p]) == 1)
    if "resources" in keep:
        for r in range(R):
            m.add(sum(z[r]) == 1)
    if "skill" in keep:
        for t in range(T):
            least = inst.skill_minimum(t)
            if least is not None:
                m.add(sum(inst.S[i] * x[i][t] for i in range(N)) >= least)
    if "overtime" in keep:
        for i in range(N):
            m.add(o[i] >= worked[i] - inst.H[i])
    if "budget" in keep:
        m.add(sum(inst.W[i][t] * x[i][t] for i in range(N) for t in range(T))
              + sum(inst.O[i] * o[i] for i in range(N))
              + sum(inst.D[r][t] * z[r][t] for r in range(R) for t in range(T)) <= inst.B)
    if "balance" in keep:
        for i in range(N):
            for j in range(N):
                if i != j:
                    m.add_linear_constraint(worked[i] - worked[j], -inst.F[i][j], inst.F[i][j])
    if minimise:
        m.minimize(_objective_expr(inst, x, y, z, o, v, w))
    return PaperModel(m, x, y, z, o, v, w)


def _objective_expr(inst: Instance, x, y, z, o, v, w):
    N, T, P, R, K = inst.N, inst.T, inst.P, inst.R, inst.K
    terms = []
    for i in range(N):
        for t in range(T):
            # terms 1, 8 and the i = j part of term 2
            terms.append((inst.W[i][t] + inst.S[i] + inst.I[i][i][t]) * x[i][t])
    for (i, j, t), b in w.items():
        terms.append((inst.I[i][j][t] + inst.I[j][i][t]) * b)  # term 2, i != j
    terms += [(inst.C[p][t] + inst.Pen[p][t]) * y[p][t] for p in range(P) for t in range(T)]
    terms += [inst.D[r][t] * z[r][t] for r in range(R) for t in range(T)]
    terms += [inst.O[i] * o[i] for i in range(N)]
    terms += [inst.U[p] * K * T * v[i][p] for i in range(N) for p in range(P)]
    return sum(terms)


def paper_objective(inst: Instance, x, y, z, o, v) -> int:
    """The printed objective of a 0/1 solution, term by term as the paper writes it."""
    N, T, P, R, K = inst.N, inst.T, inst.P, inst.R, inst.K
    total = sum(inst.W[i][t] * x[i][t] for i in range(N) for t in range(T))
    total += sum(inst.I[i][j][t] * x[i][t] * x[j][t]
                 for i in range(N) for j in range(N) for t in range(T))
    total += sum(inst.C[p][t] * y[p][t] for p in range(P) for t in range(T))
    total += sum(inst.D[r][t] * z[r][t] for r in range(R) for t in range(T))
    total += sum(inst.Pen[p][t] * y[p][t] for p in range(P) for t in range(T))
    total += sum(inst.O[i] * o[i] for i in range(N))
    total += sum(inst.U[p] * v[i][p] * K * T for p in range(P) for i in range(N))
    total += sum(inst.S[i] * x[i][t] for i in range(N) for t in range(T))
    return total


def cheapest_slot(costs: list[int]) -> int:
    """First slot of least cost: where an unlinked patient or resource goes at an optimum."""
    return min(range(len(costs)), key=costs.__getitem__)


def solve_paper(inst: Instance, *, time_limit: float = 30.0, workers: int = 2, seed: int = 0,
                on_progress: ProgressCallback | None = None, stop: StopSignal | None = None,
                method: str = "decompose") -> Plan:
    """Solve the paper's model to proven optimality (or until `time_limit` / `stop`).

    `method="decompose"` is the fast exact path; it solves the printed model directly instead
    when an instance breaks a condition its shortcuts need (`why_not_decomposable`) or when
    its columns cannot decide. `"direct"` hands the printed model to CP-SAT as is. Both give
    the printed model's optimum. `on_progress` and `stop` behave as in `runner.run` (progress
    comes from a solver thread). An infeasible plan's `explanation`
    names the constraint family responsible.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    start = time.monotonic()
    built = build_paper_model(inst)
    size = model_size(built.model)
    plan = None
    if method == "decompose":
        from hra_tui.solver.decomposition import solve_decomposed, why_not_decomposable

        reason = why_not_decomposable(inst)
        if reason is None:
            plan = solve_decomposed(inst, time_limit=time_limit - (time.monotonic() - start),
                                    workers=workers, seed=seed, on_progress=on_progress,
                                    stop=stop, start=start)
            reason = "the team columns could not decide it" if plan is None else None
    if plan is None:
        left = max(1.0, time_limit - (time.monotonic() - start))
        plan = _solve_direct(inst, built, left, workers, seed, on_progress, stop)
        if method == "decompose":
            plan.method += f" (the fast method does not apply: {reason})"
    plan.size = size
    plan.wall_time = time.monotonic() - start
    if plan.status == Status.INFEASIBLE:
        from hra_tui.solver.infeasibility import explain_infeasible

        plan.bound = plan.gap = None  # no schedule, so nothing to bound
        plan.explanation = explain_infeasible(inst, workers=workers, seed=seed)
    return plan


def _solve_direct(inst: Instance, built: PaperModel, time_limit: float, workers: int, seed: int,
                  on_progress: ProgressCallback | None, stop: StopSignal | None) -> Plan:
    res = run(built.model, time_limit=time_limit, workers=workers, seed=seed,
              on_progress=on_progress, stop=stop)
    plan = Plan(status=res.status, objective=res.objective, bound=res.bound,
                gap=relative_gap(res.objective, res.bound), solutions=res.solutions,
                wall_time=res.wall_time, size=model_size(built.model), progress=res.progress,
                method="direct: the printed model in CP-SAT")
    if res.has_solution:
        plan.x = [[res.value(b) for b in row] for row in built.x]
        plan.y = [[res.value(b) for b in row] for row in built.y]
        plan.z = [[res.value(b) for b in row] for row in built.z]
        plan.o = [res.value(b) for b in built.o]
        plan.v = [[res.value(b) for b in row] for row in built.v]
        plan.objective = paper_objective(inst, plan.x, plan.y, plan.z, plan.o, plan.v)
    if res.stopped and plan.status != Status.OPTIMAL:
        plan.explanation = "stopped on request; the plan is the best found so far"
    return plan
