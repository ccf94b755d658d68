"""`hra plan replan` as a clerk runs it: nothing to re-plan without a plan in force; with one,
an unchanged ward changes nothing, a nurse entered absent tomorrow loses her shifts to others
and a new urgent patient is booked around the plan in force, each change told in words (by
`replan` and `plan diff`) before it is applied; the change weight is a setting; an event no
roster can meet says which rule fails. And `hra plan` lists the rules the records force it to
break (the demo's Elif Sato, booked early, late and early again)."""

from __future__ import annotations

import json

from support.cli import ok, one_line
from support.wards import connect


def planned(hra, db) -> int:
    """The next 6 slots planned and applied: the plan in force."""
    plan = json.loads(hra(db, "plan", "--horizon", "6", "--json").stdout)
    assert hra(db, "plan", "apply", str(plan["id"])).exit_code == 0
    return plan["id"]


def unlisted_patient(hra, db) -> str:
    """The MRN of an active patient with no care request."""
    listed = json.loads(hra(db, "request", "list", "--all", "--json").stdout)
    asked = {r["patient_mrn"] for r in listed}
    return next(p["mrn"] for p in json.loads(hra(db, "patient", "list", "--json").stdout)
                if p["mrn"] not in asked)


def test_nothing_to_replan_without_a_plan_in_force(hra, db):
    assert "No plan in force" in one_line(hra(db, "plan", "replan"), 1)


TOMORROW = ("FROM roster_entries r JOIN staff s ON s.id = r.staff_id JOIN time_slots t ON "
            "t.id = r.slot_id WHERE date(t.starts_at) = (SELECT date(min(starts_at)) FROM "
            "time_slots)")  # the plan in force's first day


def test_a_nurse_absent_tomorrow_loses_her_shifts_and_nothing_else_changes(hra, db):
    planned(hra, db)
    with connect(db) as conn:
        name = conn.execute(f"SELECT min(s.name) {TOMORROW} AND s.role = 'nurse'").fetchone()[0]
    ok(hra(db, "staff", "absent", name, "--from", "tomorrow 00:00", "--to", "tomorrow 23:59"))
    result = hra(db, "plan", "replan", "--time-limit", "30")
    assert result.exit_code == 0, result.output
    words = result.stdout.splitlines()[2].strip()
    first, last = name.split()[0], name.split()[-1]
    assert f"takes {first} {last[0]}'s " in words and words.endswith("Nothing else changes.")
    replan = int(result.stdout.split()[1].rstrip(":"))
    assert "applied" in hra(db, "plan", "apply", str(replan)).stdout
    with connect(db) as conn:
        assert conn.execute(f"SELECT count(*) {TOMORROW} AND s.name = ?", (name,)).fetchone() \
            == (0,)


def test_an_urgent_patient_is_booked_around_the_plan_in_force(hra, db):
    planned(hra, db)
    same = json.loads(hra(db, "plan", "replan", "--json").stdout)
    assert same["status"] == "OPTIMAL" and same["in_words"] == "Nothing changes."
    assert same["changes"] == {"shifts": 0, "visits": 0, "weight": 20, "count": 0, "cost": 0}
    mrn = unlisted_patient(hra, db)
    ok(hra(db, "request", "add", mrn, "--urgency", "10", "--must-serve"))
    result = hra(db, "plan", "replan", "--time-limit", "30")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    replan = int(lines[0].split()[1].rstrip(":"))
    assert lines[0].startswith(f"Re-plan {replan}: OPTIMAL, objective ")
    words = next(line.strip() for line in lines if "waiting patient" in line)
    assert words.endswith("Nothing else changes.")
    diff = hra(db, "plan", "diff", str(replan))
    assert diff.stdout.splitlines()[0] == words
    applied = hra(db, "plan", "apply", str(replan))
    assert applied.exit_code == 0 and "applied" in applied.stdout
    assert json.loads(hra(db, "plan", "replan", "--json").stdout)["in_words"] == \
        "Nothing changes."


def test_the_change_weight_is_a_planning_setting(hra, db):
    planned(hra, db)
    listed = hra(db, "plan", "settings", "change_weight", "5")
    assert any(line.split()[:3] == ["change_weight", "5", "set"]
               for line in listed.stdout.splitlines())
    assert json.loads(hra(db, "plan", "replan", "--json").stdout)["changes"]["weight"] == 5


def test_a_replan_no_roster_can_meet_says_which_rule(hra, db):
    planned(hra, db)
    hra(db, "plan", "settings", "min_nurses", "11")  # the demo ward has 10 nurses
    result = hra(db, "plan", "replan")
    assert result.exit_code == 1
    assert "infeasible because of the role mix: every slot needs 11 nurses" in result.stdout


def test_plan_lists_the_rules_the_records_force_it_to_break(hra, demo_db):
    """The issue's case: the demo's booked visits hold Elif Sato on an early and a late
    shift, then an early 8 h later; the plan keeps them and says so."""
    result = hra(demo_db, "plan", "--horizon", "21", "--time-limit", "30")
    assert result.exit_code == 0, result.output
    assert "  The records force 2 rule breaks:" in result.stdout
    assert "Elif Sato works" in result.stdout and "with 0 h rest" in result.stdout
    assert "with 8 h rest, where the rule asks 11 h" in result.stdout
    listed = json.loads(hra(demo_db, "plan", "list", "--json").stdout)
    assert len(listed[0]["forced"]) == 2
