"""`hra ihtc replan` on a ward imported from test01 (the organisers' test instance: 21 days,
42 patients of whom 11 must come in), two days into its horizon, with a plan
applied: a theatre closes for two days, and the re-plan moves its surgeries, says so in
words, keeps the days before today, applies as one audited transaction, and says which rule
cannot hold when none can."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from support.cli import one_line
from support.data import IHTC
from support.wards import connect

MOVES = "20000"  # a move budget: the same plan every run
TODAY = 2  # the horizon started two days before the suite's clock


def _rows(path, sql: str, *args) -> list[tuple]:
    with connect(path) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture
def applied(hra, new_location, now):
    """test01 imported to start two days ago, planned and applied (as plan 1)."""
    path = new_location("ward")
    starts = (now - timedelta(days=TODAY)).date().isoformat()
    assert hra(path, "ihtc", "import", str(IHTC / "test01.json"), "--starts", starts
               ).exit_code == 0
    result = hra(path, "ihtc", "plan", "--iterations", MOVES, "--apply", "--json")
    assert json.loads(result.stdout)["applied"]["plan"] == 1, result.output
    return path


def close_busiest_theatre(path) -> tuple[str, int]:
    """Close the theatre with the most bookings over two days from today, on those days."""
    theatre, day, resource = _rows(path, """
        SELECT r.name, b.day, r.id FROM theatre_bookings b JOIN resources r
          ON r.id = b.resource_id WHERE b.day >= ?
        GROUP BY r.id, r.name, b.day
        ORDER BY count(*) + (SELECT count(*) FROM theatre_bookings n
                             WHERE n.resource_id = r.id AND n.day = b.day + 1) DESC,
                 b.day LIMIT 1""", TODAY)[0]
    with connect(path) as conn:
        conn.execute("UPDATE theatre_days SET minutes = 0 WHERE resource_id = ? AND day IN "
                     "(?, ?)", (resource, day, day + 1))
    return theatre, day


def test_the_changes_read_in_words_and_nothing_is_written(hra, applied):
    close_busiest_theatre(applied)
    result = hra(applied, "ihtc", "replan", "--iterations", MOVES)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Re-planned plan 1 from" in out and f"(day {TODAY} of 21;" in out
    assert "admissions move: " in out or "admission moves: " in out
    assert out.rstrip().endswith("Nothing else changes.")
    assert "changes to plan 1 cost" in out
    assert _rows(applied, "SELECT DISTINCT plan_id FROM theatre_bookings") == [(1,)]


def test_apply_moves_the_surgeries_out_and_keeps_the_past(hra, applied):
    theatre, day = close_busiest_theatre(applied)
    past = "SELECT request_id, resource_id, day FROM theatre_bookings WHERE day < ? ORDER BY 1"
    past_nurses = ("SELECT staff_id, day, shift, room FROM nurse_rooms WHERE day < ? "
                   "ORDER BY 1, 2, 3, 4")
    before, nurses_before = _rows(applied, past, TODAY), _rows(applied, past_nurses, TODAY)
    result = hra(applied, "ihtc", "replan", "--iterations", MOVES, "--apply", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    replan = out["replan"]
    assert out["feasible"] and out["applied"]["replaced"] == 1
    assert replan["in_force"] == 1 and replan["first_day"] == TODAY
    assert 0 < replan["patients_moved"] == len(replan["admissions"])
    assert replan["changes"] == sum(c["changes"] for c in replan["admissions"]) + len(
        replan["nurses"])
    assert replan["penalised_cost"] == out["total_cost"] + replan["change_cost"]
    assert any(c["before"]["theatre"] == theatre and c["before"]["day"] in (day, day + 1)
               for c in replan["admissions"])
    assert replan["words"].endswith("Nothing else changes.")
    assert _rows(applied, """SELECT count(*) FROM theatre_bookings b JOIN resources r
                 ON r.id = b.resource_id WHERE r.name = ? AND b.day IN (?, ?)""",
                 theatre, day, day + 1) == [(0,)]
    assert _rows(applied, past, TODAY) == before
    assert _rows(applied, past_nurses, TODAY) == nurses_before
    assert _rows(applied, "SELECT DISTINCT plan_id FROM theatre_bookings") == [(2,)]
    (detail,) = _rows(applied, "SELECT detail FROM audit_log WHERE action = "
                      "'admissions.apply' ORDER BY id DESC LIMIT 1")[0]
    assert f"replacing plan 1; re-plan of plan 1: {replan['changes']} changes" in detail


def test_nothing_changed_nothing_changes(hra, applied):
    out = json.loads(hra(applied, "ihtc", "replan", "--iterations", MOVES, "--json").stdout)
    assert out["replan"]["changes"] == 0 and out["replan"]["words"] == "Nothing changes."


def test_a_closure_nothing_can_fix_says_which_rule_cannot_hold(hra, applied):
    with connect(applied) as conn:
        conn.execute("UPDATE theatre_days SET minutes = 0 WHERE day >= ?", (TODAY,))
    result = hra(applied, "ihtc", "replan", "--iterations", "2000", "--apply")
    assert result.exit_code == 1, result.output
    assert "not applicable, it breaks: patients who must come in, left out" in result.stdout
    assert _rows(applied, "SELECT count(*) FROM admission_plans") == [(1,)]


def test_refusals_in_one_line(hra, applied, new_location):
    assert "change weight" in one_line(
        hra(applied, "ihtc", "replan", "--change-weight", "-1"), 1)
    assert "time limit" in one_line(hra(applied, "ihtc", "replan", "--time-limit", "0"), 1)
    fresh = new_location("fresh")
    hra(fresh, "ihtc", "import", str(IHTC / "i01.json"), "--starts", "2026-12-01")
    assert "No admissions plan is in force" in one_line(
        hra(fresh, "ihtc", "replan", "--iterations", "10"), 1)
