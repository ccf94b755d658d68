"""One way for a planning screen to run a solve, whichever planner's.

The ward roster's screen (`plans.py`), the admissions planner's (`admissions.py`) and what
comes next (re-plan keys, trade-off fronts) all run their solves through `SolvingScreen`, so
they report, stop and fail alike: one solve at a time in the screen's worker; each progress
event (the planners' one `solver.plan.Progress`) posted to the screen as `SolveProgress`; one
`StopSignal` that esc (`stop_solve`) and the screen going away (the console closing) both
pull, the planner keeping its best plan; a failure shown by `show_failure`, the console's
one failure path, after the screen has said on its status line that no plan came.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from textual import on, work
from textual.message import Message
from textual.worker import Worker, WorkerState

from hra_tui.screens.base import AreaScreen
from hra_tui.solver.plan import Progress
from hra_tui.solver.signals import ProgressCallback, StopSignal

GROUP = "solve"  # the worker group of every planning screen's solve

# What a screen solves: given the stop signal and the progress callback (called from the
# solver's thread), the service call that reads the records, solves and returns the result.
Solve = Callable[[StopSignal, ProgressCallback], Awaitable[Any]]


class SolveProgress(Message):
    """Posted from the solver's thread for each progress event."""

    def __init__(self, event: Progress) -> None:
        super().__init__()
        self.event = event


class SolvingScreen(AreaScreen):
    """An area screen that runs one solve at a time. Subclasses give `BUSY` (the note when
    a solve is asked for while one runs), `solve_done` and `solve_failed`, and may show
    `SolveProgress` as it comes. The screen has the class `-solving` while a solve runs."""

    BUSY: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__()
        self.stop_signal: StopSignal | None = None

    @property
    def solving(self) -> bool:
        return self.stop_signal is not None

    def start_solve(self, solve: Solve) -> bool:
        """Run `solve` in the screen's worker; False, with the `BUSY` note, if one runs."""
        if self.stop_signal is not None:
            self.notify(self.BUSY)
            return False
        self.stop_signal = StopSignal()
        self.add_class("-solving")
        self._solve(solve, self.stop_signal)
        return True

    def stop_solve(self) -> bool:
        """Ask the running solve to end with its best plan; False if none runs."""
        if self.stop_signal is None:
            return False
        self.stop_signal.stop()
        return True

    @work(exclusive=True, exit_on_error=False, group=GROUP)
    async def _solve(self, solve: Solve, stop: StopSignal) -> Any:
        return await solve(stop, lambda event: self.post_message(SolveProgress(event)))

    def on_unmount(self) -> None:
        self.stop_solve()  # the console is closing: end the solver's thread now

    @on(Worker.StateChanged)
    async def _solve_ended(self, event: Worker.StateChanged) -> None:
        if event.worker.group != GROUP or event.state not in (
                WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        if event.state != WorkerState.SUCCESS:
            self.stop_solve()  # cancelled (the console is closing): end the solver too
        self.stop_signal = None
        self.remove_class("-solving")
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.solve_failed(error)
            self.hra.show_failure(error)
        elif event.state == WorkerState.SUCCESS:
            await self.solve_done(event.worker.result)

    async def solve_done(self, result: Any) -> None:
        """Show the solve's result."""
        raise NotImplementedError

    def solve_failed(self, error: BaseException) -> None:
        """Say on the status line that no plan came (`show_failure` then says why)."""
        raise NotImplementedError
