"""The ward's shift rules and must-serve requests through the planning service, on the demo
ward: defaults a ward could work with, settings that change them, and the stored plan checked
against every rule by `check_plan`."""

from __future__ import annotations

import pytest
from support.ward_checker import check_plan
from support.wards import connect

from db.time_codec import sql_time, utcnow
from hra_tui.services.planning.ward.records import PlanRequest
from hra_tui.solver.ward.instance import ShiftRules


@pytest.fixture
def ward(demo_ward):
    """These tests plan the demo ward, which has slots, staff and care requests."""
    return demo_ward


async def test_a_week_keeps_the_default_shift_rules(ward):
    planning = ward.planning
    assert (await planning.settings()).rules == ShiftRules(
        min_rest=11 * 60, max_consecutive_days=6, max_week_minutes=48 * 60, min_nurses=1,
        min_doctors=1, senior_skill=4, min_seniors=1)
    summary = await planning.solve(PlanRequest(horizon=21, time_limit=30))
    detail = await planning.get(summary.id)
    inst, plan = detail.instance, detail.plan
    assert plan.has_solution and inst.timed and inst.roles
    assert check_plan(inst, plan) == []
    for i in range(inst.N):  # one shift a day at most: 11 hours' rest after 8-hour shifts
        worked = [t for t in range(inst.T) if plan.x[i][t]]
        days = [inst.slot_start[t] // 1440 for t in worked]
        assert len(days) == len(set(days)) or any(inst.held(i, t) for t in worked)


async def test_settings_change_the_rules_and_zero_turns_one_off(ward):
    planning = ward.planning
    await planning.set_setting("min_rest_hours", 0)
    await planning.set_setting("min_nurses", 2)
    rules = (await planning.settings()).rules
    assert rules.min_rest == 0 and rules.min_nurses == 2
    prepared = await planning.prepare(PlanRequest(horizon=3))
    assert prepared.instance.rules.min_nurses == 2


async def test_must_serve_and_due_requests_are_served_in_time(ward):
    with connect(ward.path) as conn:
        conn.execute("UPDATE care_requests SET must_serve = TRUE, urgency = 1 WHERE id IN (1, 2)")
        second = conn.execute("SELECT id FROM time_slots WHERE starts_at >= ? "
                              "ORDER BY starts_at LIMIT 1 OFFSET 1",
                              (sql_time(utcnow()),)).fetchone()[0]
        conn.execute("UPDATE care_requests SET due_slot_id = ?, urgency = 1, "
                     "earliest_slot_id = NULL WHERE id = 3", (second,))
    planning = ward.planning
    summary = await planning.solve(PlanRequest(horizon=3, time_limit=20))
    detail = await planning.get(summary.id)
    inst, plan = detail.instance, detail.plan
    ids = (await planning.prepare(PlanRequest(horizon=3))).params["request_ids"]
    due = {ids[p]: inst.due[p] for p in range(inst.P) if inst.due[p] >= 0}
    assert due == {1: 2, 2: 2, 3: 1}
    assert check_plan(inst, plan) == []
