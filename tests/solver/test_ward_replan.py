"""The ward re-plan in the solver: absent staff stay off, frozen slots stay as the records hold
them, each change against the plan in force is priced, and the change is the least one: on
tiny wards every roster and every visit is enumerated (brute force, checked by
`check_plan`, written apart from the model) and none with fewer changes scores as well.
And the rules a plan breaks because the records force it are listed."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest
from support.ward_checker import check_plan, count_changes, recompute_objective

from hra_tui.solver.plan import ModelSize, Plan, Status
from hra_tui.solver.ward.baseline import Baseline
from hra_tui.solver.ward.build import (
    Booked,
    PlanSettings,
    RequestSpec,
    SlotSpec,
    StaffSpec,
    ward_instance,
)
from hra_tui.solver.ward.changes import changes
from hra_tui.solver.ward.forced import forced_breaches
from hra_tui.solver.ward.generate import generated_ward
from hra_tui.solver.ward.instance import ShiftRules, WardInstance, server_of
from hra_tui.solver.ward.model import solve_ward

HOUR = 60
DAY = 24 * HOUR
# Two days of an early and a late shift: 11 hours' rest forbids early + late on one day and
# late then the next early, so the roster is a real puzzle even this small.
SLOTS = [SlotSpec(f"day {d} {name}", 1, start=d * DAY + hour * HOUR)
         for d in range(2) for name, hour in (("early", 7), ("late", 15))]
RULES = ShiftRules(min_rest=11 * HOUR, min_doctors=1)


def tiny_ward(seed: int) -> WardInstance:
    """Three doctors over four shifts (4,096 rosters), two waiting patients who may not come
    in the first shift; costs, skills and needs drawn from `seed`."""
    rng = random.Random(seed)
    staff = [StaffSpec(name, rng.randint(2, 5), 2, rng.randint(3, 12), rng.randint(12, 20),
                       role="doctor") for name in ("Ann Lee", "Raj Patel", "Ola Berg")]
    requests = [RequestSpec(f"patient {p}", urgency=rng.randint(1, 10), need=rng.randint(1, 3),
                            care_cost=rng.randint(0, 5), earliest=1) for p in range(2)]
    settings = PlanSettings(rules=RULES, patients_per_staff=1, overtime_cap=1)
    return ward_instance("tiny", staff, SLOTS, requests, [], settings=settings)


def in_force(inst: WardInstance, plan: Plan, frozen: int, weight: int) -> WardInstance:
    """`inst` re-planned against `plan` as the plan in force: its frozen slots' shifts are
    the records', the rest of its roster and its visits the baseline."""
    slot = [next((t for t in range(inst.T) if plan.y[p][t]), -1) for p in range(inst.P)]
    server = [-1 if server_of(plan, p) is None else server_of(plan, p) for p in range(inst.P)]
    on_duty = [[plan.x[i][t] if t < frozen else 0 for t in range(inst.T)]
               for i in range(inst.N)]
    return replace(inst, on_duty=on_duty,
                   baseline=Baseline(plan.x, slot, server, frozen, weight))


def absent(inst: WardInstance, i: int, slots: list[int]) -> WardInstance:
    return replace(inst, unavailable=[[int(k == i and t in slots) for t in range(inst.T)]
                                      for k in range(inst.N)])


def every_plan(inst: WardInstance):
    """Every plan that keeps every rule (`check_plan`), its objective filled in."""
    N, T, P = inst.N, inst.T, inst.P
    cells = [(i, t) for i in range(N) for t in range(inst.frozen, T)]
    for bits in itertools.product((0, 1), repeat=len(cells)):
        x = [[int(inst.held(i, t)) for t in range(T)] for i in range(N)]
        for (i, t), bit in zip(cells, bits, strict=True):
            x[i][t] = bit
        o = [max(0, sum(x[i]) - inst.H[i]) for i in range(N)]
        roster = _plan(inst, x, o, [None] * P)
        if check_plan(inst, roster):
            continue
        choices = [[None] + [(t, i) for t in range(T) for i in range(N)
                             if x[i][t] and inst.serves[i]] for _p in range(P)]
        for visits in itertools.product(*choices):
            plan = _plan(inst, x, o, visits)
            if not check_plan(inst, plan):
                plan.objective = recompute_objective(inst, plan)
                yield plan


def _plan(inst: WardInstance, x, o, visits) -> Plan:
    y = [[int(v is not None and v[0] == t) for t in range(inst.T)] for v in visits]
    v = [[int(s is not None and s[1] == i) for s in visits] for i in range(inst.N)]
    return Plan(Status.FEASIBLE, None, None, None, 1, 0.0, ModelSize(0, 0, 0), x=x, y=y, z=[],
                o=o, v=v)


def solved(inst: WardInstance) -> Plan:
    plan = solve_ward(inst, time_limit=20)
    assert plan.status == Status.OPTIMAL, plan.explanation
    assert check_plan(inst, plan) == []
    return plan


@pytest.mark.parametrize("seed", range(6))
def test_no_plan_with_fewer_changes_scores_as_well(seed):
    """The re-plan is the brute-force optimum of objective + weight x changes, so no plan
    that changes less has an equal or better objective; a plan from scratch (weight 0)
    scores at least as well on the objective and changes at least as much."""
    inst = tiny_ward(seed)
    before = solved(inst)
    frozen = seed % 2  # half the cases re-plan after the first shift started
    who = next(i for i in range(inst.N) for t in range(frozen, inst.T) if before.x[i][t])
    lost = [t for t in range(frozen, inst.T) if before.x[who][t]][:1]
    event = absent(in_force(inst, before, frozen, 7), who, lost)
    replan = solved(event)
    assert replan.x[who][lost[0]] == 0
    assert all(replan.x[i][t] == before.x[i][t] for i in range(inst.N) for t in range(frozen))
    count = count_changes(event, replan)
    assert changes(event, replan).count == count
    base = replan.objective - 7 * count
    rivals = list(every_plan(event))
    assert rivals, "the event leaves some plan"
    assert replan.objective == min(plan.objective for plan in rivals)
    for plan in rivals:
        fewer = count_changes(event, plan) < count
        assert not (fewer and plan.objective - 7 * count_changes(event, plan) <= base)
    scratch = solved(replace(event, baseline=replace(event.baseline, change_weight=0)))
    assert scratch.objective <= base
    assert changes(event, scratch).count >= count


@pytest.mark.slow  # a hospital's week twice, 30 s of CP-SAT each
def test_a_hospital_replan_repairs_the_day_of_the_absences():
    """200 staff, 42 slots: five on duty on the first day fall ill. The model is too large to
    solve whole in time from a broken start, so the day around them is repaired first; the
    repair keeps every rule and changes far less than the plan from scratch would."""
    inst = generated_ward(200, 600, 42, seed=1)
    before = solve_ward(inst, time_limit=30)
    assert before.has_solution
    ill = [i for i in range(inst.N) if before.x[i][0]][:5]
    event = replace(in_force(inst, before, 0, 20),
                    unavailable=[[int(i in ill and t < 3) for t in range(inst.T)]
                                 for i in range(inst.N)])
    replan = solve_ward(event, time_limit=30)
    assert replan.has_solution and check_plan(event, replan) == []
    assert not any(replan.x[i][t] for i in ill for t in range(3))
    assert changes(event, replan).count < 10 * len(ill)


def test_nothing_changes_when_nothing_happened():
    inst = tiny_ward(3)
    before = solved(inst)
    event = in_force(inst, before, 1, 20)
    replan = solved(event)
    assert changes(event, replan).count == 0
    assert replan.x == before.x and replan.y == before.y and replan.v == before.v
    assert replan.objective == before.objective


def test_an_absence_over_booked_visits_is_infeasible_and_says_so():
    """Visits booked by hand keep their doctor on duty; absent there, no plan exists, and the
    explanation names the shifts already rostered or booked."""
    inst = tiny_ward(2)
    booked = replace(inst, booked=[[int(i == 0 and t == 2) for t in range(inst.T)]
                                   for i in range(inst.N)])
    plan = solve_ward(absent(booked, 0, [2]), time_limit=20)
    assert plan.status == Status.INFEASIBLE
    assert "the staff already on duty" in plan.explanation


def test_absence_and_baseline_survive_the_json_round_trip():
    inst = tiny_ward(0)
    before = solved(inst)
    event = absent(in_force(inst, before, 1, 11), 2, [3])
    again = WardInstance.from_json(event.to_json())
    assert again.unavailable == event.unavailable and again.baseline == event.baseline
    assert again.frozen == 1


def test_a_visit_whose_doctor_is_absent_moves_and_is_priced():
    """Patient 0 is booked with the one doctor skilled enough on day 1's early shift; that
    doctor falls ill: the visit moves to the other skilled doctor's shift, one change, and
    the plan says which."""
    staff = [StaffSpec("Ann Lee", 5, 4, 5, 9, role="doctor"),
             StaffSpec("Raj Patel", 5, 4, 9, 9, role="doctor"),
             StaffSpec("Kim Wu", 1, 4, 1, 9, role="doctor")]
    requests = [RequestSpec("patient 0", urgency=5, need=4, earliest=1)]
    inst = ward_instance("visit", staff, SLOTS, requests, [],
                         settings=PlanSettings(rules=RULES, patients_per_staff=1))
    before = solved(inst)
    t, i = next(t for t in range(4) if before.y[0][t]), server_of(before, 0)
    replan = solved(absent(in_force(inst, before, 0, 20), i, [t]))
    change = changes(absent(in_force(inst, before, 0, 20), i, [t]), replan)
    assert change.moved == [0] and server_of(replan, 0) != i


def test_a_booked_early_and_late_shift_are_kept_and_reported():
    """Visits booked by hand hold one doctor on day 0's early and late shifts and day 1's
    early: 0 h and 8 h rest. The plan keeps them (the checker agrees: the records hold
    them), says so, and adds no such shift itself."""
    staff = [StaffSpec("Elif Sato", 4, 4, 5, 9, role="doctor"),
             StaffSpec("Ann Lee", 4, 4, 5, 9, role="doctor")]
    booked = Booked(patients={(0, 0): 1, (0, 1): 1, (0, 2): 1})
    inst = ward_instance("forced", staff, SLOTS, [], [], booked=booked,
                         settings=PlanSettings(rules=RULES))
    plan = solved(inst)
    assert plan.x[0][:3] == [1, 1, 1] and plan.x[0][3] == 0
    lines = forced_breaches(inst, plan)
    assert lines == [
        "rest between shifts: Elif Sato works day 0 early and day 0 late with 0 h rest, "
        "where the rule asks 11 h (the records hold both shifts)",
        "rest between shifts: Elif Sato works day 0 late and day 1 early with 8 h rest, "
        "where the rule asks 11 h (the records hold both shifts)"]


def test_held_days_and_hours_beyond_the_limits_are_reported():
    week = [SlotSpec(f"day {d}", 1, start=d * DAY + 7 * HOUR) for d in range(8)]
    staff = [StaffSpec("Yusuf Byrne", 4, 8, 5, 9, role="doctor"),
             StaffSpec("Nora Eriksson", 4, 8, 5, 9, role="doctor")]
    rules = ShiftRules(max_consecutive_days=6, max_week_minutes=48 * HOUR)
    inst = ward_instance("week", staff, week, [], [], booked=Booked(
        on_duty=frozenset((0, t) for t in range(7))), settings=PlanSettings(rules=rules))
    lines = forced_breaches(inst, solved(inst))
    assert lines == [
        "days in a row: Yusuf Byrne works 7 of the 7 days from day 0, where the rule allows "
        "6 (the records hold them)",
        "hours in 7 days: Yusuf Byrne works 56 h in the 7 days from day 0, where the rule "
        "allows 48 h (the records hold them)"]


def test_a_started_slot_short_of_its_floors_is_history_reported():
    """The first shift started before now, and its doctor went home at once (the records no
    longer hold them): the re-plan keeps that shift as it is and says it is short."""
    inst = tiny_ward(4)
    before = solved(inst)
    gone = next(i for i in range(inst.N) if before.x[i][0] and inst.serves[i])
    records = replace(before, x=[[0 if (i, t) == (gone, 0) else on for t, on in enumerate(row)]
                                 for i, row in enumerate(before.x)])
    event = in_force(inst, records, 1, 20)
    replan = solved(event)
    assert [row[0] for row in replan.x] == [row[0] for row in records.x]
    assert forced_breaches(event, replan) == [
        f"day 0 early, which started before now, has 0 {what} on duty where it needs 1 (the "
        "records hold it)" for what in ("staff", "doctors")]
