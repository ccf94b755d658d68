"""`hra ihtc plan` on a ward imported from i01: the cost in words, --json, --apply writing the
plan, and bad input refused in one line."""

from __future__ import annotations

import json

import pytest
from support.cli import one_line
from support.data import IHTC
from support.wards import connect


@pytest.fixture
def i01_db(hra, new_location):
    path = new_location("ward")
    result = hra(path, "ihtc", "import", str(IHTC / "i01.json"), "--starts", "2026-12-01")
    assert result.exit_code == 0, result.output
    return path


def test_plan_prints_the_cost_in_words(hra, i01_db):
    result = hra(i01_db, "ihtc", "plan", "--iterations", "5000")
    assert result.exit_code == 0, result.output
    assert "patients to admit over 14 days from 2026-12-01" in result.stdout
    for words in ("admission delay", "optional patients not scheduled", "age mix in a room",
                  "continuity of care", "open theatres", "surgeon moving between theatres"):
        assert words in result.stdout
    with connect(i01_db) as conn:  # planning alone writes nothing
        assert conn.execute("SELECT count(*) FROM bed_reservations").fetchone() == (0,)


def test_plan_apply_json(hra, i01_db):
    result = hra(i01_db, "ihtc", "plan", "--iterations", "5000", "--apply", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["feasible"] and out["applied"]["bed_reservations"] == out["admitted"]
    assert sum(c["cost"] for c in out["costs"]) == out["total_cost"]
    with connect(i01_db) as conn:
        assert conn.execute("SELECT count(*) FROM theatre_bookings").fetchone() == (
            out["admitted"],)
        assert conn.execute("SELECT count(*) FROM nurse_rooms").fetchone() == (
            out["applied"]["nurse_rooms"],)


def test_bad_input_is_refused_in_one_line(hra, i01_db, seeded_db):
    assert "time limit" in one_line(hra(i01_db, "ihtc", "plan", "--time-limit", "0"), 1)
    assert "move budget" in one_line(hra(i01_db, "ihtc", "plan", "--iterations", "0"), 1)
    assert "no admissions-planning horizon" in one_line(
        hra(seeded_db, "ihtc", "plan", "--iterations", "10"), 1)


def test_the_demo_ward_plans_and_applies(hra, db):
    out = json.loads(hra(db, "ihtc", "plan", "--iterations", "20000", "--apply", "--json"
                         ).stdout)
    assert out["feasible"] and out["days"] == 14 and out["admitted"] > 0
    assert out["applied"]["bed_reservations"] == out["admitted"]
