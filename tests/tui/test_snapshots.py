"""SVG snapshots of every console screen at 80x24, on the seeded demo ward at a fixed moment.

The demo is built with a fixed seed and `now`, the app gets the same `now`, and local time is
UTC, so the pictures only change when the screens do. Update with `--snapshot-update`.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.console import ready

from db.demo import create_demo
from hra_tui.app import HraApp

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
USER = "snapclerk"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("snapshots") / "demo.db"
    create_demo(path, "ward", seed=7, user=USER, owner=USER, now=NOW)
    return path


@pytest.fixture
def make_app(demo_template, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    path = tmp_path / "demo.db"
    path.write_bytes(demo_template.read_bytes())

    def make() -> HraApp:
        return HraApp(path, USER, now=lambda: NOW, export_dir=tmp_path)

    yield make
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
