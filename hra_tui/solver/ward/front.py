"""The ward roster as a cost-waiting front (`solver.front`): the ward model's rules, its
objective's three goals (`model.goal_expressions`), the first solve started from the simple
plan, and each point read back as a ward `Plan` a clerk can store, review and apply."""

from __future__ import annotations

from dataclasses import dataclass

from hra_tui.solver.front import Front, FrontPoint, Goals, trace_front
from hra_tui.solver.plan import Plan, Status
from hra_tui.solver.runner import model_size
from hra_tui.solver.signals import ProgressCallback, StopSignal
from hra_tui.solver.ward.instance import WardInstance, evaluate
from hra_tui.solver.ward.model import (
    LARGE,
    LARGE_SEARCH,
    SEARCH,
    build_ward_model,
    goal_expressions,
    hint_values,
    read_plan,
)
from hra_tui.solver.ward.simple import simple_plan


@dataclass(frozen=True)
class WardFront:
    """The front and each point's plan, in the front's order (least cost first)."""

    front: Front
    plans: list[Plan]


def ward_front(inst: WardInstance, points: int = 7, *, time_limit: float = 60.0,
               workers: int = 1, seed: int = 0, on_progress: ProgressCallback | None = None,
               stop: StopSignal | None = None) -> WardFront:
    """Up to `points` non-dominated plans of cost against waiting over a plain plan's horizon
    (not a re-plan's: its changes are priced on top of the goals)."""
    if inst.baseline is not None:
        raise ValueError("a front is traced for a plan, not a re-plan")
    built = build_ward_model(inst, minimise=False)
    size = model_size(built.model)
    first = simple_plan(inst)
    hint = hint_values(built, inst, first) if first is not None else None
    front = trace_front(Goals(built.model, *goal_expressions(built, inst)), points,
                        time_limit=time_limit, workers=workers, seed=seed, hint=hint,
                        parameters=LARGE_SEARCH if size.variables > LARGE else SEARCH,
                        on_progress=on_progress, stop=stop)
    plans = []
    for point in front.points:
        plan = Plan(status=Status.OPTIMAL if point.proven else Status.FEASIBLE,
                    objective=None, bound=None, gap=point.gap, solutions=1,
                    wall_time=point.wall_time, size=size,
                    method="epsilon-constraint: least cost with waiting capped, then least "
                           "waiting, then best quality")
        read_plan(plan, inst, built, lambda var, point=point: point.values[var.index])
        plan.objective = float(evaluate(inst, plan).objective(inst.weights))
        plan.explanation = _words(point)
        plans.append(plan)
    return WardFront(front, plans)


def _words(point: FrontPoint) -> str:
    cap = "" if point.cap is None else f" with waiting at most {point.cap:,}"
    if point.proven:
        return f"A point of the front: proven least cost{cap}."
    gap = "" if point.gap is None else f", within {point.gap:.1%} of best"
    return f"A point of the front: the best found in time{cap}{gap}."
