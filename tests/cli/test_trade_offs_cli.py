"""`hra paper front`, `hra paper sweep`, `hra plan front` and `hra plan sweep`: what they
print, their points' statuses, stored points reviewed and applied like any plan, bad input."""

from __future__ import annotations

import json

from support.cli import one_line, refused
from support.data import PAPER

SMALL = PAPER / "small-8x5.json"


def dominated(points: list[dict]) -> list[dict]:
    return [p for p in points if any(q["cost"] <= p["cost"] and q["waiting"] <= p["waiting"]
                                     and q is not p for q in points)]


def test_paper_front_prints_proven_non_dominated_points_from_least_cost(hra, db):
    result = hra(db, "paper", "front", str(SMALL), "--points", "5", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    points = data["points"]
    assert len(points) == 5 and not data["stopped"]
    assert all(p["status"] == "proven" and p["gap"] == 0 for p in points)
    assert not dominated(points)
    assert [p["cost"] for p in points] == sorted(p["cost"] for p in points)
    for p in points:
        assert p["objective"] == p["cost"] + p["waiting"] + p["quality"]


def test_paper_front_ends_match_the_direct_model_with_one_weight(hra, db):
    points = json.loads(hra(db, "paper", "front", str(SMALL), "--json").stdout)["points"]
    cheapest = json.loads(hra(db, "paper", "solve", str(SMALL), "--method", "direct",
                              "--weights", "1,0,0", "--json").stdout)
    quickest = json.loads(hra(db, "paper", "solve", str(SMALL), "--method", "direct",
                              "--weights", "0,1,0", "--json").stdout)
    assert points[0]["cost"] == cheapest["objective"]
    assert points[-1]["waiting"] == quickest["objective"]


def test_paper_front_draws_its_chart_with_named_axes(hra, db):
    result = hra(db, "paper", "front", str(SMALL), "--points", "4", "--chart")
    assert result.exit_code == 0, result.output
    assert "proven" in result.stdout
    assert "waiting penalty (term 5)" in result.stdout
    assert "cost (terms 1, 3, 4, 6)" in result.stdout


def test_an_infeasible_instance_has_no_front(hra, db):
    result = hra(db, "paper", "front", str(PAPER / "small-8x5-budget73.json"))
    lines = refused(result, 1)  # the progress lines, then the reason
    assert lines[-1] == "hra: no plan found: no plan meets every rule (hra paper solve says why)"


def test_weights_need_the_direct_method_and_three_numbers(hra, db):
    assert "--method direct" in one_line(hra(db, "paper", "solve", str(SMALL), "--weights",
                                             "1,0,0"), 1)
    assert "three whole numbers" in one_line(hra(db, "paper", "solve", str(SMALL), "--method",
                                                 "direct", "--weights", "1,0"), 1)


def test_paper_sweep_of_demand_finds_the_low_end_infeasible(hra, db):
    result = hra(db, "paper", "sweep", str(SMALL), "demand", "0.5", "1.5", "5", "--json")
    assert result.exit_code == 0, result.output
    points = json.loads(result.stdout)["points"]
    assert [p["value"] for p in points] == [0.5, 0.75, 1.0, 1.25, 1.5]
    assert points[0]["status"] == "infeasible" and points[0]["objective"] is None
    assert all(p["status"] == "proven" for p in points[1:])
    objectives = [p["objective"] for p in points[1:]]
    assert objectives == sorted(objectives)  # more staff on duty costs more
    assert points[2]["objective"] == 551  # factor 1: the instance's own optimum
    for p in points[1:]:
        assert p["objective"] == p["cost"] + p["waiting"] + p["quality"]


def test_paper_sweep_refuses_an_unknown_parameter(hra, db):
    assert "PARAM must be one of" in one_line(
        hra(db, "paper", "sweep", str(SMALL), "beds", "1", "2", "3"), 1)


def test_plan_front_keeps_points_as_plans_to_review_and_apply(hra, db):
    result = hra(db, "plan", "front", "--points", "4", "--keep", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    points = data["points"]
    assert 2 <= len(points) <= 4 and not dominated(points)
    assert data["in_force"]["waiting"] > points[0]["waiting"]
    ids = [p["plan_id"] for p in points]
    listed = {p["id"]: p for p in json.loads(hra(db, "plan", "list", "--json").stdout)}
    for p, plan_id in zip(points, ids, strict=True):
        assert (listed[plan_id]["cost"], listed[plan_id]["waiting"]) == (p["cost"], p["waiting"])
    diff = hra(db, "plan", "diff", str(ids[-1]))
    assert diff.exit_code == 0 and "roster entries" in diff.stdout
    applied = hra(db, "plan", "apply", str(ids[-1]))
    assert applied.exit_code == 0, applied.output
    assert f"Plan {ids[-1]} applied" in applied.stdout


def test_plan_front_table_names_its_goals_in_the_clerks_words(hra, db):
    result = hra(db, "plan", "front", "--points", "3")
    assert result.exit_code == 0, result.output
    assert "COST (£)" in result.stdout and "WAITING" in result.stdout
    assert "The plan in force" in result.stdout


def test_plan_sweep_of_a_roles_staff_needs_the_role(hra, db):
    assert "needs --role" in one_line(hra(db, "plan", "sweep", "staff", "1", "3", "3"), 1)
    assert "sweep from 0 to" in one_line(
        hra(db, "plan", "sweep", "staff", "1", "99", "3", "--role", "nurse"), 1)


def test_plan_sweep_of_the_budget_charts_each_value_with_its_status(hra, db):
    result = hra(db, "plan", "sweep", "patients-per-staff", "1", "4", "4", "--json")
    assert result.exit_code == 0, result.output
    points = json.loads(result.stdout)["points"]
    assert [p["value"] for p in points] == [1, 2, 3, 4]
    assert all(p["status"] in ("proven", "best found", "infeasible") for p in points)
    solved = [p for p in points if p["objective"] is not None]
    # each patient a staff member may see more can only help the optimum
    assert [p["objective"] for p in solved] == sorted((p["objective"] for p in solved),
                                                      reverse=True)
