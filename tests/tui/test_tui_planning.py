"""The planning and charts screens through Textual's pilot on the demo ward: solve, chart,
apply, stop with esc, quit mid-solve; plans are checked against the model's rules."""

from __future__ import annotations

import threading
import time
from functools import partial

import pytest
from support.console import notes, wait_for
from support.ward_checker import check_plan
from support.wards import connect

from db.time_codec import parse_sql_time, sql_time, utcnow
from hra_tui.app import HraApp
from hra_tui.screens.appointments.list import AppointmentsScreen
from hra_tui.screens.beds.board import BedsScreen
from hra_tui.screens.charts.figures import ChartsScreen
from hra_tui.screens.planning.plans import PlanningScreen
from hra_tui.screens.prompts import ConfirmScreen
from hra_tui.services.planning.ward.records import PlanRequest

until = partial(wait_for, timeout=30.0)  # a solve may take that long


async def open_planning(pilot, app: HraApp, horizon: int) -> PlanningScreen:
    await until(pilot, lambda: app.ward_ready)
    await pilot.press("s")
    await until(pilot, lambda: isinstance(app.screen, PlanningScreen))
    screen = app.screen
    for _ in range(9 - horizon):
        await pilot.press("left_square_bracket")
    for _ in range(horizon - 9):
        await pilot.press("right_square_bracket")
    assert screen.request.horizon == horizon
    return screen


async def give_time_limit(pilot, app: HraApp, seconds: int) -> None:
    """`t`, the suggested limit (10) rubbed out, `seconds` typed in, enter."""
    await pilot.press("t")
    await pilot.pause()
    for _ in range(3):
        await pilot.press("backspace")
    await pilot.press(*str(seconds), "enter")
    await until(pilot, lambda: isinstance(app.screen, PlanningScreen))


def rows(path, sql: str) -> list[tuple]:
    with connect(path) as conn:
        return conn.execute(sql).fetchall()


def chart_text(app: HraApp) -> str:
    view = app.screen.query_one("#chart-view")
    return str(view.render())


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_solve_chart_and_apply(demo_db, size):
    app = HraApp(demo_db)
    async with app.run_test(size=size) as pilot:
        screen = await open_planning(pilot, app, horizon=3)
        await pilot.press("g")
        await until(pilot, lambda: screen.plans and not screen.solving)
        summary = screen.plans[0]
        assert summary.status == "OPTIMAL"
        detail = await app.ward.planning.get(summary.id)
        assert check_plan(detail.instance, detail.plan) == []
        assert "Applying adds" in str(screen.query_one("#plan-detail").render())

        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, ChartsScreen) and app.screen.charts)
        charts = app.screen
        assert charts.plan_id == summary.id and len(charts.charts) == 9
        view = charts.query_one("#chart-view")
        for k in range(1, 10):
            await pilot.press(str(k))
            await pilot.pause()
            lines = chart_text(app).splitlines()
            assert charts.figure == k - 1
            assert len(lines) <= view.size.height
            assert max(len(line) for line in lines) <= view.size.width
            assert sum(1 for line in lines if line.strip()) > view.size.height // 2
        await pilot.press("right")
        assert charts.figure == 0

        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, PlanningScreen))
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: rows(demo_db, "SELECT count(*) FROM roster_entries")[0][0])
        await until(pilot, lambda: screen.plans and screen.plans[0].applied_at is not None)
        served = detail.summary.breakdown.served
        assert rows(demo_db, "SELECT count(*) FROM care_requests WHERE status = 'scheduled'"
                    ) == [(served,)]
        assert rows(demo_db, "SELECT count(*) FROM roster_entries") == [
            (sum(map(sum, detail.plan.x)),)]
        assert "was applied" in (await app.ward.planning.diff(summary.id)
                                 ).blocked
        mrn, text = rows(demo_db, "SELECT p.mrn, a.starts_at FROM care_requests c "
                                  "JOIN appointments a ON a.id = c.appointment_id "
                                  "JOIN patients p ON p.id = c.patient_id "
                                  "ORDER BY a.starts_at LIMIT 1")[0]
        day = parse_sql_time(text).astimezone().date()

        await pilot.press("a")  # the appointment screen shows the planned visits
        await until(pilot, lambda: isinstance(app.screen, AppointmentsScreen))
        visits = app.screen
        await until(pilot, lambda: visits.day is not None)
        while visits.day < day:
            await pilot.press("right_square_bracket")
            await pilot.pause()
        await until(pilot, lambda: any(r.patient_mrn == mrn for r in visits.rows))

        await pilot.press("b")  # the bed board names who is on duty from the roster
        await until(pilot, lambda: isinstance(app.screen, BedsScreen))
        duty = app.screen.query_one("#duty-bar")
        first_on_duty = rows(demo_db, "SELECT s.name FROM roster_entries r "
                                      "JOIN staff s ON s.id = r.staff_id "
                                      "JOIN time_slots t ON t.id = r.slot_id "
                                      "ORDER BY t.starts_at, s.role, s.name LIMIT 1")[0][0]
        await until(pilot, lambda: first_on_duty in str(duty.render()))
        assert str(duty.render()).startswith("On duty")


def hold_after_first_plan(monkeypatch) -> None:
    """The demo week is proven in about a second; to stop a solve mid-search, the solver's
    thread waits (for at most 30 s) after its first plan until the clerk stops it."""
    import hra_tui.solver.ward.model as ward_model

    real = ward_model.run

    def held(model, *, on_progress=None, stop=None, **options):
        def hold(event):
            if on_progress is not None:
                on_progress(event)
            deadline = time.monotonic() + 30
            while (event.objective is not None and stop is not None and not stop.requested
                   and time.monotonic() < deadline):
                time.sleep(0.01)

        return real(model, on_progress=hold, stop=stop, **options)

    monkeypatch.setattr(ward_model, "run", held)


async def test_escape_stops_the_solve_within_a_second_and_keeps_the_plan(demo_db, monkeypatch):
    hold_after_first_plan(monkeypatch)
    app = HraApp(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_planning(pilot, app, horizon=21)
        await give_time_limit(pilot, app, 600)
        assert screen.request.time_limit == 600
        await pilot.press("1")  # without (a)
        assert not screen.request.toggles.patient_cap
        await pilot.press("g")
        from hra_tui.widgets.progress_chart import ProgressChart

        chart = screen.query_one(ProgressChart)
        await until(pilot, lambda: any(e.objective is not None for e in chart.events))
        await pilot.press("escape")  # the solve was given 600 s: only the stop ends it now
        await until(pilot, lambda: not screen.solving)
        await until(pilot, lambda: screen.plans)
        kept = screen.plans[0]
        assert kept.status == "FEASIBLE" and kept.breakdown is not None
        assert "Stopped by the clerk" in kept.explanation
        detail = await app.ward.planning.get(kept.id)
        assert check_plan(detail.instance, detail.plan) == []
        assert "Objective" in str(chart.render())


async def test_apply_waits_for_the_running_solve_and_its_plan(demo_db, monkeypatch):
    """`g` then `y` mid-solve asked to apply the plan highlighted before (already applied) and
    the dialog swallowed the next keys; now `y` is refused with a note until the new plan
    shows, and is then asked for that plan."""
    app = HraApp(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_planning(pilot, app, horizon=3)
        await pilot.press("g")
        await until(pilot, lambda: screen.plans and not screen.solving)
        first = screen.highlighted.id
        await pilot.press("y", "y")
        await until(pilot, lambda: screen.plans[0].applied_at is not None)
        await pilot.press("y")  # the plan in force again: said at the key, no dialog
        assert not isinstance(app.screen, ConfirmScreen)
        assert notes(app)[-1][1].startswith(f"Plan {first} was applied")

        hold_after_first_plan(monkeypatch)
        await pilot.press("g")
        chart = screen.query_one("#plan-progress")
        await until(pilot, lambda: any(e.objective is not None for e in chart.events))
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen and screen.solving
        assert notes(app)[-1] == ("warning", "A solve is running: no plan is applied until "
                                  "it ends and its plan shows (esc stops it and keeps the "
                                  "best plan)")
        await pilot.press("escape")
        await until(pilot, lambda: not screen.solving and screen.highlighted.id != first)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.question.startswith(f"Apply plan {screen.highlighted.id} ")
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen)


async def test_quitting_mid_solve_stops_the_solve(demo_db, monkeypatch):
    import hra_tui.solver.ward.model as ward_model  # the screen loads it on its first solve

    returned = threading.Event()
    real = ward_model.solve_ward

    def solve_and_tell(*args, **kwargs):
        try:
            return real(*args, **kwargs)
        finally:
            returned.set()

    monkeypatch.setattr(ward_model, "solve_ward", solve_and_tell)
    hold_after_first_plan(monkeypatch)
    app = HraApp(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_planning(pilot, app, horizon=21)
        await give_time_limit(pilot, app, 600)
        await pilot.press("1")  # without (a)
        await pilot.press("g")
        await until(pilot, lambda: screen.query_one("#plan-progress").events)
        assert screen.solving
        await pilot.press("ctrl+q")
    assert returned.wait(30)  # the console is gone, and so is its 600 s solve


async def test_an_infeasible_solve_is_kept_and_explained(demo_db):
    with connect(demo_db) as conn:  # a budget below any roster meeting demand
        conn.execute("INSERT INTO settings (key, value, updated_at) "
                     "VALUES ('budget', 10, ?)", (sql_time(utcnow()),))
    app = HraApp(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_planning(pilot, app, horizon=3)
        await pilot.press("g")
        await until(pilot, lambda: screen.plans and not screen.solving)
        kept = screen.plans[0]
        assert kept.status == "INFEASIBLE" and kept.bound is None and kept.breakdown is None
        why = "infeasible because of the budget: B = 10, but the cheapest roster"
        assert kept.explanation.startswith(why)
        detail = str(screen.query_one("#plan-detail").render())
        assert why in detail.replace("\n", " ") and "has no solution" in detail
        messages = [n.message for n in app._notifications]
        assert any(why in m for m in messages), messages
        assert not any("failed" in m for m in messages), messages


async def test_charts_open_on_the_plan_the_ward_works_by(demo_db):
    from hra_tui.services.planning.ward.records import PlanRequest

    app = HraApp(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.ward_ready)
        request = PlanRequest(horizon=3, time_limit=300)
        applied = await app.ward.planning.solve(request)
        newer = await app.ward.planning.solve(request)
        assert newer.id > applied.id
        await app.ward.planning.apply(applied.id)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ChartsScreen)
                    and app.screen.plan_id is not None)
        assert app.screen.plan_id == applied.id
        assert f"plan {applied.id} · figure 1 of" in str(app.screen.query_one("#title").render())


async def test_the_header_says_when_the_records_hold_fewer_slots_than_asked(demo_db):
    slots = rows(demo_db, "SELECT count(*) FROM time_slots")[0][0]
    app = HraApp(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_planning(pilot, app, horizon=slots + 5)
        await pilot.press("g")
        await until(pilot, lambda: screen.slots_found is not None)
        params = str(screen.query_one("#plan-params").render())
        assert params.startswith(f"Horizon {slots} slots (of {slots + 5} asked;")
        await pilot.press("escape")
        await until(pilot, lambda: not screen.solving)


async def test_a_fault_in_the_solver_is_one_failure_notice_and_the_console_stays(demo_db,
                                                                                  monkeypatch):
    import hra_tui.solver.ward.model as ward_model  # the screen loads it on its first solve

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ward_model, "solve_ward", broken)
    app = HraApp(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_planning(pilot, app, horizon=3)
        await pilot.press("g")
        await until(pilot, lambda: not screen.solving and app._notifications)
        failures = [(n.title, n.message) for n in app._notifications if n.severity == "error"]
        assert failures == [("Internal fault",
                             "internal fault (RuntimeError: boom); nothing more was done")]
        assert app.screen is screen


async def test_n_replans_the_plan_in_force_and_tells_the_change(demo_db):
    """`n` re-plans in the solve's worker: refused while no plan is in force; with one
    applied and nothing new, the re-plan is kept and its detail says nothing changes."""
    app = HraApp(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_planning(pilot, app, horizon=3)
        await pilot.press("n")
        await until(pilot, lambda: not screen.solving)
        assert not screen.plans  # no plan in force yet: refused in one line, nothing kept
        plan = await app.ward.planning.solve(PlanRequest(horizon=3, time_limit=20))
        await app.ward.planning.apply(plan.id)
        await pilot.press("n")
        await until(pilot, lambda: screen.plans and screen.plans[0].id != plan.id
                    and not screen.solving)
        replan = screen.plans[0]
        assert replan.changes is not None and replan.changes.count == 0
        await until(pilot, lambda: "Nothing changes." in str(
            screen.query_one("#plan-detail").render()))
        assert f"Re-plan {replan.id}" in str(screen.query_one("#plan-detail").render())
