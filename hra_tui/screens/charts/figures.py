"""Charts: the paper's nine figures for one plan (a ward plan: staff names, slot labels).

Keys: 1-9 pick a figure, left/right or n step through them, [ ] step through the plans that
have a schedule. Figures redraw to the screen's size; NO_COLOR draws them without colour.
"""

from __future__ import annotations

import os
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from hra_tui.charts import Chart, paper_charts
from hra_tui.screens.base import AreaScreen, step_bindings
from hra_tui.services.errors import Refused


class ChartsScreen(AreaScreen):
    MODE = "charts"
    TITLE = "Charts"
    FILTERABLE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(k), f"figure({k - 1})", f"Figure {k}", show=False,
                  id=f"charts-figure-{k}") for k in range(1, 10)],
        Binding("right,n", "step(1)", "Next figure", id="charts-next"),
        Binding("left", "step(-1)", "Previous figure", id="charts-previous"),
        *step_bindings("plan", ("Older plan", "charts-older"), ("Newer plan", "charts-newer")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan_ids: list[int] = []  # plans with a schedule, newest first
        self.plan_id: int | None = None
        self.charts: list[Chart] = []
        self.figure = 0

    def compose_body(self) -> ComposeResult:
        yield Static("", id="chart-view")

    def on_mount(self) -> None:
        self.query_one("#chart-view").styles.height = "1fr"
        super().on_mount()

    def focus_list(self) -> None:
        self.query_one("#chart-view").focus()

    async def reload(self) -> None:
        plans = await self.ward.planning.list()
        self.plan_ids = [s.id for s in plans if s.has_solution]
        if self.plan_id not in self.plan_ids:
            # The plan the ward works by (the last applied), else the newest.
            applied = [s for s in plans if s.has_solution and s.applied_at is not None]
            latest = max(applied, key=lambda s: s.applied_at).id if applied else None
            self.plan_id = latest or (self.plan_ids[0] if self.plan_ids else None)
            self.charts = []
        if self.plan_id is not None and not self.charts:
            await self.show_plan(self.plan_id)
        else:
            self.redraw()

    async def show_plan(self, plan_id: int) -> None:
        """Chart `plan_id` (the planning screen's `o` comes here)."""
        try:
            detail = await self.ward.planning.get(plan_id)
            self.charts = paper_charts(detail.instance, detail.plan)
        except (Refused, ValueError) as exc:  # gone, or a plan the figures cannot draw (words)
            self.charts = []
            self.hra.show_failure(exc if isinstance(exc, Refused) else Refused(str(exc)))
        self.plan_id = plan_id
        self.redraw()

    def redraw(self) -> None:
        view = self.query_one("#chart-view", Static)
        if self.plan_id is None or not self.charts:
            self.set_status("no plan with a schedule yet")
            view.update(Text("Solve a plan on the Planning screen (s) to chart it here."))
            return
        self.figure %= len(self.charts)
        chart = self.charts[self.figure]
        self.set_status(f"plan {self.plan_id} · figure {self.figure + 1} of "
                        f"{len(self.charts)} · 1-9 ←→ [ ]")
        width, height = view.size.width, view.size.height
        if width <= 0 or height <= 0:
            return
        color = "NO_COLOR" not in os.environ
        text = chart.block(width, height, color)
        view.update(Text.from_ansi(text) if color else Text(text))

    def on_resize(self) -> None:
        self.call_after_refresh(self.redraw)

    def action_figure(self, index: int) -> None:
        self.figure = index
        self.redraw()

    def action_step(self, step: int) -> None:
        self.figure += step
        self.redraw()

    async def action_plan(self, step: int) -> None:
        if not self.plan_ids or self.plan_id is None:
            return
        at = self.plan_ids.index(self.plan_id) - step  # newest first
        await self.show_plan(self.plan_ids[max(0, min(len(self.plan_ids) - 1, at))])
