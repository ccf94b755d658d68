"""A what-if sweep: one parameter stepped from one value to another, the model solved at each
step, and the optimum's objective and its three goals kept with the solve's status.

Any planner sweeps through `run_sweep` with its own `solve_at` (change the instance, solve,
measure the goals), so the progress, the stop and the time share are the same for all: each
step gets an equal share of the time left, and a stop keeps the steps already solved.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from hra_tui.solver.plan import Plan, Progress, Status
from hra_tui.solver.signals import ProgressCallback, StopSignal

MIN_STEPS, MAX_STEPS = 2, 50


@dataclass(frozen=True)
class SweepPoint:
    """The optimum at one value of the parameter; the goals are None without a plan."""

    value: float
    status: str  # proven, best found, infeasible, no plan in time
    objective: float | None
    cost: int | None
    waiting: int | None
    quality: int | None
    gap: float | None
    wall_time: float


@dataclass(frozen=True)
class Sweep:
    parameter: str
    points: list[SweepPoint]
    asked: int
    stopped: bool
    wall_time: float


def steps(start: float, end: float, count: int) -> list[float]:
    """`count` evenly spaced values from `start` to `end`, both included."""
    if not MIN_STEPS <= count <= MAX_STEPS:
        raise ValueError(f"a sweep has from {MIN_STEPS} to {MAX_STEPS} steps")
    return [start + k * (end - start) / (count - 1) for k in range(count)]


def point_of(value: float, plan: Plan, goals: tuple[int, int, int] | None) -> SweepPoint:
    """A solve's plan as a sweep point; `goals` are its (cost, waiting, quality)."""
    if plan.status == Status.INFEASIBLE:
        status = "infeasible"
    elif not plan.has_solution:
        status = "no plan in time"
    else:
        status = "proven" if plan.status == Status.OPTIMAL else "best found"
    cost, waiting, quality = goals if goals is not None and plan.has_solution else (None,) * 3
    return SweepPoint(value=value, status=status,
                      objective=plan.objective if plan.has_solution else None, cost=cost,
                      waiting=waiting, quality=quality,
                      gap=plan.gap if plan.has_solution else None, wall_time=plan.wall_time)


SolveAt = Callable[[float, float, ProgressCallback | None, StopSignal | None], SweepPoint]


def run_sweep(parameter: str, values: list[float], solve_at: SolveAt, *,
              time_limit: float = 60.0, on_progress: ProgressCallback | None = None,
              stop: StopSignal | None = None,
              on_point: Callable[[SweepPoint], None] | None = None) -> Sweep:
    """Solve at each value in turn: `solve_at(value, seconds, on_progress, stop)`."""
    start = time.monotonic()
    found: list[SweepPoint] = []
    for k, value in enumerate(values):
        if stop is not None and stop.requested:
            break
        left = time_limit - (time.monotonic() - start)
        share = max(1.0, left / (len(values) - k))

        def relay(event: Progress, k=k) -> None:
            if on_progress is not None:
                on_progress(Progress(wall_time=time.monotonic() - start,
                                     objective=event.objective, bound=event.bound,
                                     gap=event.gap, solutions=event.solutions,
                                     fraction=(k + 0.5) / len(values)))

        point = solve_at(value, share, relay, stop)
        if stop is not None and stop.requested and point.status != "proven":
            break  # cut short by the stop: not this value's optimum
        found.append(point)
        if on_point is not None:
            on_point(point)
    return Sweep(parameter, found, len(values), stop is not None and stop.requested,
                 time.monotonic() - start)
