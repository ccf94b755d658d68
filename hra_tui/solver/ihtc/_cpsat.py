"""One CP-SAT solve as the search's window re-plans need it: short, repeatable, stoppable."""

from __future__ import annotations

import threading
from collections.abc import Callable

from ortools.sat.python import cp_model


def solve_model(m: cp_model.CpModel, seconds: float, wall: float, seed: int,
                stop: Callable[[], bool] | None) -> cp_model.CpSolver | None:
    """Solve on one worker for `seconds` of deterministic time (repeatable) and at most
    `wall` seconds, a watcher thread halting the search when `stop()` turns true; the
    solver if it found a solution, else None."""
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = seconds
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.05, wall)
    solver.parameters.random_seed = seed
    # The search's stop is the one way to halt it: CP-SAT's own SIGINT handler, set and reset
    # by each solve, replaced a thread's ignored Ctrl-C (`solver._child_start`) and a
    # terminal's Ctrl-C then killed it, breaking `--threads`' pool.
    solver.parameters.catch_sigint_signal = False
    status = solver.solve(m) if stop is None else _watched(solver, m, stop)
    return solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def _watched(solver: cp_model.CpSolver, m: cp_model.CpModel, stop: Callable[[], bool]) -> int:
    """Solve while a watcher thread polls `stop` and halts the search when it turns true."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            if stop():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.solve(m)
    finally:
        done.set()
        watcher.join()


def watched_solve(solver: cp_model.CpSolver, m: cp_model.CpModel,
                  stop: Callable[[], bool] | None) -> int:
    """`solver.solve(m)` with its own parameters, halted when `stop()` turns true."""
    return solver.solve(m) if stop is None else _watched(solver, m, stop)


def proving_solver(seconds: float, workers: int) -> cp_model.CpSolver:
    """A solver set to raise its lower bound, not only to find plans: on the small IHTC
    instances the full LP relaxation (`max_lp`) and core-based search prove optima that the
    default portfolio of two workers leaves open after minutes."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = max(1, workers)
    if workers >= 2:
        solver.parameters.subsolvers.extend(["max_lp", "core"])
    else:
        solver.parameters.linearization_level = 2
    return solver
