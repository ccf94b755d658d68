"""Solving from the shell: a progress line on stderr, and a solve (or a front, or a sweep)
on a worker thread that Ctrl-C stops while keeping what it found."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from hra_tui.solver.plan import Progress
    from hra_tui.solver.signals import StopSignal

T = TypeVar("T")


class ProgressLine:
    """Prints solver progress to stderr; called from the solver thread, so it only writes."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, event: Progress) -> None:
        now = time.monotonic()
        if not self._tty and now - self._last < 0.5:
            return
        self._last = now
        obj = "-" if event.objective is None else f"{event.objective:.0f}"
        gap = "-" if event.gap is None else f"{100 * event.gap:.2f}%"
        bound = "-" if event.bound is None else f"{event.bound:.1f}"
        line = (f"{event.wall_time:6.2f}s  objective {obj}  bound {bound}  "
                f"gap {gap}  solutions {event.solutions}")
        if event.fraction is not None:  # a front or a sweep: how far along its points
            line += f"  points {100 * event.fraction:.0f}%"
        sys.stderr.write(f"\r{line}\033[K" if self._tty else line + "\n")
        sys.stderr.flush()

    def close(self) -> None:
        if self._tty:
            sys.stderr.write("\n")


def interruptibly(task: Callable[[StopSignal, ProgressLine], T]) -> T:
    """Run `task(stop, progress)` on a worker thread: Ctrl-C stops it, and what it found
    so far is still returned (a solve's best plan, a front's or a sweep's points)."""
    from hra_tui.solver.signals import StopSignal

    stop = StopSignal()
    progress = ProgressLine()
    result: list[T] = []
    failure: list[BaseException] = []
    done = threading.Event()  # not Thread.join: a Ctrl-C inside join marks the thread ended

    def work() -> None:
        try:
            result.append(task(stop, progress))
        except BaseException as err:  # handed to the main thread below
            failure.append(err)
        finally:
            done.set()

    threading.Thread(target=work, name="solve", daemon=True).start()
    try:
        while not done.wait(0.1):
            pass
    except KeyboardInterrupt:
        stop.stop()
        done.wait()
    progress.close()
    if failure:
        raise failure[0]
    return result[0]
