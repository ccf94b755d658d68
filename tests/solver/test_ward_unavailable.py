"""The ward model with staff absent and resources closed over some slots: the solver and the
simple plan it falls back on put nobody absent on duty and use no closed resource, checked
apart from the model (`support/ward_checker.py`); too many absent is infeasible, said in words,
never a silent violation."""

from __future__ import annotations

from support.ward_checker import check_plan

from hra_tui.solver.plan import Status
from hra_tui.solver.ward import build
from hra_tui.solver.ward.build import Events
from hra_tui.solver.ward.instance import WardInstance
from hra_tui.solver.ward.model import solve_ward
from hra_tui.solver.ward.simple import simple_plan


def _ward(events: Events, demand: int = 1) -> WardInstance:
    # The cheapest doctor (S0) and the scanner would be chosen first, were they there.
    people = [build.StaffSpec(f"S{i}", skill=4, max_slots=3, cost=1 + 5 * i, overtime_cost=9)
              for i in range(3)]
    slots = [build.SlotSpec(f"T{t}", demand=demand) for t in range(3)]
    requests = [build.RequestSpec(f"P{p}", urgency=9, resource=0) for p in range(3)]
    return build.ward_instance("events", people, slots, requests,
                               [build.ResourceSpec("MRI", 1)],
                               settings=build.PlanSettings(patients_per_staff=2),
                               events=events)


AWAY = Events(absent=frozenset({(0, 0), (0, 1)}), closed=frozenset({(0, 1)}))


def test_the_absent_and_the_closed_are_left_out():
    inst = _ward(AWAY)
    assert inst.unavailable == [[1, 1, 0], [0, 0, 0], [0, 0, 0]] and inst.closed == [[0, 1, 0]]
    for plan in (solve_ward(inst, time_limit=20), simple_plan(inst)):
        assert check_plan(inst, plan) == []
        assert plan.x[0][:2] == [0, 0] and plan.x[0][2] == 1  # the cheapest, once back
        assert plan.z[0][1] == 0 and not any(row[1] for row in plan.y)
    assert solve_ward(inst, time_limit=20).status == Status.OPTIMAL


def test_nothing_unavailable_is_the_plan_as_before():
    assert _ward(Events()).unavailable == [] and _ward(Events()).closed == []
    assert solve_ward(_ward(Events()), time_limit=20).x[0] == [1, 1, 1]


def test_too_many_absent_is_infeasible_in_words():
    everyone = Events(absent=frozenset((i, 0) for i in range(3)))
    plan = solve_ward(_ward(everyone, demand=1), time_limit=20)
    assert plan.status == Status.INFEASIBLE
    assert plan.explanation.startswith("infeasible because of")


def test_the_instance_keeps_them_as_json():
    inst = _ward(AWAY)
    assert WardInstance.from_json(inst.to_json()) == inst
