"""What-if sweeps of the ward roster (`solver.sweep`): the budget, the staff of one role, the
demand or the patients each staff member may see, stepped across a range, and the ward model
solved at each step with the clerk's weights."""

from __future__ import annotations

from dataclasses import replace

from hra_tui.solver.signals import ProgressCallback, StopSignal
from hra_tui.solver.sweep import Sweep, SweepPoint, point_of, run_sweep, steps
from hra_tui.solver.ward.instance import WardInstance, evaluate
from hra_tui.solver.ward.model import solve_ward

# parameter -> what it means, in the table's and the chart's words
PARAMETERS = {
    "budget": "budget (£)",
    "staff": "staff of the role",
    "demand": "demand x factor",
    "patients-per-staff": "patients per staff",
}


def role_staff(inst: WardInstance, role: str) -> list[int]:
    """The staff of `role`, in the instance's order."""
    return [i for i in range(inst.N) if inst.role(i) == role]


def changed(inst: WardInstance, parameter: str, value: float, role: str = "") -> WardInstance:
    """`inst` with `parameter` at `value`. Staff of a role beyond the first `value` are
    absent wherever the records do not already hold them on duty."""
    if parameter == "budget":
        return replace(inst, B=round(value))
    if parameter == "demand":
        return replace(inst, Dt=[round(d * value) for d in inst.Dt])
    if parameter == "patients-per-staff":
        return replace(inst, patients_per_staff=round(value))
    if parameter == "staff":
        away = set(role_staff(inst, role)[max(0, round(value)):])
        grid = inst.unavailable or [[0] * inst.T for _ in range(inst.N)]
        return replace(inst, unavailable=[
            [int(grid[i][t] or (i in away and not inst.held(i, t))) for t in range(inst.T)]
            for i in range(inst.N)])
    raise ValueError(f"no such parameter: {parameter}")


def ward_sweep(inst: WardInstance, parameter: str, start: float, end: float, count: int, *,
               role: str = "", time_limit: float = 60.0,
               on_progress: ProgressCallback | None = None,
               stop: StopSignal | None = None) -> Sweep:
    """Solve the ward at `count` values of `parameter` from `start` to `end`."""
    if parameter not in PARAMETERS:
        raise ValueError(f"no such parameter: {parameter}")

    def solve_at(value: float, seconds: float, progress, signal) -> SweepPoint:
        at = changed(inst, parameter, value, role)
        plan = solve_ward(at, time_limit=seconds, on_progress=progress, stop=signal,
                          explain=False)
        b = evaluate(at, plan) if plan.has_solution else None
        return point_of(value, plan, (b.cost, b.waiting, b.quality) if b else None)

    words = PARAMETERS[parameter] if parameter != "staff" else f"{role} staff"
    return run_sweep(words, steps(start, end, count), solve_at, time_limit=time_limit,
                     on_progress=on_progress, stop=stop)
