"""The ward model: every plan is checked against the rules by a checker written apart from the
model (`support/ward_checker.py`), and each addition is shown on a case where the printed model
is absurd."""

from __future__ import annotations

import threading

import pytest
from support.ward_checker import check_plan, recompute_objective

from hra_tui.solver.paper.solve import solve_paper
from hra_tui.solver.plan import Plan, Status
from hra_tui.solver.signals import StopSignal
from hra_tui.solver.ward.build import (
    Booked,
    PlanSettings,
    RequestSpec,
    ResourceSpec,
    SlotSpec,
    StaffSpec,
    ward_instance,
)
from hra_tui.solver.ward.instance import (
    Toggles,
    WardInstance,
    Weights,
    evaluate,
    plan_from_json,
    plan_to_json,
)
from hra_tui.solver.ward.model import solve_ward

PRINTED = Toggles(patient_cap=False, one_server=False, overtime=False)
WARD = Toggles()


def small_ward(toggles: Toggles = WARD, patients: int = 6, staff: int = 3, slots: int = 3,
               **settings) -> WardInstance:
    people = [StaffSpec(f"S{i}", skill=1 + i % 5, max_slots=2, cost=3 + i, overtime_cost=4,
                        serves=i != 1) for i in range(staff)]
    times = [SlotSpec(f"T{t}", demand=1, skill_min=1) for t in range(slots)]
    requests = [RequestSpec(f"P{p}", urgency=1 + (p * 3) % 10, need=1 + p % 3,
                            resource=0 if p % 4 == 0 else -1) for p in range(patients)]
    return ward_instance("small", people, times, requests, [ResourceSpec("MRI", 2)],
                         settings=PlanSettings(**settings), toggles=toggles)


@pytest.mark.parametrize("toggles", [Toggles(), PRINTED, Toggles(one_server=False),
                                     Toggles(patient_cap=False)])
def test_plans_keep_every_rule(toggles):
    inst = small_ward(toggles, patients=8, balance=1, patients_per_staff=2)
    plan = solve_ward(inst, time_limit=20)
    assert plan.status == Status.OPTIMAL
    assert check_plan(inst, plan) == []
    assert evaluate(inst, plan).objective(inst.weights) == recompute_objective(inst, plan)


def test_the_checker_catches_a_broken_plan():
    inst = small_ward()
    plan = solve_ward(inst, time_limit=20)
    broken = plan_from_json(plan_to_json(plan))
    broken.x = [[0] * inst.T for _ in range(inst.N)]
    assert any("demand" in line for line in check_plan(inst, broken))


def crowd(toggles: Toggles) -> WardInstance:
    """30 patients who all prefer slot 0 (earlier is less waiting); demand 2 staff per slot."""
    people = [StaffSpec(f"S{i}", skill=3, max_slots=3, cost=2, overtime_cost=3)
              for i in range(4)]
    times = [SlotSpec(f"T{t}", demand=2) for t in range(3)]
    requests = [RequestSpec(f"P{p}", urgency=5) for p in range(30)]
    return ward_instance("crowd", people, times, requests, [],
                         settings=PlanSettings(patients_per_staff=4), toggles=toggles)


def test_a_cap_on_patients_per_staff_member():
    printed = crowd(PRINTED)
    paper = solve_paper(printed, time_limit=20)
    assert sum(row[0] for row in paper.y) == 30  # the printed model: 30 patients, 2 staff
    assert sum(row[0] for row in paper.x) == 2
    ward_printed = solve_ward(printed, time_limit=20)
    assert sum(row[0] for row in ward_printed.y) == 30
    inst = crowd(Toggles(one_server=False, overtime=False))
    plan = solve_ward(inst, time_limit=20)
    assert check_plan(inst, plan) == []
    for t in range(inst.T):
        on = sum(row[t] for row in plan.x)
        assert sum(row[t] for row in plan.y) <= 4 * on


def test_each_patient_served_by_one_skilled_staff_member_on_duty():
    people = [StaffSpec("junior", skill=1, max_slots=2, cost=1, overtime_cost=1),
              StaffSpec("senior", skill=5, max_slots=2, cost=9, overtime_cost=9)]
    times = [SlotSpec("T0", demand=1), SlotSpec("T1", demand=1)]
    requests = [RequestSpec("needs senior", urgency=8, need=4), RequestSpec("easy", urgency=2)]
    printed = ward_instance("skill", people, times, requests, [], toggles=PRINTED)
    paper = solve_paper(printed, time_limit=20)
    assert all(v == 0 for row in paper.v for v in row)  # printed v: linked to nothing
    assert sum(paper.x[1]) == 0  # and the senior is never rostered: the junior is cheaper
    inst = ward_instance("skill", people, times, requests, [], toggles=Toggles(overtime=False))
    plan = solve_ward(inst, time_limit=20)
    assert check_plan(inst, plan) == []
    assert plan.v[1][0] == 1  # the senior serves the request that needs one
    slot = plan.y[0].index(1)
    assert plan.x[1][slot] == 1


def test_overtime_when_demand_exceeds_hours():
    people = [StaffSpec(f"S{i}", skill=3, max_slots=1, cost=2, overtime_cost=7)
              for i in range(2)]
    times = [SlotSpec(f"T{t}", demand=1) for t in range(3)]
    printed = ward_instance("overtime", people, times, [], [], toggles=PRINTED)
    assert solve_paper(printed, time_limit=20).status == Status.INFEASIBLE
    ward_printed = solve_ward(printed, time_limit=20)
    assert ward_printed.status == Status.INFEASIBLE
    assert "at most 2" in ward_printed.explanation
    inst = ward_instance("overtime", people, times, [], [],
                         settings=PlanSettings(overtime_cap=1))
    plan = solve_ward(inst, time_limit=20)
    assert plan.status == Status.OPTIMAL
    assert check_plan(inst, plan) == []
    assert sum(plan.o) == 1
    assert evaluate(inst, plan).overtime_cost == 7


def test_urgent_requests_come_first_and_overflow_is_deferred():
    people = [StaffSpec("A", skill=3, max_slots=2, cost=1, overtime_cost=1)]
    times = [SlotSpec("T0", demand=1), SlotSpec("T1", demand=1)]
    requests = [RequestSpec(f"P{u}", urgency=u) for u in (1, 9, 5)]
    inst = ward_instance("prio", people, times, requests, [],
                         settings=PlanSettings(patients_per_staff=1))
    plan = solve_ward(inst, time_limit=20)
    assert check_plan(inst, plan) == []
    assert plan.y[1] == [1, 0] and plan.y[2] == [0, 1] and plan.y[0] == [0, 0]


def test_records_already_held_are_kept():
    inst = ward_instance(
        "held", [StaffSpec("A", 3, 2, 1, 1), StaffSpec("B", 3, 2, 9, 1)],
        [SlotSpec("T0", demand=1)], [RequestSpec("P", urgency=5)], [],
        settings=PlanSettings(patients_per_staff=1),
        booked=Booked(on_duty=frozenset({(1, 0)}), patients={(1, 0): 1}))
    plan = solve_ward(inst, time_limit=20)
    assert check_plan(inst, plan) == []
    assert plan.x[1][0] == 1 and plan.v[0][0] == 1  # B is full, so A comes in for P


def test_instance_and_plan_round_trip():
    inst = small_ward()
    assert WardInstance.from_json(inst.to_json()) == inst
    plan = solve_ward(inst, time_limit=20)
    again = plan_from_json(plan_to_json(plan))
    assert again.x == plan.x and again.v == plan.v and again.objective == plan.objective


def test_a_stop_keeps_the_best_plan_within_a_second():
    people = [StaffSpec(f"S{i}", skill=1 + i % 5, max_slots=8, cost=2 + i % 4, overtime_cost=5)
              for i in range(24)]
    times = [SlotSpec(f"T{t}", demand=4 + t % 3, skill_min=8) for t in range(14)]
    requests = [RequestSpec(f"P{p}", urgency=1 + p % 10, need=1 + p % 4, earliest=p % 5)
                for p in range(90)]
    inst = ward_instance("big", people, times, requests, [],
                         pairs={(i, i + 1): 3 - i % 7 for i in range(23)},
                         settings=PlanSettings(balance=2, patients_per_staff=3))
    stop = StopSignal()
    first = threading.Event()
    result: list[Plan] = []

    def on_progress(event):
        if event.objective is not None:
            first.set()

    worker = threading.Thread(target=lambda: result.append(
        solve_ward(inst, time_limit=60, on_progress=on_progress, stop=stop)))
    worker.start()
    assert first.wait(30)
    stop.stop()
    worker.join(30)  # given 60 s, the stop is what ends it
    assert not worker.is_alive()
    plan = result[0]
    assert plan.has_solution and check_plan(inst, plan) == []
    assert plan.status in (Status.FEASIBLE, Status.OPTIMAL)


def test_weights_trade_cost_against_quality():
    people = [StaffSpec("cheap", skill=1, max_slots=1, cost=1, overtime_cost=1),
              StaffSpec("skilled", skill=5, max_slots=1, cost=20, overtime_cost=1)]
    times = [SlotSpec("T0", demand=1)]
    requests = [RequestSpec("P", urgency=10)]
    frugal = solve_ward(ward_instance("w", people, times, requests, [],
                                      weights=Weights(cost=1, waiting=1, quality=0)))
    careful = solve_ward(ward_instance("w", people, times, requests, [],
                                       weights=Weights(cost=1, waiting=1, quality=1)))
    assert frugal.x == [[1], [0]] and careful.x == [[0], [1]]


def test_an_infeasible_ward_is_explained_by_relaxing_one_rule_at_a_time():
    """Two slots needing one staff member each: the cheapest (cost 3) works both, 6 in all."""
    short = solve_ward(small_ward(slots=2, budget=5), time_limit=20)
    assert short.status == Status.INFEASIBLE and not short.has_solution
    assert short.bound is None and short.gap is None and short.objective is None
    assert short.explanation == ("infeasible because of the budget: B = 5, but the cheapest "
                                 "roster meeting demand needs 6")
    assert plan_from_json(plan_to_json(short)).bound is None
    assert solve_ward(small_ward(slots=2, budget=6), time_limit=20).status == Status.OPTIMAL

    people = [StaffSpec(f"S{i}", skill=2, max_slots=3, cost=1, overtime_cost=1)
              for i in range(2)]
    floor = solve_ward(ward_instance("floor", people, [SlotSpec("T0", 1, skill_min=5)], [], []),
                       time_limit=20)
    assert floor.explanation == ("infeasible because of the skill floor: slot T0 needs summed "
                                 "skill 5, but the staff who can be on duty there reach at most "
                                 "4 (2 staff; all 2 together have 4)")
    held = ward_instance("held", people, [SlotSpec("T0", 1), SlotSpec("T1", 3)], [], [],
                         booked=Booked(on_duty=frozenset({(0, 1)})))
    assert solve_ward(held, time_limit=20).explanation == (
        "infeasible because of the demand: slot T1 needs 3 staff, but at most 2 can be on duty "
        "(1 already on duty plus 1 available)")
