"""Each rule of the ward model (`constraints.RULES`) on a tiny ward where it binds: with the rule
the plan keeps it, and with it switched off by name the solver breaks it or finds a cheaper
plan. Plans are checked by `check_plan`, written apart from the model."""

from __future__ import annotations

import pytest
from support.ward_checker import check_plan

from hra_tui.solver.plan import ModelSize, Plan, Status
from hra_tui.solver.runner import RunResult, run
from hra_tui.solver.ward import build
from hra_tui.solver.ward.aggregate import expand
from hra_tui.solver.ward.build import PlanSettings, RequestSpec, SlotSpec, StaffSpec, ward_instance
from hra_tui.solver.ward.constraints import RULES
from hra_tui.solver.ward.instance import ShiftRules, Toggles, WardInstance, Weights
from hra_tui.solver.ward.model import build_ward_model
from hra_tui.solver.ward.variables import WardModel

HOUR = 60
DAY = 24 * HOUR


def ward(staff, slots, requests=(), resources=(), **kw) -> WardInstance:
    return ward_instance("rule", list(staff), list(slots), list(requests), list(resources),
                         **kw)


def solved(inst: WardInstance, off: str | None = None) -> tuple[WardModel, RunResult]:
    """The model with every rule but `off`, solved to optimality."""
    built = build_ward_model(inst, off=frozenset({off} if off else ()))
    result = run(built.model, time_limit=10, workers=1)
    assert result.status == Status.OPTIMAL
    return built, result


def plan(inst: WardInstance, off: str | None = None) -> Plan:
    """The optimal plan with every rule but `off`, as the checker reads plans."""
    built, result = solved(inst, off)
    found = Plan(status=result.status, objective=None, bound=None, gap=None, solutions=1,
                 wall_time=0.0, size=ModelSize(0, 0, 0))
    found.x = [[result.value(v) for v in row] for row in built.x]
    found.z = [[result.value(v) for v in row] for row in built.z]
    found.o = [result.value(v) for v in built.o]
    counts = {key: result.value(v) for key, v in built.count.items()}
    found.y, found.v = expand(inst, built.classes, found.x, counts)
    return found


def kept_and_broken(inst: WardInstance, rule: str, broken: str) -> tuple[Plan, Plan]:
    """The plan with `rule` keeps every rule; without it, the checker finds `broken`."""
    with_rule, without = plan(inst), plan(inst, off=rule)
    assert check_plan(inst, with_rule) == []
    assert any(broken in line for line in check_plan(inst, without)), check_plan(inst, without)
    return with_rule, without


def cheap_and_dear(max_slots: int = 14, role: str = "nurse", serves: bool = False):
    return [StaffSpec("cheap", 3, max_slots, 1, 1, serves=serves, role=role),
            StaffSpec("dear", 3, max_slots, 9, 9, serves=serves, role=role)]


def with_rules(**rules) -> PlanSettings:
    return PlanSettings(rules=ShiftRules(**rules))


def test_every_rule_has_its_test_here_and_an_unknown_name_is_refused():
    assert {f"test_{name}" for name in RULES} <= set(globals())
    with pytest.raises(ValueError, match="no such ward rule: min_nurse"):
        build_ward_model(ward(cheap_and_dear(), [SlotSpec("T0", 1)]), off=frozenset({"min_nurse"}))


def test_keep_rostered_shifts():
    inst = ward(cheap_and_dear(), [SlotSpec("T0", 1)],
                booked=build.Booked(on_duty=frozenset({(1, 0)})))
    kept, broken = kept_and_broken(inst, "keep_rostered_shifts", "dropped from a rostered slot")
    assert kept.x[1] == [1] and broken.x[1] == [0]


def test_max_slots_per_staff():
    people = [StaffSpec("cheap", 3, 1, 1, 1), StaffSpec("dear", 3, 2, 9, 9)]
    inst = ward(people, [SlotSpec("T0", 1), SlotSpec("T1", 1)],
                toggles=Toggles(overtime=False))
    kept, broken = kept_and_broken(inst, "max_slots_per_staff", "works 2 > H 1")
    assert sum(kept.x[0]) == 1 and sum(broken.x[0]) == 2


def test_cover_demand():
    inst = ward(cheap_and_dear(), [SlotSpec("T0", 1)])
    kept, broken = kept_and_broken(inst, "cover_demand", "demand 1")
    assert kept.x == [[1], [0]] and broken.x == [[0], [0]]


def test_skill_floor():
    inst = ward(cheap_and_dear(), [SlotSpec("T0", 1, skill_min=5)])
    kept, broken = kept_and_broken(inst, "skill_floor", "skill floor")
    assert kept.x == [[1], [1]] and broken.x == [[1], [0]]


def test_min_rest_between_shifts():
    slots = [SlotSpec("early", 1, start=7 * HOUR), SlotSpec("late", 1, start=15 * HOUR)]
    inst = ward(cheap_and_dear(), slots, settings=with_rules(min_rest=11 * HOUR))
    kept, broken = kept_and_broken(inst, "min_rest_between_shifts", "0 h rest between")
    assert sum(kept.x[0]) == 1 and broken.x[0] == [1, 1]


def test_max_days_in_a_row():
    week = [SlotSpec(f"day {d}", 1, start=d * DAY + 7 * HOUR) for d in range(7)]
    inst = ward(cheap_and_dear(), week, settings=with_rules(max_consecutive_days=5))
    kept, broken = kept_and_broken(inst, "max_days_in_a_row", "6 days in a row")
    assert sum(kept.x[0]) == 6 and sum(broken.x[0]) == 7


def test_max_hours_in_7_days():
    week = [SlotSpec(f"day {d}", 1, start=d * DAY + 7 * HOUR) for d in range(7)]
    inst = ward(cheap_and_dear(), week, settings=with_rules(max_week_minutes=48 * HOUR))
    kept, broken = kept_and_broken(inst, "max_hours_in_7_days", "56 h in the 7 days")
    assert sum(kept.x[0]) == 6 and sum(broken.x[0]) == 7


def test_min_nurses():
    doctors = [StaffSpec(f"doctor {k}", 3, 5, 1, 1, role="doctor") for k in range(2)]
    inst = ward([*doctors, StaffSpec("nurse", 3, 5, 5, 5, serves=False, role="nurse")],
                [SlotSpec("T0", 2)], settings=with_rules(min_nurses=1))
    kept, broken = kept_and_broken(inst, "min_nurses", "0 nurses")
    assert kept.x[2] == [1] and broken.x[2] == [0]


def test_min_doctors():
    nurses = [StaffSpec(f"nurse {k}", 3, 5, 1, 1, serves=False, role="nurse") for k in range(2)]
    inst = ward([*nurses, StaffSpec("doctor", 3, 5, 5, 5, role="doctor")],
                [SlotSpec("T0", 2)], settings=with_rules(min_doctors=1))
    kept, broken = kept_and_broken(inst, "min_doctors", "too few doctors")
    assert kept.x[2] == [1] and broken.x[2] == [0]


def test_min_seniors():
    """Five juniors meet a summed skill floor of 5; the rule counts a skill-4 person."""
    juniors = [StaffSpec(f"junior {k}", 1, 5, 1, 1, role="nurse") for k in range(5)]
    inst = ward([*juniors, StaffSpec("senior", 5, 5, 10, 10, role="nurse")],
                [SlotSpec("T0", 5, skill_min=5)],
                settings=with_rules(senior_skill=4, min_seniors=1))
    kept, broken = kept_and_broken(inst, "min_seniors", "too few senior staff")
    assert kept.x[5] == [1] and broken.x[5] == [0]


def test_each_request_once():
    """Without the rule a request is "seen" in both slots, and the second visit earns back
    the cost of leaving one out: a cheaper objective from a plan no ward could keep."""
    inst = ward([StaffSpec("doctor", 3, 2, 1, 1)], [SlotSpec("T0", 1), SlotSpec("T1", 1)],
                [RequestSpec("P", urgency=5)])
    built, kept = solved(inst)
    assert sum(kept.value(n) for _t, n in built.by_class[0]) == 1
    loose, broken = solved(inst, off="each_request_once")
    assert sum(broken.value(n) for _t, n in loose.by_class[0]) == 2
    assert broken.objective < kept.objective


def test_must_serve_by_due():
    """Weighing cost alone, a request waits past the horizon unless it is due."""
    inst = ward([StaffSpec("doctor", 4, 3, 5, 5)], [SlotSpec("T0", 1), SlotSpec("T1", 1)],
                [RequestSpec("urgent", urgency=9, care_cost=4, due=1)],
                weights=Weights(cost=1, waiting=0, quality=0))
    kept, broken = kept_and_broken(inst, "must_serve_by_due", "must be served by slot 1")
    assert any(kept.y[0]) and not any(broken.y[0])


def test_resource_capacity():
    """The scanner is booked in T0: the scan waits for T1, or overbooks T0 without the rule."""
    inst = ward([StaffSpec("doctor", 3, 2, 1, 1)], [SlotSpec("T0", 1), SlotSpec("T1", 1)],
                [RequestSpec("scan", urgency=5, resource=0)], [build.ResourceSpec("scanner", 2)],
                booked=build.Booked(resources={(0, 0): 1}))
    kept, broken = kept_and_broken(inst, "resource_capacity", "over capacity in slot 0")
    assert kept.y[0] == [0, 1] and broken.y[0] == [1, 0]


def test_resource_in_use():
    inst = ward([StaffSpec("doctor", 3, 1, 1, 1)], [SlotSpec("T0", 1)],
                [RequestSpec("scan", urgency=5, resource=0)], [build.ResourceSpec("scanner", 2)])
    kept, broken = kept_and_broken(inst, "resource_in_use", "used in slot 0 but not allocated")
    assert kept.z == [[1]] and broken.z == [[0]]


def test_patients_per_staff():
    doctors = [StaffSpec(f"doctor {k}", 3, 1, 1, 1) for k in range(2)]
    inst = ward(doctors, [SlotSpec("T0", 1)], [RequestSpec(f"P{p}", urgency=5) for p in range(2)],
                settings=PlanSettings(patients_per_staff=1))
    kept, broken = kept_and_broken(inst, "patients_per_staff", "sees 2 patients in slot 0")
    assert sum(row[0] for row in kept.x) == 2 and sum(row[0] for row in broken.x) == 1


def test_seen_by_staff_on_duty():
    """Without the cap, only this rule ties a request needing a senior to a senior on duty:
    without it the request counts as seen by the senior while only the junior works."""
    people = [StaffSpec("junior", 2, 1, 1, 1), StaffSpec("senior", 5, 1, 20, 20)]
    inst = ward(people, [SlotSpec("T0", 1)], [RequestSpec("needs senior", urgency=10, need=4)],
                toggles=Toggles(patient_cap=False))
    built, kept = solved(inst)
    assert kept.value(built.count[0, 0, 5]) == 1 and kept.value(built.x[1][0]) == 1
    loose, broken = solved(inst, off="seen_by_staff_on_duty")
    assert broken.value(loose.count[0, 0, 5]) == 1 and broken.value(loose.x[1][0]) == 0
    assert broken.objective < kept.objective


def test_visits_within_clinic_hours():
    """Two 45-minute visits in a 60-minute clinic need two doctors."""
    doctors = [StaffSpec(f"doctor {k}", 3, 1, 1, 1) for k in range(2)]
    inst = ward(doctors, [SlotSpec("T0", 1, clinic=60)],
                [RequestSpec(f"P{p}", urgency=5, minutes=45) for p in range(2)])
    kept, broken = kept_and_broken(inst, "visits_within_clinic_hours",
                                   "90 minutes of visits in slot 0")
    assert sum(row[0] for row in kept.x) == 2 and sum(row[0] for row in broken.x) == 1


def test_keep_booked_patients():
    inst = ward(cheap_and_dear(serves=True, role="doctor"), [SlotSpec("T0", 1)],
                booked=build.Booked(patients={(1, 0): 1}))
    kept, broken = kept_and_broken(inst, "keep_booked_patients", "staff 1 sees 0 patients")
    assert kept.x[1] == [1] and broken.x[1] == [0]


def test_within_budget():
    """Quality asks for the skilled doctor (cost 20); a budget of 10 allows only the cheap."""
    people = [StaffSpec("cheap", 1, 1, 1, 1), StaffSpec("skilled", 5, 1, 20, 1)]
    inst = ward(people, [SlotSpec("T0", 1)], [RequestSpec("P", urgency=10)],
                settings=PlanSettings(budget=10))
    kept, broken = kept_and_broken(inst, "within_budget", "budget: 20 > 10")
    assert kept.x == [[1], [0]] and broken.x == [[0], [1]]


def test_balanced_workload():
    inst = ward(cheap_and_dear(max_slots=2), [SlotSpec("T0", 1), SlotSpec("T1", 1)],
                settings=PlanSettings(balance=0))
    kept, broken = kept_and_broken(inst, "balanced_workload", "balance")
    assert sum(kept.x[0]) == 1 and sum(broken.x[0]) == 2


def test_staff_pairs():
    """Two cheap staff who work badly together (weight 10): with the rule the quality goal
    keeps them apart at a dearer roster; without it, they are rostered together."""
    people = [StaffSpec("A", 3, 1, 1, 1), StaffSpec("B", 3, 1, 1, 1), StaffSpec("C", 3, 1, 3, 3)]
    inst = ward(people, [SlotSpec("T0", 2)], pairs={(0, 1): 10})
    kept, broken = plan(inst), plan(inst, off="staff_pairs")
    assert check_plan(inst, kept) == [] and check_plan(inst, broken) == []
    assert kept.x[2] == [1] and broken.x == [[1], [1], [0]]
