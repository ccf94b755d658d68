"""`solve_paper`, the paper model's entry point: choose the method, run it, explain a failure.

It lives apart from `model` (the printed formulation) because it dispatches to
`decomposition` and `infeasibility`, which both build on `model`: kept here, every
import is at the top and none goes round in a circle.
"""

from __future__ import annotations

import time

from hra_tui.solver.instance import Instance
from hra_tui.solver.paper.decomposition import solve_decomposed, why_not_decomposable
from hra_tui.solver.paper.infeasibility import explain_infeasible
from hra_tui.solver.paper.model import (
    PRINTED,
    PaperModel,
    Weights,
    build_paper_model,
    paper_objective,
)
from hra_tui.solver.plan import Plan, Status
from hra_tui.solver.runner import ProgressCallback, StopSignal, model_size, relative_gap, run

METHODS = ("decompose", "direct")


def solve_paper(inst: Instance, *, time_limit: float = 30.0, workers: int = 2, seed: int = 0,
                on_progress: ProgressCallback | None = None, stop: StopSignal | None = None,
                method: str = "decompose", weights: Weights = PRINTED) -> Plan:
    """Solve the paper's model to proven optimality (or until `time_limit` / `stop`).

    `method="decompose"` is the fast exact path; it solves the printed model directly instead
    when an instance breaks a condition its shortcuts need (`why_not_decomposable`) or when
    its columns cannot decide. `"direct"` hands the printed model to CP-SAT as is. Both give
    the printed model's optimum. `on_progress` and `stop` behave as in `runner.run` (progress
    comes from a solver thread). An infeasible plan's `explanation`
    names the constraint family responsible. `weights` other than the printed (1, 1, 1)
    weigh cost, waiting and quality (`model.goal_expressions`): only the direct method
    solves them, and the plan's objective is then the weighted one.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    if tuple(weights) != PRINTED and method != "direct":
        raise ValueError("weights other than 1,1,1 are solved by the direct method only")
    start = time.monotonic()
    built = build_paper_model(inst, weights=weights)
    size = model_size(built.model)
    plan = None
    if method == "decompose":
        reason = why_not_decomposable(inst)
        if reason is None:
            plan = solve_decomposed(inst, time_limit=time_limit - (time.monotonic() - start),
                                    workers=workers, seed=seed, on_progress=on_progress,
                                    stop=stop, start=start)
            reason = "the team columns could not decide it" if plan is None else None
    if plan is None:
        left = max(1.0, time_limit - (time.monotonic() - start))
        plan = _solve_direct(inst, built, left, workers, seed, on_progress, stop, weights)
        if method == "decompose":
            plan.method += f" (the fast method does not apply: {reason})"
    plan.size = size
    plan.wall_time = time.monotonic() - start
    if plan.status == Status.INFEASIBLE:
        plan.bound = plan.gap = None  # no schedule, so nothing to bound
        plan.explanation = explain_infeasible(inst, workers=workers, seed=seed)
    return plan


def _solve_direct(inst: Instance, built: PaperModel, time_limit: float, workers: int, seed: int,
                  on_progress: ProgressCallback | None, stop: StopSignal | None,
                  weights: Weights = PRINTED) -> Plan:
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
        plan.objective = (paper_objective(inst, plan.x, plan.y, plan.z, plan.o, plan.v)
                          if tuple(weights) == PRINTED else res.objective)
    if tuple(weights) != PRINTED:
        plan.method += f" with cost, waiting, quality weighted {_words(weights)}"
    if res.stopped and plan.status != Status.OPTIMAL:
        plan.explanation = "stopped on request; the plan is the best found so far"
    return plan


def _words(weights: Weights) -> str:
    return ", ".join(str(k) for k in weights)
