"""How far a plan may be from the best: a proven lower bound on an IHTC-2024 instance's cost.

Two methods, the stronger bound kept: the relaxation (`relaxation.py`, a few seconds on any
instance) and, on an instance small enough, the whole model (`exact.py`), warm-started from
the search's plan, which may prove it optimal or find a cheaper plan. Only a plan the checker
finds feasible is handed back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hra_tui.solver.ihtc.checker import check
from hra_tui.solver.ihtc.exact import solve_exact
from hra_tui.solver.ihtc.problem import Problem
from hra_tui.solver.ihtc.relaxation import relaxed_bound
from hra_tui.solver.ihtc.solution import Solution

# The whole model is tried when its room-day and nurse decisions stay below this many
# (the nine ihtp_small instances need at most about 3,500, the public i01 1,500, i16 23,400).
EXACT_DECISIONS = 10_000
# The relaxation's share of the time (it rarely needs more than a few seconds).
RELAXATION_SHARE = 0.1


@dataclass(frozen=True)
class Bound:
    """`lower` <= the cost of every feasible plan; `optimal` when a plan costing `lower` is
    known (the whole model proved it); `better` a feasible plan cheaper than the one given."""

    lower: int
    method: str  # "exact" (the whole model) or "relaxation"
    optimal: bool
    infeasible: bool  # no plan keeps every hard rule
    better: Solution | None
    seconds: float

    def gap(self, cost: int) -> float:
        """(cost - lower) / cost: the share of `cost` the bound leaves unproven."""
        return 0.0 if cost <= 0 else max(0, cost - self.lower) / cost

    def to_json(self, cost: int) -> dict[str, Any]:
        return {"lower": self.lower, "method": self.method, "optimal": self.optimal,
                "infeasible": self.infeasible, "improved": self.better is not None,
                "gap": round(self.gap(cost), 6),
                "seconds": round(self.seconds, 3)}


def exact_decisions(problem: Problem) -> int:
    """The whole model's admission and nurse decisions: its size, roughly."""
    rooms = len(problem.rooms)
    working = sum(len(n.working_shifts) for n in problem.nurses)
    admissions = sum(
        (min(problem.last_admission_day(p), problem.days - 1) - p.release_day + 1)
        * (rooms - len(p.incompatible_rooms)) for p in problem.patients)
    return rooms * working + max(0, admissions)


def lower_bound(problem: Problem, plan: Solution | None = None, time_limit: float = 60.0,
                workers: int = 2, stop: Callable[[], bool] | None = None) -> Bound:
    """The best lower bound found in about `time_limit` seconds on `workers` workers,
    `plan` (the search's) the whole model's start; `stop()` ends it early."""
    start = time.monotonic()
    exact = exact_decisions(problem) <= EXACT_DECISIONS
    relaxed = relaxed_bound(problem, time_limit * (RELAXATION_SHARE if exact else 1.0),
                            workers, stop)
    if relaxed.infeasible or not exact or (stop is not None and stop()):
        return Bound(relaxed.bound, "relaxation", False, relaxed.infeasible, None,
                     time.monotonic() - start)
    left = max(0.1, time_limit - (time.monotonic() - start))
    result = solve_exact(problem, plan, left, workers, stop)
    better = None
    if result.solution is not None:
        checked = check(problem, result.solution)
        given = check(problem, plan) if plan is not None else None
        if checked.feasible and (given is None or not given.feasible
                                 or checked.total_cost < given.total_cost):
            better = result.solution
    return Bound(max(relaxed.bound, result.bound), "exact", result.optimal, result.infeasible,
                 better, time.monotonic() - start)
