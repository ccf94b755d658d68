"""Exact means exact: an infeasible ward plan is kept (INFEASIBLE, no bound) and explained in
one sentence naming the rule at fault and its numbers; `hra plan` exits 1 with that line.

Each case changes the demo ward's records by SQL, then plans through the CLI, as a clerk would.
"""

from __future__ import annotations

import json
import re

import pytest
from support.wards import connect
from typer.testing import CliRunner

from db.time_codec import sql_time, utcnow
from hra_tui.cli.main import app


@pytest.fixture
def db(demo_db):
    """A demo ward built for each test (not the layer's copy of one built per module), so the
    slots the plan starts from are the ones after the test's own moment."""
    return demo_db


def sql(db, statement: str, *args) -> list[tuple]:
    with connect(db) as conn:
        return conn.execute(statement, args).fetchall()


def set_setting(db, key: str, value: int) -> None:
    sql(db, "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) "
            "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        key, value, sql_time(utcnow()))


def first_slot(db) -> tuple[int, str]:
    """The first future slot (where `hra plan` starts): id and label."""
    return sql(db, "SELECT id, label FROM time_slots WHERE starts_at >= ? "
                   "ORDER BY starts_at LIMIT 1", sql_time(utcnow()))[0]


def plan(db, *options: str):
    return CliRunner().invoke(app, ["--db", str(db), "plan", *options])


def infeasible(db, *options: str) -> str:
    """Plan; check exit 1, one line, and the stored plan: INFEASIBLE with NULL bound."""
    result = plan(db, *options)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal fault" not in result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.output
    plan_id, status, objective, bound, gap = sql(
        db, "SELECT id, status, objective, bound, gap FROM plans ORDER BY id DESC LIMIT 1")[0]
    assert (status, objective, bound, gap) == ("INFEASIBLE", None, None, None)
    assert lines[0].startswith(f"Plan {plan_id}, ")
    assert sql(db, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == [("plan.solve",)]
    return lines[0]


def test_budget_just_below_the_cheapest_spend_is_explained_and_at_it_is_feasible(db):
    set_setting(db, "budget", 10)
    line = infeasible(db, "--horizon", "3")
    cheapest = int(re.search(r"infeasible because of the budget: B = 10, but the cheapest "
                             r"roster meeting demand needs (\d+)", line).group(1))
    assert cheapest > 10

    set_setting(db, "budget", cheapest - 1)
    line = infeasible(db, "--horizon", "3")
    assert (f"infeasible because of the budget: B = {cheapest - 1}, but the cheapest roster "
            f"meeting demand needs {cheapest}") in line

    set_setting(db, "budget", cheapest)  # exactly enough: a plan, spending all of it at most
    result = plan(db, "--horizon", "3", "--json")
    assert result.exit_code == 0, result.output
    kept = json.loads(result.stdout)
    assert kept["status"] == "OPTIMAL" and kept["bound"] == kept["objective"]


def test_balance_0_with_one_staff_member_limited_to_one_slot(db):
    (nurse, name), = sql(db, "SELECT id, name FROM staff WHERE role = 'nurse' AND active "
                             "ORDER BY id LIMIT 1")
    set_setting(db, "balance", 0)
    set_setting(db, "overtime_cap", 0)
    sql(db, "UPDATE staff SET max_slots = 1 WHERE id = ?", nurse)
    line = infeasible(db, "--horizon", "9")
    # 9 slots need more shifts than one each for the whole staff, so someone works 2
    assert ("infeasible because of the workload balance: F = 0 slots, but the most even "
            "roster meeting demand has staff 1 slot apart "
            f"({name} may work at most 1 of the 9 slots)") in line

    result = plan(db, "--horizon", "9", "--json")  # --json: the status and the reason too
    assert result.exit_code == 1
    kept = json.loads(result.stdout)
    assert kept["status"] == "INFEASIBLE" and kept["bound"] is None
    assert kept["explanation"].startswith("infeasible because of the workload balance: F = 0")


def test_a_skill_floor_no_staff_can_meet(db):
    slot, label = first_slot(db)
    sql(db, "UPDATE staff SET active = FALSE WHERE id > 8")  # a small staff, all skills summed
    (count, skill), = sql(db, "SELECT count(*), sum(skill) FROM staff WHERE active")
    assert skill < 50
    sql(db, "UPDATE time_slots SET skill_min = 50 WHERE id = ?", slot)  # the highest allowed
    for rule in ("min_nurses", "min_rest_hours"):  # eight doctors alone cannot keep these
        set_setting(db, rule, 0)
    line = infeasible(db, "--horizon", "3")
    assert (f"infeasible because of the skill floor: slot {label} needs summed skill 50, but "
            f"the staff who can be on duty there reach at most {skill} ({count} staff; all "
            f"{count} together have {skill})") in line


def test_demand_that_staff_on_duty_and_available_staff_cannot_cover(db):
    slot, label = first_slot(db)
    staff = [row[0] for row in sql(db, "SELECT id FROM staff WHERE active AND role = 'nurse' "
                                       "ORDER BY id LIMIT 3")]
    for person in staff:  # already rostered: they stay rostered
        sql(db, "INSERT INTO roster_entries (staff_id, slot_id, overtime) VALUES (?, ?, FALSE)",
            person, slot)
    (count,), = sql(db, "SELECT count(*) FROM staff WHERE active")
    sql(db, "UPDATE time_slots SET demand = ? WHERE id = ?", count + 1, slot)
    (technologists,), = sql(db, "SELECT count(*) FROM staff WHERE active "
                                "AND role = 'technologist'")
    line = infeasible(db, "--horizon", "3")
    found = re.search(rf"infeasible because of the demand: slot {re.escape(label)} needs "
                      rf"{count + 1} staff, but at most (\d+) can be on duty "
                      r"\((\d+) already on duty plus (\d+) available\)", line)
    assert found, line
    most, on_duty, available = map(int, found.groups())
    # technologists are not ward headcount, and 11 hours' rest keeps some for later shifts
    assert on_duty >= len(staff) and on_duty + available == most <= count - technologists


def test_staff_already_on_duty_beyond_their_max_slots(db):
    (nurse, name), = sql(db, "SELECT id, name FROM staff WHERE role = 'nurse' AND active "
                             "ORDER BY id LIMIT 1")
    slots = [row[0] for row in sql(db, "SELECT id FROM time_slots WHERE starts_at >= ? "
                                       "ORDER BY starts_at LIMIT 3", sql_time(utcnow()))]
    for slot in slots:
        sql(db, "INSERT INTO roster_entries (staff_id, slot_id, overtime) VALUES (?, ?, FALSE)",
            nurse, slot)
    sql(db, "UPDATE staff SET max_slots = 1 WHERE id = ?", nurse)
    line = infeasible(db, "--horizon", "3", "--no-overtime")
    assert "infeasible because of the staff already on duty: " in line
    assert f"({name} is on duty in 3 slots but may work at most 1)" in line
    assert "relaxing the staff's max slots instead would also allow a plan" in line


@pytest.mark.sqlite_only(reason="SQLite keeps text or a float in an INTEGER column; "
                                "PostgreSQL's types refuse them")
@pytest.mark.parametrize("stored", ["abc", 2.5, 10**12 + 1])
def test_a_setting_stored_around_hra_is_refused_by_name_not_a_fault(db, stored):
    set_setting(db, "budget", stored)  # SQLite keeps text or a float in an INTEGER column
    result = plan(db, "--horizon", "3")
    assert result.exit_code == 1, result.output
    assert "The budget setting holds" in result.output
    assert "internal fault" not in result.output and "Traceback" not in result.output
