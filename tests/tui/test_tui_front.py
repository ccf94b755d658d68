"""The trade-off front on the Planning screen (f) through Textual's pilot on the demo ward:
traced in the worker, its chart with the axes named, ←/→ along the points, enter stores a
point as a plan the Planning screen lists and applies, esc goes back."""

from __future__ import annotations

from functools import partial

import pytest
from support.console import settle, wait_for

from hra_tui.app import HraApp
from hra_tui.screens.planning.front import FrontScreen
from hra_tui.screens.planning.plans import PlanningScreen

until = partial(wait_for, timeout=60.0)  # a front is many solves


async def open_front(pilot, app: HraApp, horizon: int) -> FrontScreen:
    await until(pilot, lambda: app.ward_ready)
    await pilot.press("s")
    await until(pilot, lambda: isinstance(app.screen, PlanningScreen))
    for _ in range(9 - horizon):
        await pilot.press("left_square_bracket")
    await pilot.press("f")
    await until(pilot, lambda: isinstance(app.screen, FrontScreen))
    screen = app.screen
    await until(pilot, lambda: screen.front is not None and not screen.solving)
    await pilot.pause()
    return screen


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


@pytest.mark.parametrize("size", [(80, 24), pytest.param((160, 40), marks=pytest.mark.slow)])
async def test_the_front_is_charted_walked_and_a_point_stored_and_applied(demo_db, size):
    app = HraApp(demo_db)
    async with app.run_test(size=size) as pilot:
        screen = await open_front(pilot, app, horizon=3)
        front = screen.front
        assert len(front.points) >= 2
        assert all(p.proven for p in front.points)
        costs = [p.cost for p in front.points]
        waits = [p.waiting for p in front.points]
        assert costs == sorted(costs) and waits == sorted(waits, reverse=True)
        chart = text_of(screen, "#front-chart")
        assert "cost (£)" in chart and "waiting (patient-slots)" in chart
        assert "X" in chart and "@" in chart  # the plan in force, the point in view
        view = screen.query_one("#front-chart")
        assert max(len(line) for line in chart.splitlines()) <= view.size.width
        assert "Point 1 of" in text_of(screen, "#front-detail")

        await pilot.press("right")
        await pilot.pause()
        assert screen.chosen == 1
        detail = text_of(screen, "#front-detail")
        assert f"cost £{front.points[1].cost:,}" in detail and "against the plan in force" in detail
        for _ in range(len(front.points) + 2):  # stops at the far end
            await pilot.press("right")
        assert screen.chosen == len(front.points) - 1

        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, PlanningScreen))
        planning = app.screen
        await planning.reload()
        stored = planning.plans[0]
        point = front.points[-1]
        assert (stored.breakdown.cost, stored.breakdown.waiting) == (point.cost, point.waiting)
        assert (await app.ward.planning.diff(stored.id)).blocked is None
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: planning.plans and planning.plans[0].applied_at is not None)
