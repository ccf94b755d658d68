"""The paper's model as a cost-waiting front (`solver.front`): the printed rules, the printed
objective split into cost, waiting and quality (`model.goal_expressions`), and each point's
plan read back as a paper `Plan`."""

from __future__ import annotations

from dataclasses import dataclass

from hra_tui.solver.front import Front, FrontPoint, Goals, trace_front
from hra_tui.solver.instance import Instance
from hra_tui.solver.paper.model import (
    PaperModel,
    build_paper_model,
    goal_expressions,
    paper_objective,
)
from hra_tui.solver.plan import Plan, Status
from hra_tui.solver.runner import model_size
from hra_tui.solver.signals import ProgressCallback, StopSignal


@dataclass(frozen=True)
class PaperFront:
    """The front and each point's plan, in the front's order."""

    front: Front
    plans: list[Plan]


def paper_front(inst: Instance, points: int = 9, *, time_limit: float = 60.0,
                workers: int = 2, seed: int = 0, on_progress: ProgressCallback | None = None,
                stop: StopSignal | None = None) -> PaperFront:
    """Up to `points` non-dominated plans of cost against waiting, each with its status."""
    built = build_paper_model(inst, minimise=False)
    cost, waiting, quality = goal_expressions(inst, built)
    front = trace_front(Goals(built.model, cost, waiting, quality), points,
                        time_limit=time_limit, workers=workers, seed=seed,
                        on_progress=on_progress, stop=stop)
    return PaperFront(front, [_plan(inst, built, point) for point in front.points])


def _plan(inst: Instance, built: PaperModel, point: FrontPoint) -> Plan:
    def grid(rows):
        return [[point.values[b.index] for b in row] for row in rows]

    plan = Plan(status=Status.OPTIMAL if point.proven else Status.FEASIBLE, objective=None,
                bound=None, gap=point.gap, solutions=1, wall_time=point.wall_time,
                size=model_size(built.model), x=grid(built.x), y=grid(built.y),
                z=grid(built.z), o=[point.values[b.index] for b in built.o], v=grid(built.v),
                method="epsilon-constraint on the printed model in CP-SAT")
    plan.objective = paper_objective(inst, plan.x, plan.y, plan.z, plan.o, plan.v)
    return plan
