"""Each shift rule on a small ward where the model without it gives a roster nobody could
work, and the same ward with the rule: every plan is checked by `check_plan`, written apart
from the model."""

from __future__ import annotations

from support.ward_checker import check_plan

from hra_tui.solver.plan import Status
from hra_tui.solver.ward.build import PlanSettings, SlotSpec, StaffSpec, ward_instance
from hra_tui.solver.ward.instance import ShiftRules
from hra_tui.solver.ward.model import solve_ward

HOUR = 60


def cheap_and_dear(role: str = "nurse") -> list[StaffSpec]:
    return [StaffSpec("cheap", 3, 14, 1, 1, serves=False, role=role),
            StaffSpec("dear", 3, 14, 9, 9, serves=False, role=role)]


def solve(people, slots, rules: ShiftRules | None = None):
    inst = ward_instance("rules", people, slots, [], [],
                         settings=PlanSettings(rules=rules or ShiftRules()))
    plan = solve_ward(inst, time_limit=20)
    assert plan.status == Status.OPTIMAL and check_plan(inst, plan) == []
    return plan


def test_no_back_to_back_double_shift():
    slots = [SlotSpec("early", 1, start=7 * HOUR), SlotSpec("late", 1, start=15 * HOUR)]
    assert solve(cheap_and_dear(), slots).x[0] == [1, 1]  # 16 hours straight
    plan = solve(cheap_and_dear(), slots, ShiftRules(min_rest=11 * HOUR))
    assert plan.x == [[1, 0], [0, 1]] or plan.x == [[0, 1], [1, 0]]


def test_no_night_followed_by_an_early_shift():
    slots = [SlotSpec("night", 1, start=23 * HOUR), SlotSpec("early", 1, start=31 * HOUR)]
    assert solve(cheap_and_dear(), slots).x[0] == [1, 1]
    plan = solve(cheap_and_dear(), slots, ShiftRules(min_rest=11 * HOUR))
    assert sum(plan.x[0]) == 1 and sum(plan.x[1]) == 1


def test_days_in_a_row_and_hours_in_a_week():
    week = [SlotSpec(f"day {d}", 1, start=d * 24 * HOUR + 7 * HOUR) for d in range(7)]
    assert sum(solve(cheap_and_dear(), week).x[0]) == 7  # 56 hours, 7 days in a row
    plan = solve(cheap_and_dear(), week, ShiftRules(max_consecutive_days=5))
    assert sum(plan.x[0]) == 6  # five, a day off, one more
    plan = solve(cheap_and_dear(), week, ShiftRules(max_week_minutes=48 * HOUR))
    assert sum(plan.x[0]) == 6


def test_a_nurse_and_a_doctor_on_every_shift():
    people = [StaffSpec(f"doctor {k}", 3, 5, 1, 1, role="doctor") for k in range(3)] + [
        StaffSpec("nurse", 3, 5, 5, 5, serves=False, role="nurse")]
    slots = [SlotSpec("T0", 2)]
    assert solve(people, slots).x[3] == [0]  # two doctors, no nurse
    assert solve(people, slots, ShiftRules(min_nurses=1)).x[3] == [1]
    nurses = [StaffSpec(f"nurse {k}", 3, 5, 1, 1, serves=False, role="nurse")
              for k in range(3)] + [StaffSpec("doctor", 3, 5, 5, 5, role="doctor")]
    assert solve(nurses, slots).x[3] == [0]
    assert solve(nurses, slots, ShiftRules(min_doctors=1)).x[3] == [1]


def test_senior_staff_are_counted_not_summed():
    """Five skill-1 staff meet a summed floor of 5; a senior rule wants a skill-4 person."""
    people = [StaffSpec(f"junior {k}", 1, 5, 1, 1, role="nurse") for k in range(5)] + [
        StaffSpec("senior", 5, 5, 10, 10, role="nurse")]
    slots = [SlotSpec("T0", 5, skill_min=5)]
    assert solve(people, slots).x[5] == [0]
    assert solve(people, slots, ShiftRules(senior_skill=4, min_seniors=1)).x[5] == [1]


def test_technologists_are_not_ward_headcount():
    people = [StaffSpec(f"tech {k}", 3, 5, 1, 1, serves=False, role="technologist")
              for k in range(2)] + cheap_and_dear()
    plan = solve(people, [SlotSpec("T0", 2)])
    assert [row[0] for row in plan.x] == [0, 0, 1, 1]


def test_shifts_already_rostered_are_kept_even_when_too_close():
    from hra_tui.solver.ward.build import Booked

    slots = [SlotSpec("early", 1, start=7 * HOUR), SlotSpec("late", 1, start=15 * HOUR)]
    inst = ward_instance("held", cheap_and_dear(), slots, [], [],
                         settings=PlanSettings(rules=ShiftRules(min_rest=11 * HOUR)),
                         booked=Booked(on_duty=frozenset({(1, 0), (1, 1)})))
    plan = solve_ward(inst, time_limit=20)
    assert plan.status == Status.OPTIMAL and check_plan(inst, plan) == []
    assert plan.x[1] == [1, 1]


def test_too_little_rest_to_staff_the_slots_is_explained():
    slots = [SlotSpec("early", 2, start=7 * HOUR), SlotSpec("late", 2, start=15 * HOUR)]
    inst = ward_instance("short", cheap_and_dear(), slots, [], [],
                         settings=PlanSettings(rules=ShiftRules(min_rest=11 * HOUR)))
    plan = solve_ward(inst, time_limit=20)
    assert plan.status == Status.INFEASIBLE
    assert "relaxing the rest between shifts instead would also allow a plan" in \
        plan.explanation
    rest_only = ward_instance("short", cheap_and_dear(), slots, [], [], settings=PlanSettings(
        budget=10**6, rules=ShiftRules(min_rest=11 * HOUR)))
    assert "rest between shifts" in solve_ward(rest_only, time_limit=20).explanation
