"""The admissions planner's forecast hold on the demo ward: beds held for each day's expected
emergencies stay free in the plan, every mandatory patient is still admitted, the plan says
what it held and why; with the hold off the problem is the records' own, as before."""

from __future__ import annotations

import pytest
from support.wards import connect, day_before_last

from hra_tui.services.errors import Invalid
from hra_tui.services.planning.intake.problem import problem_document
from hra_tui.solver.ihtc import Problem

MOVES = 5_000


def _beds_used(problem: Problem, solution) -> list[int]:
    """Patients in a bed of the problem's rooms on each day: occupants and admitted stays."""
    used = [0] * problem.days
    for o in problem.occupants:
        for d in range(min(problem.days, o.length_of_stay)):
            used[d] += 1
    stay = {p.id: p.length_of_stay for p in problem.patients}
    for a in solution.admissions:
        if a.day is not None:
            for d in range(a.day, min(problem.days, a.day + stay[a.patient])):
                used[d] += 1
    return used


async def test_a_held_plan_leaves_the_held_beds_free_and_admits_every_mandatory_patient(
        demo_ward):
    plan = await demo_ward.admissions.plan(60, iterations=MOVES, seed=0, hold=80)
    problem, hold = plan.problem, plan.prepared.hold
    assert hold.level == 80 and hold.total > 0
    assert "80 % upper bound" in hold.in_words and "730 days of history" in hold.in_words
    beds = sum(room.capacity for room in problem.rooms)
    used = _beds_used(problem, plan.solution)
    for d in range(problem.days):
        assert hold.beds_on(d) == sum(room.held[d] if room.held else 0 for room in problem.rooms)
        assert used[d] <= beds - hold.beds_on(d), d
    admitted = {a.patient for a in plan.solution.admissions if a.day is not None}
    assert {p.id for p in problem.patients if p.mandatory} <= admitted
    assert plan.check.feasible


async def test_the_95_percent_hold_holds_at_least_as_many_beds(demo_ward):
    at80 = (await demo_ward.admissions.prepare(80)).hold
    at95 = (await demo_ward.admissions.prepare(95)).hold
    assert at95.total >= at80.total > 0


async def test_without_the_hold_the_problem_is_the_records_own(demo_ward):
    prepared = await demo_ward.admissions.prepare(0)
    plain = Problem.from_json(await problem_document(demo_ward.context),
                              name=prepared.problem.name)
    assert prepared.problem == plain
    assert all(room.held == () for room in prepared.problem.rooms)
    assert prepared.hold.total == 0 and "off" in prepared.hold.in_words
    # The fingerprint is the records', held or not: a held plan applies like any other.
    assert (await demo_ward.admissions.prepare(80)).fingerprint == prepared.fingerprint


async def test_the_setting_turns_the_hold_off_and_refuses_other_levels(demo_ward):
    assert (await demo_ward.admissions.prepare()).hold.level == 80  # the default
    await demo_ward.planning.set_setting("forecast_hold", 0)
    assert (await demo_ward.admissions.prepare()).hold.total == 0
    with pytest.raises(Invalid, match="0 \\(no beds held\\), 80 or 95"):
        await demo_ward.planning.set_setting("forecast_hold", 50)


async def test_a_ward_with_too_little_history_holds_nothing_and_says_so(demo_ward, demo_db):
    with connect(demo_db) as conn:
        conn.execute("DELETE FROM ward_history WHERE day < ?", (day_before_last(conn, 19),))
    hold = (await demo_ward.admissions.prepare(80)).hold
    assert hold.total == 0
    assert "has 20 days of history; a forecast needs at least 56" in hold.in_words
