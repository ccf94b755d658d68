"""The ward's cost-waiting front as the clerk reads it: each point's plan measured against
the plan in force, the records as they stand over the horizon (what is rostered and booked
there; the waiting requests still waiting).

Pure functions over the prepared instance; `planner.PlanningService.front` reads the records
and runs the solver, and stores a point as a plan like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hra_tui.formatting import counted
from hra_tui.services.planning.ward.records import FrontPointView, PreparedPlan
from hra_tui.solver.plan import ModelSize, Plan, Status
from hra_tui.solver.ward.instance import Breakdown, WardInstance, evaluate

if TYPE_CHECKING:
    from hra_tui.solver.ward.front import WardFront  # OR-Tools: loaded on the first front


def records_plan(inst: WardInstance) -> Plan:
    """The plan in force over the horizon: the staff the records hold on duty, nobody waiting
    seen, no resource or overtime added."""
    N, T, P, R = inst.N, inst.T, inst.P, inst.R
    return Plan(status=Status.FEASIBLE, objective=None, bound=None, gap=None, solutions=0,
                wall_time=0.0, size=ModelSize(0, 0, 0),
                x=[[int(inst.held(i, t)) for t in range(T)] for i in range(N)],
                y=[[0] * T for _ in range(P)], z=[[0] * T for _ in range(R)], o=[0] * N,
                v=[[0] * P for _ in range(N)] if inst.toggles.one_server else [])


def front_points(prepared: PreparedPlan, front: WardFront,
                 in_force: Breakdown) -> list[FrontPointView]:
    inst = prepared.instance
    held = sum(inst.held(i, t) for i in range(inst.N) for t in range(inst.T))
    views = []
    for point, plan in zip(front.front.points, front.plans, strict=True):
        b = evaluate(inst, plan)
        shifts = sum(map(sum, plan.x)) - held
        views.append(FrontPointView(
            cost=point.cost, waiting=point.waiting, quality=point.quality, proven=point.proven,
            gap=point.gap, quality_gap=point.quality_gap, plan=plan, served=b.served,
            changes=change_words(b, in_force, shifts)))
    return views


def change_words(b: Breakdown, in_force: Breakdown, shifts: int) -> str:
    """What a point adds to the plan in force, and what that does to each goal."""
    def delta(now: int, before: int) -> str:
        return f"{now - before:+,}"

    return (f"{counted(shifts, 'shift')} more on duty, {counted(b.served, 'patient')} seen, "
            f"{b.deferred} left waiting; cost {delta(b.cost, in_force.cost)}, waiting "
            f"{delta(b.waiting, in_force.waiting)}, quality {delta(b.quality, in_force.quality)}"
            " against the plan in force")
