"""A live plotext chart of a solve: the incumbent objective and the best bound over time, with
the gap in its title. Fed `Progress` events on the UI thread; redraws to its own size."""

from __future__ import annotations

import math
import os

import plotext as plt
from rich.text import Text
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


NOT_YET = ("\n\nNo solve yet in this session.\n"
           "g solves: this chart then follows the plan's objective (lower is better) as the\n"
           "solver improves it, and the best bound it proves (optimal when they meet).")


class ProgressChart(Static):
    """Shows `progress_chart` of the events it is given; `reset` starts a new solve."""

    DEFAULT_CSS = """
    ProgressChart { height: 1fr; min-height: 10; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.events: list[Progress] = []
        self.note = ""

    def reset(self, note: str = "") -> None:
        self.events = []
        self.note = note
        self.redraw()

    def add(self, event: Progress) -> None:
        self.events.append(event)
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
        text = progress_chart(self.events, self.note).render(width, height, color)
        self.update(Text.from_ansi(text) if color else Text(text))
