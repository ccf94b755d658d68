"""SVG snapshots of every console screen, dialog and form at 80x24, on the seeded demo ward at a
fixed moment (the planner's too, on two plans solved to optimality beforehand).

The demo is built with a fixed seed and `now`, the app gets the same `now`, and local time is
UTC, so the pictures only change when the screens do. Update with `--snapshot-update`.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from support.console import ready, settle, wait_for
from support.wards import as_template, connect, fresh_ward

from db.demo import create_demo
from hra_tui.app import HraApp
from hra_tui.services.planning.ward.records import PlanRequest
from hra_tui.services.ward import Ward
from hra_tui.solver.ward.instance import Weights

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
USER = "snapclerk"
# The help names the export folder: one path of one length, whatever the test's tmp_path (no
# snapshot exports anything).
EXPORTS = Path("/srv/ward/exports")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("snapshots") / "demo.db"
    create_demo(path, "ward", seed=7, user=USER, owner=USER, now=NOW)
    return path


@pytest.fixture(scope="module")
def demo_template(demo_file, _server) -> Path | str:
    """The ward the pictures are drawn from, on the suite's engine (a file, or a database to
    clone: the same records, so the same pictures)."""
    return demo_file if _server is None else as_template(_server, demo_file, "tpl_snap_demo")


# The planner reads the clock to find the coming slots and to stamp plans: frozen too.
PLANNER_CLOCKS = ("hra_tui.services.planning.ward.planner.utcnow",
                  "hra_tui.services.planning.ward.snapshot.utcnow")


@pytest.fixture(scope="module")
def planned_template(demo_file, tmp_path_factory, _server) -> Path | str:
    """The demo with two optimal plans of its next 3 slots (one weighing waiting 3 times), as
    the planner stores them; their solve times are set to 0.5 s so the pictures hold still."""
    path = tmp_path_factory.mktemp("planned") / "demo.db"
    path.write_bytes(demo_file.read_bytes())

    async def solve() -> None:
        async with await Ward.open(path, USER) as ward:
            for weights in (Weights(), Weights(waiting=3)):
                plan = await ward.planning.solve(PlanRequest(horizon=3, weights=weights,
                                                             time_limit=60))
                assert plan.status == "OPTIMAL"

    with pytest.MonkeyPatch.context() as patch, time_machine.travel(NOW, tick=True):
        for clock in PLANNER_CLOCKS:
            patch.setattr(clock, lambda: NOW)
        asyncio.run(solve())
    with connect(path) as conn:
        conn.execute("UPDATE plans SET wall_time = 0.5")
    return path if _server is None else as_template(_server, path, "tpl_snap_planned")


def _app_factory(template: Path | str, request, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    for clock in PLANNER_CLOCKS:
        monkeypatch.setattr(clock, lambda: NOW)
    ward = fresh_ward(template, request.getfixturevalue("_server"), request, tmp_path)

    def make() -> HraApp:
        return HraApp(ward, USER, now=lambda: NOW, export_dir=EXPORTS)

    return make


@pytest.fixture(autouse=True)
def _at_now():
    """The pictures are of one moment, whatever moment the suite runs at (`HRA_TEST_NOW`)."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def make_app(demo_template, request, tmp_path, monkeypatch):
    yield _app_factory(demo_template, request, tmp_path, monkeypatch)
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def make_planned_app(planned_template, request, tmp_path, monkeypatch):
    yield _app_factory(planned_template, request, tmp_path, monkeypatch)
    monkeypatch.undo()
    time.tzset()


def _keys_then_ready(*keys: str):
    async def run_before(pilot) -> None:
        await ready(pilot)
        for key in keys:
            await pilot.press(key)
            await ready(pilot)

    return run_before


@pytest.mark.parametrize(("name", "keys"), [
    ("patients", ()),
    ("patient_record", ("enter",)),
    ("registration", ("n",)),
    ("staff", ("d",)),
    ("beds", ("b", "right", "down")),
    ("appointments", ("a",)),
    ("billing", ("i",)),
    ("help", ("b", "question_mark")),
    ("command_line", ("colon", "a", "d")),
    ("filter", ("slash", "a", "m", "a", "enter")),
])
def test_screen(snap_compare, make_app, name, keys):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_keys_then_ready(*keys))


def test_registration_errors(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("n")
        await ready(pilot)
        await pilot.press(*"4", "tab", *"x", "tab", "f10")
        await ready(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_bed_board_wide(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(160, 50), run_before=_keys_then_ready("f4"))


@pytest.mark.parametrize(("name", "keys"), [
    ("patient_edit", ("enter", "e")),
    ("discard_changes", ("n", "A", "escape")),
    ("reserve_bed", ("b", "down", "down", "right", "right", "v")),
    ("staff_handover", ("d", "down", "down", "x")),
    ("staff_edit", ("d", "e")),
    ("admit_who", ("b", "down", "down", "right", "right", "m")),
    ("patient_picker", ("b", "down", "down", "right", "right", "m", *"Amara", "enter")),
    ("booking", ("a", "n")),
    ("invoice", ("i", "n")),
    ("history", ("colon", *"history", "enter")),
])
def test_dialog(snap_compare, make_app, name, keys):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_keys_then_ready(*keys))


def test_undo_confirm(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("colon", *"discharge P000007", "enter")
        while pilot.app.undo_log.last(NOW) is None:
            await pilot.pause(0.02)
        await ready(pilot)
        pilot.app.clear_notifications()
        await pilot.press("u")
        await ready(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def _quietly_after(*keys: str):
    """The keys, then the picture without the notices they raised (a notice's lifetime is
    the wall clock's)."""
    run_keys = _keys_then_ready(*keys)

    async def run_before(pilot) -> None:
        await run_keys(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize(("name", "keys"), [
    ("planning", ("s",)),
    ("planning_keys", ("s", "question_mark")),
    ("plan_compare", ("s", "m", "down")),
    ("plan_weights", ("s", "w")),
    ("plan_time_limit", ("s", "t")),
    *((f"chart_{k}", ("s", "o", str(k))) for k in range(1, 10)),
])
def test_planning(snap_compare, make_planned_app, name, keys):
    assert snap_compare(make_planned_app(), terminal_size=(80, 24),
                        run_before=_quietly_after(*keys))


def test_front(snap_compare, make_planned_app):
    """The cost-waiting front of the next 3 slots (f on Planning): the chart with its axes
    named, the plan in force (X) and the first point (@) marked, that point's numbers below."""

    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("s")
        await ready(pilot)
        await pilot.press(*["left_square_bracket"] * 6, "f")
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "front", None) is not None
                       and not pilot.app.screen.solving, timeout=120)
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_planned_app(), terminal_size=(80, 24), run_before=run_before)


# The clerk's records: wards, beds, care requests, staff pairs, planning settings.
@pytest.mark.parametrize(("name", "keys"), [
    ("bed_new", ("b", "n")),
    ("bed_edit", ("b", "e")),
    ("ward_chooser", ("b", "w")),
    ("ward_edit", ("b", "w", "down", "enter")),
    ("care_request", ("enter", "w")),
    ("care_requests", ("s", "l")),
    ("care_request_edit", ("s", "l", "e")),
    ("settings", ("s", "comma")),
    ("pairs", ("d", "w")),
    ("pair_new", ("d", "w", "n")),
])
def test_record_form(snap_compare, make_app, name, keys):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_keys_then_ready(*keys))


def test_bed_form_refusal(snap_compare, make_app):
    """An occupied bed moved to another ward: the refusal under the form, nothing saved."""

    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("b")
        await ready(pilot)
        screen = pilot.app.screen
        occupied = next(c for c in screen.cells if c.patient_mrn and c.ward == screen.wards[0])
        screen.board.focus_label(occupied.label)
        await pilot.press("e")
        await ready(pilot)
        pilot.app.screen.query_one("#in-ward").value = screen.wards[1]
        await pilot.press("f10")
        await ready(pilot)
        pilot.app.clear_notifications()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
