"""Must-serve and due-by-slot requests, and the warning in words when urgent patients are left
unseen: on small wards where the model without them defers an urgent patient silently."""

from __future__ import annotations

from support.ward_checker import check_plan

from hra_tui.solver.plan import Status
from hra_tui.solver.ward.build import PlanSettings, RequestSpec, SlotSpec, StaffSpec, ward_instance
from hra_tui.solver.ward.instance import Weights
from hra_tui.solver.ward.model import solve_ward

STAFF = [StaffSpec("doctor", 4, 3, 5, 5)]
SLOTS = [SlotSpec("T0", 1), SlotSpec("T1", 1), SlotSpec("T2", 1)]
COST_ONLY = Weights(cost=1, waiting=0, quality=0)


def solve(requests, weights=COST_ONLY, **settings):
    inst = ward_instance("must", STAFF, SLOTS, requests, [],
                         settings=PlanSettings(**settings), weights=weights)
    plan = solve_ward(inst, time_limit=20)
    assert plan.status == Status.OPTIMAL and check_plan(inst, plan) == []
    return plan


def test_cost_only_weights_defer_everyone_but_a_must_serve_request_is_seen_and_warned():
    care = [RequestSpec("urgent", urgency=9, care_cost=4), RequestSpec("mild", 2, care_cost=4)]
    plan = solve(care)
    assert not any(map(any, plan.y))
    assert plan.explanation.startswith("1 urgent request (urgency 8 or more) left unseen: "
                                       "urgent; with waiting weighted 0")
    must = [RequestSpec("urgent", urgency=9, care_cost=4, due=2),
            RequestSpec("mild", 2, care_cost=4)]
    plan = solve(must)
    assert any(plan.y[0]) and not any(plan.y[1]) and plan.explanation == ""


def test_a_due_slot_brings_a_request_forward():
    """One patient per slot: the urgent one goes first, unless the mild one is due in T0."""
    care = [RequestSpec("urgent", urgency=9), RequestSpec("mild", urgency=2)]
    plan = solve(care, weights=Weights(), patients_per_staff=1)
    assert plan.y[0][0] == 1 and plan.y[1][0] == 0
    care = [RequestSpec("urgent", urgency=9), RequestSpec("mild", urgency=2, due=0)]
    plan = solve(care, weights=Weights(), patients_per_staff=1)
    assert plan.y[1][0] == 1 and plan.y[0][1] == 1


def test_more_must_serve_than_the_ward_can_see_is_explained():
    care = [RequestSpec(f"P{p}", urgency=5, due=0) for p in range(3)]
    inst = ward_instance("too many", STAFF, SLOTS, care, [],
                         settings=PlanSettings(patients_per_staff=2))
    plan = solve_ward(inst, time_limit=20)
    assert plan.status == Status.INFEASIBLE
    assert "the requests that must be served" in plan.explanation
