"""SVG snapshots at 80x24 of the forms and lists for the clerk's records (wards, beds, care
requests, staff pairs, planning settings), on the demo ward at a fixed moment.

Built like `test_snapshots.py`: fixed seed and `now`, the app on the same `now`, local time
UTC. Update with `--snapshot-update`.
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
