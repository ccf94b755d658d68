"""Run any CP-SAT model with a time limit, live progress and a cancel button.

The paper's model and the ward model both solve through `run`, so the progress stream and the
stop semantics are the same everywhere.

Threading: `run` blocks the calling thread. `on_progress` is called from a CP-SAT worker thread
(never the caller's), possibly from several workers one after another; it must be quick and
must not touch a UI directly: post the event to your own thread (e.g. Textual's
`call_from_thread` or a queue). `StopSignal.stop()` may be called from any thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from hra_tui.solver.plan import ModelSize, Progress, Status
from hra_tui.solver.signals import ProgressCallback, StopSignal

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.MODEL_INVALID: Status.MODEL_INVALID,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


@dataclass
class RunResult:
    """What one CP-SAT run found; `value` reads the best solution (only if `has_solution`)."""

    status: Status
    objective: float | None
    bound: float | None
    solutions: int
    wall_time: float
    stopped: bool
    solver: cp_model.CpSolver
    progress: list[Progress] = field(default_factory=list)

    @property
    def has_solution(self) -> bool:
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)

    def value(self, expr) -> int:
        return int(self.solver.value(expr))


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """|objective - bound| / max(1, |objective|); None before the first solution."""
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(1.0, abs(objective))


def model_size(model: cp_model.CpModel) -> ModelSize:
    """Variables, constraints and nonzeros as built.

    Nonzeros count the variable references of linear rows and clauses (and enforcement
    literals): the kinds our models use.
    """
    proto = model.proto
    nonzeros = 0
    for ct in proto.constraints:
        nonzeros += len(ct.enforcement_literal)
        if ct.has_linear():
            nonzeros += len(ct.linear.vars)
            continue
        for kind in _LITERAL_KINDS:
            if getattr(ct, f"has_{kind}")():
                nonzeros += len(getattr(ct, kind).literals)
                break
    return ModelSize(variables=len(proto.variables), constraints=len(proto.constraints),
                     nonzeros=nonzeros)


_LITERAL_KINDS = ("bool_or", "bool_and", "bool_xor", "exactly_one", "at_most_one")


class _Tracker(cp_model.CpSolverSolutionCallback):
    """Counts solutions and turns solver events into `Progress`; shared by solver threads."""

    def __init__(self, solver: cp_model.CpSolver, start: float,
                 on_progress: ProgressCallback | None, stop: StopSignal | None,
                 stop_when: Callable[[Progress], bool] | None) -> None:
        super().__init__()
        self._solver = solver
        self._start = start
        self._on_progress = on_progress
        self._stop = stop
        self._stop_when = stop_when
        self._lock = threading.Lock()
        self.solutions = 0
        self.objective: float | None = None
        self.bound = float("-inf")
        self.events: list[Progress] = []

    def on_solution_callback(self) -> None:
        with self._lock:
            self.solutions += 1
            self.objective = self.objective_value
            self.bound = max(self.bound, self.best_objective_bound)
        self._emit()

    def on_bound(self, bound: float) -> None:
        with self._lock:
            self.bound = max(self.bound, bound)
        self._emit()

    def on_log(self, _line: str) -> None:
        # Log lines start with the solve, so a stop requested just before it is honoured here.
        if self._stop is not None and self._stop.requested:
            self._solver.stop_search()

    def _emit(self) -> None:
        with self._lock:
            event = Progress(wall_time=time.monotonic() - self._start, objective=self.objective,
                             bound=self.bound, gap=relative_gap(self.objective, self.bound),
                             solutions=self.solutions)
            self.events.append(event)
        if self._on_progress is not None:
            self._on_progress(event)
        if ((self._stop is not None and self._stop.requested)
                or (self._stop_when is not None and self._stop_when(event))):
            self._solver.stop_search()


def run(model: cp_model.CpModel, *, time_limit: float = 30.0, workers: int = 2, seed: int = 0,
        on_progress: ProgressCallback | None = None, stop: StopSignal | None = None,
        parameters: dict | None = None,
        stop_when: Callable[[Progress], bool] | None = None) -> RunResult:
    """Solve `model` (minimising its objective, if any) and report as described in the module.

    `parameters` sets further `SatParameters` fields by name, e.g. {"linearization_level": 2}.
    `stop_when` (called on the solver thread after each progress event) ends the search early
    when it returns True, e.g. once a plan is good enough; `RunResult.stopped` stays False.
    """
    start = time.monotonic()
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.0, time_limit)
    params.num_workers = workers
    params.random_seed = seed
    params.log_search_progress = True
    params.log_to_stdout = False
    # Ctrl-C is Python's (a KeyboardInterrupt, then `stop`): CP-SAT's own SIGINT handler,
    # set and reset by each solve in its own thread, aborts the process when a signal comes
    # between two solves of a front or a sweep
    params.catch_sigint_signal = False
    for name, value in (parameters or {}).items():
        setattr(params, name, value)
    tracker = _Tracker(solver, start, on_progress, stop, stop_when)
    solver.log_callback = tracker.on_log
    solver.best_bound_callback = tracker.on_bound
    if stop is not None:
        stop._attach(solver)
    try:
        if stop is not None and stop.requested:
            code = cp_model.UNKNOWN
        else:
            code = solver.solve(model, tracker)
    finally:
        if stop is not None:
            stop._attach(None)
    status = _STATUS.get(code, Status.UNKNOWN)
    has_solution = status in (Status.OPTIMAL, Status.FEASIBLE)
    has_objective = (model.proto.has_objective()
                     or model.proto.has_floating_point_objective())
    objective = solver.objective_value if has_solution and has_objective else None
    bound = solver.best_objective_bound if has_objective and code != cp_model.UNKNOWN else None
    if has_objective and code == cp_model.UNKNOWN and tracker.bound > float("-inf"):
        bound = tracker.bound
    return RunResult(status=status, objective=objective, bound=bound,
                     solutions=max(tracker.solutions, 1 if has_solution else 0),
                     wall_time=time.monotonic() - start,
                     stopped=stop is not None and stop.requested, solver=solver,
                     progress=tracker.events)
