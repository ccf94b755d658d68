"""The planning screens' one solve worker (`screens/planning/solve_worker.py`): a solve that
fails, in either planner's screen, is shown by `show_failure`, the console's one failure
path, and the screen stays, ready for the next solve."""

from __future__ import annotations

import pytest
from support.console import console, notes, press_for, wait_for

from hra_tui.screens.planning.admissions import AdmissionsScreen
from hra_tui.screens.planning.plans import PlanningScreen


def broken(*_args, **_kwargs):
    raise RuntimeError("boom")


@pytest.mark.parametrize(("keys", "screen_type", "solver", "status"), [
    (["s"], PlanningScreen, "hra_tui.solver.ward.model.solve_ward", "the solve failed"),
    (["s", "e"], AdmissionsScreen, "hra_tui.solver.ihtc.solver.solve", "no plan"),
], ids=["ward roster", "admissions"])
async def test_a_failing_solve_is_shown_by_show_failure(demo_db, monkeypatch, keys,
                                                        screen_type, solver, status):
    monkeypatch.setattr(solver, broken)
    async with console(demo_db) as (app, pilot):
        for key in keys:
            screen = await press_for(pilot, key, PlanningScreen if key == "s" else screen_type)
        shown: list[BaseException] = []
        show = app.show_failure
        monkeypatch.setattr(app, "show_failure", lambda exc: (shown.append(exc), show(exc)))
        await pilot.press("g")
        await wait_for(pilot, lambda: shown and not screen.solving, timeout=30)
        assert [str(exc) for exc in shown] == ["boom"]
        assert ("error", "internal fault (RuntimeError: boom); nothing more was done"
                ) in notes(app)
        assert app.screen is screen and not screen.has_class("-solving")
        assert str(screen.query_one("#title").render()).endswith(status)
