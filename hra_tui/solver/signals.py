"""How a caller talks to a running solve, whichever planner's: progress events out (one
`Progress` for all), a stop request in (one `StopSignal` for all).

Kept apart from the runner so the console and the CLI can hold a `StopSignal` without loading
OR-Tools at start-up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from hra_tui.solver.plan import Progress

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

ProgressCallback = Callable[[Progress], None]


class StopSignal:
    """A thread-safe request to end a solve early; the solve returns its best solution so far.

    One signal may serve several solves in a row (a decomposition does that): once stopped it
    stays stopped, and a stop requested before a solve starts ends that solve at once.

    A CP-SAT solve (`runner.run`) is stopped at once through the solver it attaches; a search
    that polls (the admissions planner's `stop()`) calls the signal itself, which says whether
    a stop was requested.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._solver: cp_model.CpSolver | None = None

    def stop(self) -> None:
        self._event.set()
        with self._lock:
            solver = self._solver
        if solver is not None:
            solver.stop_search()

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        return self.requested

    def _attach(self, solver: cp_model.CpSolver | None) -> None:
        with self._lock:
            self._solver = solver
