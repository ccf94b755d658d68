"""The admissions planner through Textual's pilot, on a ward imported from i01 (`hra ihtc
import`): plan with a move budget, read the views, apply, and find the plan in the records;
esc stops a long search keeping the best plan; apply is refused when the records changed; n
re-plans from the plan in force; ←/→ scroll the days at 80 columns and nurse names show whole.
Plus SVG snapshots of the four views at 80x24 (a move budget and a fixed seed: no clock)."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
from support.console import console, notes, ready, settle, wait_for
from support.data import IHTC
from support.wards import as_template, connect, database_name, fresh_ward
from typer.testing import CliRunner

from db.location import Location
from hra_tui.cli.main import app as cli
from hra_tui.screens.planning.admissions import AdmissionsScreen
from hra_tui.screens.prompts import AskScreen, ConfirmScreen
from hra_tui.solver.ihtc import Problem, Solution, check
from hra_tui.widgets.key_footer import KeyFooter
from hra_tui.widgets.progress_chart import ProgressChart

until = partial(wait_for, timeout=30.0)


@pytest.fixture(scope="module")
def i01_template(tmp_path_factory, _server) -> Path | str:
    """i01 imported into a ward file, on the suite's engine (the file, or a database to clone)."""
    path = tmp_path_factory.mktemp("admissions") / "ward.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "ihtc", "import",
                                      str(IHTC / "i01.json"), "--starts", "2026-12-01"])
    assert result.exit_code == 0, result.output
    return path if _server is None else as_template(_server, path, "tpl_admissions_i01")


@pytest.fixture
def i01_db(i01_template, _server, request, tmp_path) -> Location:
    return fresh_ward(i01_template, _server, request, tmp_path)


def rows(ward: Location, sql: str) -> list[tuple]:
    with connect(ward) as conn:
        return conn.execute(sql).fetchall()


async def open_admissions(app, pilot) -> AdmissionsScreen:
    await pilot.press("s")
    await settle(pilot)
    await pilot.press("e")
    await until(pilot, lambda: isinstance(app.screen, AdmissionsScreen))
    await settle(pilot)
    return app.screen


async def set_budget(pilot, screen: AdmissionsScreen, text: str) -> None:
    await pilot.press("t")
    await until(pilot, lambda: isinstance(pilot.app.screen, AskScreen))
    await pilot.press(*["backspace"] * 12, *text, "enter")
    await until(pilot, lambda: pilot.app.screen is screen)


async def plan(pilot, screen: AdmissionsScreen) -> None:
    await pilot.press("g")
    await until(pilot, lambda: screen.plan is not None and not screen.solving)
    await settle(pilot)


async def test_plan_view_and_apply(i01_db):
    async with console(i01_db) as (app, pilot):
        screen = await open_admissions(app, pilot)
        await set_budget(pilot, screen, "20000 moves")
        assert (screen.iterations, screen.seed) == (20000, 0)
        await plan(pilot, screen)
        made = screen.plan
        assert made.check.feasible
        assert str(screen.query_one("#adm-cost").render()).startswith(
            f"Plan cost {made.check.total_cost:,}")
        assert [row[0] for row in screen.board.records] == sorted(
            r.id for r in made.problem.rooms)
        for view in ("theatres", "nurses", "cost"):
            await pilot.press("v")
            assert screen.view == view
        assert "continuity of care" in " ".join(str(row[1][1]) for row in screen.board.records)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: rows(i01_db, "SELECT count(*) FROM admission_plans")[0][0])
        await until(pilot, lambda: any("applied" in m for _, m in notes(app)))
    assert rows(i01_db, "SELECT count(*) FROM bed_reservations") == [(made.admitted,)]
    assert rows(i01_db, "SELECT count(*) FROM theatre_bookings") == [(made.admitted,)]
    assert rows(i01_db, "SELECT count(*) FROM nurse_rooms") == [
        (sum(len(a.rooms) for n in made.solution.nurses for a in n.assignments),)]
    stored = rows(i01_db, "SELECT solution FROM admission_plans")[0][0]
    if isinstance(stored, str):  # SQLite keeps JSON as text; PostgreSQL hands back the object
        stored = json.loads(stored)
    problem = Problem.from_json(json.loads((IHTC / "i01.json").read_text()))
    assert check(problem, Solution.from_json(stored)).feasible


async def test_apply_is_refused_when_the_records_changed(i01_db):
    async with console(i01_db) as (app, pilot):
        screen = await open_admissions(app, pilot)
        await set_budget(pilot, screen, "5000 moves")
        await plan(pilot, screen)
        with connect(i01_db) as conn:
            conn.execute("UPDATE theatre_days SET minutes = minutes + 30 WHERE day = 0")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: any("changed since" in m for _, m in notes(app)))
    assert rows(i01_db, "SELECT count(*) FROM bed_reservations") == [(0,)]


async def test_escape_stops_the_search_keeping_the_best_plan(i01_db):
    async with console(i01_db) as (app, pilot):
        screen = await open_admissions(app, pilot)
        await set_budget(pilot, screen, "3600")  # only esc ends it
        await pilot.press("g")
        await until(pilot, lambda: screen.best is not None and screen.best.moves > 0)
        chart = screen.query_one(ProgressChart)
        assert chart.display and not screen.board.display  # the live chart, not the board
        await until(pilot, lambda: "Best cost" in str(chart.render()))  # drawn a moment later
        assert chart.events
        await pilot.press("escape")
        await until(pilot, lambda: screen.plan is not None and not screen.solving)
        assert screen.plan.check.feasible
        assert screen.board.display and not chart.display  # the plan, in the chart's place
        await pilot.press("escape")  # not planning: back to Planning
        await until(pilot, lambda: not isinstance(app.screen, AdmissionsScreen))


async def test_a_ward_without_a_horizon_says_so(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = await open_admissions(app, pilot)
        assert "no admissions-planning horizon" in str(screen.query_one("#adm-cost").render())
        await pilot.press("g")
        await until(pilot, lambda: not screen.solving)
        await until(pilot, lambda: any("horizon" in m for _, m in notes(app)))


@pytest.fixture
def snap_db(i01_db, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield i01_db
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("view", ["rooms", "theatres", "nurses", "cost"])
def test_snapshot(snap_compare, snap_db, view):
    from hra_tui.app import HraApp

    async def run_before(pilot) -> None:
        await ready(pilot)
        screen = await open_admissions(pilot.app, pilot)
        await set_budget(pilot, screen, "20000 moves")
        await plan(pilot, screen)
        while screen.view != view:
            await pilot.press("v")
        await settle(pilot)

    assert snap_compare(HraApp(snap_db), terminal_size=(80, 24), run_before=run_before)


@pytest.fixture
def i01_from_tomorrow(tmp_path, now, _server, request) -> Location:
    """i01 imported to start tomorrow: every day of it is still to come, so a re-plan may
    change any."""
    path = tmp_path / "import" / "ward.db"
    path.parent.mkdir()
    starts = (now + timedelta(days=1)).date().isoformat()
    result = CliRunner().invoke(cli, ["--db", str(path), "ihtc", "import",
                                      str(IHTC / "i01.json"), "--starts", starts])
    assert result.exit_code == 0, result.output
    if _server is None:
        return path
    return fresh_ward(as_template(_server, path, database_name("t_", request)), _server,
                      request, tmp_path)


async def test_replan_reads_its_changes_then_applies_in_place_of_the_plan_in_force(
        i01_from_tomorrow):
    """n re-plans from the plan in force after a theatre closes: the cost line counts the
    changes, the toast and y's question say them in words, and y applies it as plan 2."""
    i01_db = i01_from_tomorrow
    async with console(i01_db) as (app, pilot):
        screen = await open_admissions(app, pilot)
        await set_budget(pilot, screen, "20000 moves")
        await plan(pilot, screen)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: rows(i01_db, "SELECT count(*) FROM admission_plans")[0][0])
        theatre, day = rows(i01_db, "SELECT resource_id, day FROM theatre_bookings "
                                    "GROUP BY resource_id, day ORDER BY count(*) DESC")[0]
        with connect(i01_db) as conn:
            conn.execute("UPDATE theatre_days SET minutes = 0 WHERE resource_id = ? AND day = ?",
                         (theatre, day))
        await pilot.press("n")
        await until(pilot, lambda: screen.replanned is not None and not screen.solving)
        replanned = screen.replanned
        assert replanned.in_force == 1 and replanned.diff.count > 0
        assert replanned.plan.check.feasible
        assert f"{replanned.diff.count} changes to plan 1" in str(
            screen.query_one("#adm-cost").render())
        assert any("Nothing else changes." in m for _, m in notes(app))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: len(rows(i01_db, "SELECT id FROM admission_plans")) == 2)
    assert rows(i01_db, f"SELECT count(*) FROM theatre_bookings WHERE resource_id = {theatre} "
                        f"AND day = {day}") == [(0,)]  # the closed theatre-day is emptied


def _lines(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_right_and_left_scroll_the_days_and_the_footer_says_so(i01_db):
    async with console(i01_db) as (app, pilot):
        screen = await open_admissions(app, pilot)
        await set_budget(pilot, screen, "2000 moves")
        await plan(pilot, screen)
        last = screen._days(screen.plan)[-1]
        board = screen.board
        assert last not in _lines(board)[0]
        footer = "".join(str(key.render()) for key in screen.query_one(KeyFooter).children)
        assert "←→ Scroll" in footer
        for _ in range(14):
            await pilot.press("right")
        await wait_for(pilot, lambda: last in _lines(board)[0])
        assert _lines(board)[1].lstrip().startswith(screen.plan.problem.rooms[0].id[:1])
        for _ in range(14):
            await pilot.press("left")
        await wait_for(pilot, lambda: last not in _lines(board)[0])


async def test_the_board_shows_whole_days_only_however_far_it_is_scrolled(i01_db):
    async with console(i01_db) as (app, pilot):
        screen = await open_admissions(app, pilot)
        await set_budget(pilot, screen, "2000 moves")
        await plan(pilot, screen)
        days = screen._days(screen.plan)
        board = screen.board
        for press in range(len(days)):
            header, *cells = _lines(board)[:1 + len(screen.plan.problem.rooms)]
            shown = header.split()[1:]
            assert shown and all(day in days for day in shown), header  # no day cut at an edge
            first = days.index(shown[0])
            assert shown == days[first:first + len(shown)]
            for line in cells:  # each cell under its day, nothing of a day not shown
                assert len(line.rstrip()) <= header.rindex(shown[-1]) + len(shown[-1]) + 1, line
            if press == 0:
                at_start = header
            await pilot.press("right")
            await settle(pilot)
        assert shown[-1] == days[-1] and shown[0] != days[0]
        assert header.index(shown[0]) == at_start.index(days[0])  # the days keep their place


async def test_nurse_names_show_whole(demo_db):
    async with console(demo_db) as (app, pilot):
        screen = await open_admissions(app, pilot)
        await set_budget(pilot, screen, "2000 moves")
        await plan(pilot, screen)
        while screen.view != "nurses":
            await pilot.press("v")
        await settle(pilot)
        shown = "\n".join(_lines(screen.board))
        assert "…" not in shown
        names = {cell for row in screen.board.records for cell in row[1][1:] if cell}
        assert max(map(len, names)) > 10  # the demo's nurses have names like "Thomas Hall"
        assert any(len(name) > 10 and name in shown for name in names)
