"""The ward model at hospital size: a plan always comes back (the simple plan when time runs
out), the aggregated model finds the per-person optimum, and stored plans stay small."""

from __future__ import annotations

import json

import pytest
from support.ward_checker import check_plan, recompute_objective

from hra_tui.solver.plan import Status
from hra_tui.solver.ward.build import PlanSettings, RequestSpec, SlotSpec, StaffSpec, ward_instance
from hra_tui.solver.ward.generate import generated_ward
from hra_tui.solver.ward.instance import WardInstance, plan_from_json, plan_to_json
from hra_tui.solver.ward.model import build_ward_model, solve_ward
from hra_tui.solver.ward.simple import simple_plan


def test_a_plan_comes_back_even_when_the_time_runs_out_at_once():
    """The old model answered "No plan found" on a 100-staff ward: presolve alone spent the
    limit. Now the simple plan (fewest staff, everyone deferred) is kept when nothing better
    is found in time."""
    inst = generated_ward(100, 300, 14, seed=3)
    plan = solve_ward(inst, time_limit=0.01)
    assert plan.has_solution and plan.status in (Status.FEASIBLE, Status.OPTIMAL)
    assert check_plan(inst, plan) == []
    assert plan.objective == recompute_objective(inst, plan)


def test_the_simple_plan_keeps_every_rule():
    inst = generated_ward(40, 100, 21, seed=1, settings=PlanSettings(balance=3))
    plan = simple_plan(inst)
    assert plan is not None
    plan.objective = None
    assert check_plan(inst, plan) == []
    assert any(map(any, plan.y))  # patients seen where the doctors on duty have room


@pytest.mark.slow  # 20 s of CP-SAT at hospital size
def test_a_hospital_ward_is_solved_close_to_its_bound():
    inst = generated_ward(60, 150, 21, seed=2)
    plan = solve_ward(inst, time_limit=20)
    assert plan.has_solution and check_plan(inst, plan) == []
    assert plan.gap is not None and plan.gap <= 0.02


def test_counting_requests_by_class_and_skill_level_finds_the_per_person_optimum():
    """Three doctors (skills 2, 4, 4) and identical requests: the model counts, then names."""
    people = [StaffSpec("junior", 2, 3, 1, 1), StaffSpec("a", 4, 3, 5, 1),
              StaffSpec("b", 4, 3, 5, 1)]
    requests = [RequestSpec(f"P{p}", urgency=6, need=3) for p in range(6)]
    inst = ward_instance("classes", people, [SlotSpec("T0", 2), SlotSpec("T1", 1)], requests,
                         [], settings=PlanSettings(patients_per_staff=2))
    built = build_ward_model(inst)
    assert len(built.classes) == 1  # six interchangeable requests, one class
    assert {s for (_c, _t, s) in built.count} == {4}  # only the skill-4 level may serve them
    plan = solve_ward(inst, time_limit=20)
    assert plan.status == Status.OPTIMAL and check_plan(inst, plan) == []
    assert sum(map(sum, plan.y)) == 6  # 2 + 2 in slot 0, 2 in slot 1


def test_a_stored_plan_keeps_what_was_decided_not_the_dense_instance():
    inst = generated_ward(200, 600, 42, seed=0)
    plan = simple_plan(inst)
    stored = json.dumps({"instance": inst.to_json(), "plan": plan_to_json(plan)})
    assert len(stored) < 1_000_000  # the dense form (M is N x P x T) was tens of megabytes
    assert "M" not in inst.to_json()
    again = plan_from_json(json.loads(json.dumps(plan_to_json(plan))))
    assert (again.x, again.y, again.z, again.o, again.v) == (plan.x, plan.y, plan.z, plan.o,
                                                              plan.v)
    assert WardInstance.from_json(json.loads(json.dumps(inst.to_json()))) == inst


def test_plans_stored_in_the_dense_form_still_read():
    inst = generated_ward(10, 12, 3, seed=4)
    plan = solve_ward(inst, time_limit=10)
    dense = plan.solution_json() | plan.summary_json()
    again = plan_from_json(dense)
    assert again.x == plan.x and again.v == plan.v
    old = inst.to_json() | {"format": "hra-ward-instance/1", "M": inst.M, "I": inst.I}
    assert WardInstance.from_json(old) == inst


@pytest.mark.slow  # a hospital-size model built and stopped: 8 s
def test_a_stop_at_hospital_size_keeps_the_best_plan_so_far():
    """Stopped while re-planning a few slots at a time, or while searching the whole horizon:
    either way the best plan found so far is kept, and it keeps every rule."""
    import threading

    from hra_tui.solver.signals import StopSignal

    inst = generated_ward(100, 300, 21, seed=5)
    stop = StopSignal()
    timer = threading.Timer(8.0, stop.stop)
    timer.start()
    try:
        plan = solve_ward(inst, time_limit=120, stop=stop)
    finally:
        timer.cancel()
    assert plan.wall_time < 30
    assert plan.has_solution and check_plan(inst, plan) == []
    assert plan.explanation.startswith("Stopped by the clerk")
