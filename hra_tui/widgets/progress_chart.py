"""Live plotext charts of a solve, fed its `Progress` events on the UI thread, redrawn to their own
size: the ward roster's (objective and best bound over time, the gap in the title) and the
admissions search's (the best plan's cost over the moves made: it proves no bound)."""

from __future__ import annotations

import math
import os
from collections.abc import Callable

import plotext as plt
from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from hra_tui.charts import Chart, Frame
from hra_tui.solver.plan import Progress


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def progress_chart(events: list[Progress], note: str = "") -> Chart:
    """The chart of a solve so far, as a `Chart` so it renders like the paper's figures."""
    last = events[-1] if events else None
    if last is None:
        title = f"Solve progress {note}".strip()
    elif last.gap is None:
        title = f"No plan yet, {last.wall_time:.1f} s {note}".rstrip()
    else:
        title = (f"Objective {last.objective:,.0f}  bound {last.bound:,.0f}  gap {last.gap:.1%}"
                 f"  {last.wall_time:.1f} s {note}").rstrip()

    def draw(frame: Frame) -> None:
        found = [e for e in events if _finite(e.objective)]
        bounded = [e for e in events if _finite(e.bound)]
        if found:
            plt.plot([e.wall_time for e in found], [e.objective for e in found],
                     label="incumbent", marker="braille", color="cyan" if frame.color else None)
        if bounded:
            plt.plot([e.wall_time for e in bounded], [e.bound for e in bounded],
                     label="best bound", marker="braille",
                     color="orange" if frame.color else None)
        if not found and not bounded:
            plt.scatter([0], [0], marker=" ")
        plt.xlabel("seconds")

    return Chart(0, "progress", title, "", draw)


def search_chart(events: list[Progress], note: str = "") -> Chart:
    """The admissions search so far: the best plan's cost against the moves made."""
    last = events[-1] if events else None
    title = "Searching" if last is None else (
        f"Best cost {last.cost:,}"
        + (f", {last.left_out} must-admit left out" if last.left_out else "")
        + f"  {last.moves:,} moves  {last.fraction:.0%}")
    title = f"{title} {note}".rstrip()

    # the best cost only falls: its changes and the latest report draw the same line
    points = [e for k, e in enumerate(events)
              if k in (0, len(events) - 1) or e.cost != events[k - 1].cost]

    def draw(frame: Frame) -> None:
        if points:
            plt.plot([e.moves for e in points], [e.cost for e in points], label="best cost",
                     marker="braille", color="cyan" if frame.color else None)
        else:
            plt.scatter([0], [0], marker=" ")
        plt.xlabel("moves")

    return Chart(0, "search", title, "", draw)


REDRAW_EVERY = 0.25  # seconds between drawings while events arrive

NOT_YET = ("\n\nNo solve yet in this session.\n"
           "g solves: this chart then follows the plan's objective (lower is better) as the\n"
           "solver improves it, and the best bound it proves (optimal when they meet).")


class ProgressChart(Static):
    """Shows `chart` (`progress_chart` unless given) of the events it is given; `reset` starts
    a new solve."""

    DEFAULT_CSS = """
    ProgressChart { height: 1fr; min-height: 10; }
    """

    def __init__(self, chart: Callable[[list, str], Chart] = progress_chart, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.chart = chart
        self.events: list = []
        self.note = ""
        self._pending: Timer | None = None

    def reset(self, note: str = "") -> None:
        self.events = []
        self.note = note
        self.redraw()

    def add(self, event: Progress) -> None:
        """Keep the event; draw a moment later, once for all that came meanwhile (a search
        reports several times a second, and each drawing is the event loop's time)."""
        self.events.append(event)
        if self._pending is None:
            self._pending = self.set_timer(REDRAW_EVERY, self._draw_pending)

    def _draw_pending(self) -> None:
        self._pending = None
        self.redraw()

    def set_note(self, note: str) -> None:
        self.note = note
        self.redraw()

    def on_resize(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        width, height = self.size.width, self.size.height
        if width <= 0 or height <= 0:
            return
        if not self.events and not self.note:  # no solve yet: words, not empty axes
            self.update(Text(NOT_YET, justify="center"))
            return
        color = "NO_COLOR" not in os.environ
        text = self.chart(self.events, self.note).render(width, height, color)
        self.update(Text.from_ansi(text) if color else Text(text))
