"""The trade-off front: the non-dominated plans of cost against waiting over the Planning
screen's horizon, charted with the plan in force marked, traced in the solve worker (esc
stops it and keeps the points found).

Keys: ←/→ move along the front (that point's cost, waiting, quality and what it changes
against the plan in force under the chart), enter stores the point as a plan (reviewed and
applied on the Planning screen like any other), g traces the front again, esc stops (or goes
back to Planning). Opened from Planning with f.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

from hra_tui.charts.trade_offs import front_chart
from hra_tui.domain import Role
from hra_tui.formatting import cut, grouped
from hra_tui.screens.base import key_table
from hra_tui.screens.planning.solve_worker import SolveProgress, SolvingScreen
from hra_tui.screens.role_keys import needs
from hra_tui.services.errors import Refused
from hra_tui.services.planning.ward.records import PlanFront, PlanRequest

POINTS = 7  # both ends and five between
LEAST_TIME = 60.0  # a front is many solves: at least this long, or Planning's limit if longer
DETAIL_LINES = 3


class FrontScreen(SolvingScreen):
    MODE = "planning"
    TITLE = "Trade-offs"
    FILTERABLE = False
    BUSY = "The front is being traced; esc stops it"
    DEFAULT_CSS = """
    FrontScreen #front-chart { height: 1fr; }
    FrontScreen #front-detail { height: 3; }
    """

    BINDINGS: ClassVar[list[BindingType]] = key_table("front", """
        left    step(-1)  previous  Less cost
        right   step(1)   next      Less waiting
        enter   keep      keep      Store as plan
        g       trace     trace     Trace again
        escape  stop      stop      Stop/back
    """)

    def __init__(self, request: PlanRequest | None = None) -> None:
        super().__init__()
        request = request or PlanRequest()
        self.request = replace(request, time_limit=max(LEAST_TIME, request.time_limit))
        self.front: PlanFront | None = None
        self.chosen = 0
        self.traced = 0  # points found so far in the running trace

    def compose_body(self) -> ComposeResult:
        yield Static("", id="front-chart")
        yield Static("", id="front-detail")

    def focus_list(self) -> None:
        self.query_one("#front-chart").focus()

    async def reload(self) -> None:
        if self.front is None and not self.solving:
            self.action_trace()
        else:
            self.redraw()

    # -- tracing -----------------------------------------------------------------------------

    @needs(Role.CLERK, "make plans")
    def action_trace(self) -> None:
        request = self.request
        self.traced = 0
        if self.start_solve(lambda stop, on_progress: self.ward.planning.front(
                request, POINTS, stop=stop, on_progress=on_progress)):
            self.set_status(f"tracing {POINTS} points over {request.horizon} slots · esc stops")
            self._detail("Each point is two or three solves: least cost under a cap on "
                         "waiting, then least waiting at that cost, then the best quality.")

    @on(SolveProgress)
    def _progress(self, message: SolveProgress) -> None:
        event = message.event
        if event.fraction is not None:
            done = min(POINTS, int(event.fraction * POINTS) + 1)
            self.set_status(f"tracing point {done} of {POINTS} · {event.wall_time:.0f} s · "
                            "esc stops, keeping the points found")

    def solve_failed(self, error: BaseException) -> None:
        if not isinstance(error, Refused):
            self.set_status("the front failed")

    async def solve_done(self, front: PlanFront) -> None:
        self.front = front
        self.chosen = 0
        found = len(front.points)
        self.set_status(f"{found} of {front.asked} points"
                        + (" · stopped" if front.stopped else "")
                        + " · ←→ moves, enter stores, g traces again")
        if not found:
            self._detail("No plan found: none in time, or none meets every rule (g on the "
                         "Planning screen says why).")
        self.redraw()

    def action_stop(self) -> None:
        if self.stop_solve():
            self.set_status("stopping; the points found so far are kept")
        else:
            self.app.pop_screen()

    # -- reading the front -------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        if self.front is not None and self.front.points:
            self.chosen = max(0, min(len(self.front.points) - 1, self.chosen + step))
            self.redraw()

    @needs(Role.CLERK, "keep plans")
    async def action_keep(self) -> None:
        front = self.front
        if front is None or not front.points or self.solving:
            return
        index = self.chosen
        await self.hra.attempt(
            self.ward.planning.keep_point(front, index),
            lambda s: (f"Point {index + 1} stored as plan {s.id}: review it on the Planning "
                       "screen (v shows what it adds, y applies it)"))

    def redraw(self) -> None:
        front = self.front
        view = self.query_one("#front-chart", Static)
        if front is None or not front.points:
            return
        b, params = front.in_force, front.prepared.params
        chart = front_chart([(p.cost, p.waiting) for p in front.points], (b.cost, b.waiting),
                            self.chosen, title=f"Cost against waiting, {params['first_slot']} "
                                               f"+{len(params['slot_ids'])} slots")
        width, height = view.size.width, view.size.height
        if width > 0 and height > 0:
            color = "NO_COLOR" not in os.environ
            text = chart.render(width, height, color)
            view.update(Text.from_ansi(text) if color else Text(text))
        p = front.points[self.chosen]
        gap = "" if p.proven else (" (gap unknown)" if p.gap is None else
                                   f" (gap {p.gap:.1%}, quality's "
                                   + ("unknown)" if p.quality_gap is None
                                      else f"{p.quality_gap:.1%})"))
        self._detail(f"Point {self.chosen + 1} of {len(front.points)}, {p.status}{gap}: cost "
                     f"£{grouped(p.cost)}, waiting {grouped(p.waiting)} patient-slots, quality "
                     f"{grouped(p.quality)}. {p.changes}.")

    def _detail(self, text: str) -> None:
        width = max(1, self.size.width)
        lines = textwrap.wrap(text, width) or [""]
        if len(lines) > DETAIL_LINES:
            lines = [*lines[:DETAIL_LINES - 1], cut(" ".join(lines[DETAIL_LINES - 1:]), width)]
        self.query_one("#front-detail", Static).update(Text("\n".join(lines)))

    def on_resize(self) -> None:
        self.call_after_refresh(self.redraw)
