"""What-if sweeps of the paper's model (`solver.sweep`): one input changed across a range and
the printed model solved exactly at each step, as the paper's sensitivity analysis varies its
initial values (its section 4.3)."""

from __future__ import annotations

from dataclasses import replace

from hra_tui.solver.instance import Instance
from hra_tui.solver.paper.model import paper_goals
from hra_tui.solver.paper.solve import solve_paper
from hra_tui.solver.signals import ProgressCallback, StopSignal
from hra_tui.solver.sweep import Sweep, SweepPoint, point_of, run_sweep, steps


def _scaled(rows, factor: float):
    return [[round(v * factor) for v in row] for row in rows]


# parameter -> (what it means, how it changes an instance at a value)
PARAMETERS = {
    "budget": ("the budget B", lambda inst, v: replace(inst, B=round(v))),
    "demand": ("staff demand Dt x factor",
               lambda inst, v: replace(inst, Dt=[min(inst.N, round(d * v)) for d in inst.Dt])),
    "staff-cost": ("staff cost W x factor", lambda inst, v: replace(inst, W=_scaled(inst.W, v))),
    "penalty": ("waiting penalty Pen x factor",
                lambda inst, v: replace(inst, Pen=_scaled(inst.Pen, v))),
    "hours": ("max slots H x factor",
              lambda inst, v: replace(inst, H=[round(h * v) for h in inst.H])),
}


def paper_sweep(inst: Instance, parameter: str, start: float, end: float, count: int, *,
                time_limit: float = 60.0, workers: int = 2, seed: int = 0,
                on_progress: ProgressCallback | None = None, stop: StopSignal | None = None
                ) -> Sweep:
    """Solve `inst` with `parameter` at `count` values from `start` to `end`."""
    if parameter not in PARAMETERS:
        raise ValueError(f"no such parameter: {parameter}")
    change = PARAMETERS[parameter][1]

    def solve_at(value: float, seconds: float, progress, signal) -> SweepPoint:
        changed = change(inst, value)
        plan = solve_paper(changed, time_limit=seconds, workers=workers, seed=seed,
                           on_progress=progress, stop=signal)
        goals = (paper_goals(changed, plan.x, plan.y, plan.z, plan.o, plan.v)
                 if plan.has_solution else None)
        return point_of(value, plan, goals)

    return run_sweep(PARAMETERS[parameter][0], steps(start, end, count), solve_at,
                     time_limit=time_limit, on_progress=on_progress, stop=stop)
