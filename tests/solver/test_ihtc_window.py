"""The CP-SAT window re-plan of the IHTC-2024 search: exact, never worse, every rule kept.

Its model prices the freed patients on the whole cost with the nurses held; these tests hold
it to the checker: the cost change it makes is the checker's, and on windows small enough to
enumerate, its plan is as cheap as the cheapest of every combination of places. Random small
hospitals (tight beds, theatres and surgeons; weights that let any cost decide) and a few
built cases where a hint breaks a rule or pays a cost make every term and bound bind.
"""

from __future__ import annotations

import itertools
import math
import random
import time

import pytest
from support.data import IHTC as DATA

from hra_tui.solver.ihtc import check, load_problem
from hra_tui.solver.ihtc._nurse_window import replan_nurses
from hra_tui.solver.ihtc._window import Place, replan
from hra_tui.solver.ihtc.problem import WEIGHT_KEYS, Problem
from hra_tui.solver.ihtc.solver import _Clock, _Plan, _Search, _solution, start_plan


def annealed(name: str, seed: int, moves: int) -> _Search:
    """A search on the instance after `moves` moves of the annealing (reproducible)."""
    rng = random.Random(seed)
    search = _Search(start_plan(load_problem(DATA / f"{name}.json"), rng), rng,
                     _Clock(time.monotonic() + 3600, moves, None))
    search.run()
    return search


def checked_cost(plan: _Plan) -> int:
    """The plan's cost by the checker, which must find it feasible."""
    result = check(plan.p, _solution(plan.p, plan.w, plan.r))
    assert result.feasible, [t for t in result.hard if t.count]
    return result.total_cost


@pytest.mark.parametrize(("step", "name", "seed"), [
    ("window_step", "test01", 1),
    pytest.param("window_step", "test02", 2, marks=pytest.mark.slow),  # 4-8 s each
    ("window_step", "test03", 3), pytest.param("window_step", "i01", 4, marks=pytest.mark.slow),
    ("nurse_window_step", "test01", 11),
    ("nurse_window_step", "test02", 12), ("nurse_window_step", "test03", 13),
    ("nurse_window_step", "i01", 14)])
def test_each_window_changes_the_cost_by_what_the_checker_says(step: str, name: str,
                                                               seed: int) -> None:
    """Patients' and nurses' windows over the horizon, a day at a time."""
    search = annealed(name, seed, 3_000)
    start = checked_cost(search.plan)
    for first in range(search.plan.w.days):
        before = checked_cost(search.plan)
        change = getattr(search, step)(first, 2.0)
        assert change <= 0
        assert checked_cost(search.plan) == before + change == search.cost
    assert search.windows_better >= 1  # a short annealing leaves something to improve
    assert checked_cost(search.plan) < start


def test_the_search_times_each_window_kind_and_gives_the_annealing_the_rest() -> None:
    search = annealed("test01", 5, 3_000)
    for _ in range(6):
        search._window(5.0)
    effort = search.effort(1000.0)
    windows = {part: s for part, s in effort.seconds.items() if part != "annealing"}
    assert windows and set(windows) <= {"patients' windows", "nurses' windows"}
    assert all(s > 0 for s in windows.values())
    assert effort.seconds["annealing"] == pytest.approx(1000.0 - sum(windows.values()))
    assert effort.moves == {}  # the pure-Python search counts no kinds of move


@pytest.mark.slow  # every combination of the window, priced by the checker
@pytest.mark.parametrize("name", ["test01", "test03", "i01"])
def test_small_windows_reach_the_cheapest_combination(name: str) -> None:
    """Three patients sharing a day freed (six times over): CP-SAT's places cost exactly the
    least over every combination of their places that day (home too, for an optional one),
    each priced by the checker."""
    search = annealed(name, 0, 200)
    plan, rng = search.plan, random.Random(name)
    w, p = plan.w, plan.p
    for _ in range(6):
        admitted = [i for i, pl in enumerate(w.place) if pl is not None]
        day = w.place[rng.choice(admitted)][0]
        others = [i for i in admitted if w.place[i][0] == day]
        outside = [i for i, pl in enumerate(w.place) if pl is None]
        free = rng.sample(others + outside, min(3, len(others + outside)))
        cheapest = _cheapest_by_checker(search, free, day)
        for i in free:
            plan.move(i, None)
        # No hint of where they were, so that a tie of the model's own cost cannot hide a
        # term it misprices behind the place the search had found.
        out = replan(w, plan.r, {i: range(day, day + 1) for i in free},
                     range(len(p.rooms)), dict.fromkeys(free), 30.0, math.inf)
        assert out is not None
        for i in free:
            plan.move(i, out[i])
        assert checked_cost(search.plan) == cheapest
        search.cost = plan.total()


def _cheapest_by_checker(search: _Search, free: list[int], day: int) -> int:
    """The least checker cost over every place of the `free` patients on `day` (home too for
    an optional one), the plan put back as it was."""
    plan = search.plan
    w, p = plan.w, plan.p
    was = {i: w.place[i] for i in free}
    for i in free:
        plan.move(i, None)
    cheapest = least_feasible_cost(plan, free, [
        [None] * (not p.patients[i].mandatory)
        + [(day, r, t) for r in range(len(p.rooms)) for t in range(len(p.theaters))]
        for i in free])
    for i in free:
        plan.move(i, was[i])
    assert cheapest is not None  # where they were is one of the combinations
    return cheapest


def least_feasible_cost(plan: _Plan, free: list[int], options: list[list[Place | None]]
                        ) -> int | None:
    """The least checker cost over every combination of the `free` patients' `options`
    (None when none is feasible); they must be out of the plan, and are left out."""
    cheapest = None
    for places in itertools.product(*options):
        for i, place in zip(free, places, strict=True):
            plan.move(i, place)
        result = check(plan.p, _solution(plan.p, plan.w, plan.r))
        if result.feasible and (cheapest is None or result.total_cost < cheapest):
            cheapest = result.total_cost
        for i in free:
            plan.move(i, None)
    return cheapest


@pytest.mark.slow  # every combination of the window, priced by the checker
@pytest.mark.parametrize("name", ["test01", "test03", "i01"])
def test_a_shift_of_nurses_reaches_the_cheapest_combination(name: str) -> None:
    """Each shift small enough to enumerate: CP-SAT's nurses cost exactly the least over
    every choice of a working nurse for each occupied room, each priced by the checker."""
    search = annealed(name, 0, 200)
    plan = search.plan
    roster, p = plan.r, plan.p
    tried = 0
    for s in range(roster.shifts):
        rooms = [r * roster.shifts + s for r in range(len(p.rooms))
                 if roster.people[r * roster.shifts + s]]
        working = roster.working[s]
        if not rooms or len(working) ** len(rooms) > 1_000:
            continue
        tried += 1
        was = {rs: roster.assign[rs] for rs in rooms}
        cheapest = None
        for nurses in itertools.product(working, repeat=len(rooms)):
            for rs, n in zip(rooms, nurses, strict=True):
                roster.set(rs, n)
            cost = checked_cost(search.plan)
            cheapest = cost if cheapest is None else min(cheapest, cost)
        for rs, n in was.items():
            roster.set(rs, n)
        out = replan_nurses(roster, range(s, s + 1), 30.0, math.inf)
        assert out is not None
        for rs, n in out.items():
            roster.set(rs, n)
        assert checked_cost(search.plan) == cheapest
    assert tried >= 5


def random_hospital(rng: random.Random) -> Problem:
    """A three-day hospital small enough to enumerate, with tight beds, theatres and
    surgeons, mixed genders and ages, and weights from 1 to 200 so that each cost can be the
    one that decides."""
    days, shift_types = 3, ["early", "late"]

    def per_shift(stay: int, top: int) -> list[int]:
        return [rng.randint(0, top) for _ in range(stay * len(shift_types))]

    rooms = [{"id": f"r{k}", "capacity": rng.randint(1, 2)} for k in range(2)]
    occupants = []
    for room in rooms:
        if rng.random() < 0.5:
            stay = rng.randint(1, days)
            occupants.append({"id": f"o{room['id']}", "gender": rng.choice("AB"),
                              "age_group": rng.choice(["young", "adult", "old"]),
                              "length_of_stay": stay, "room_id": room["id"],
                              "workload_produced": per_shift(stay, 3),
                              "skill_level_required": per_shift(stay, 2)})
    patients = []
    for k in range(4):
        stay, release = rng.randint(1, 3), rng.choice([0, 0, 1])
        patient = {"id": f"p{k}", "mandatory": rng.random() < 0.5,
                   "gender": rng.choice("AB"), "age_group": rng.choice(["young", "adult", "old"]),
                   "length_of_stay": stay, "surgery_release_day": release,
                   "surgery_duration": rng.choice([30, 60, 90, 120]),
                   "surgeon_id": rng.choice(["s0", "s0", "s1"]),
                   "incompatible_room_ids": rng.sample(["r0", "r1"], rng.choice([0, 0, 1])),
                   "workload_produced": per_shift(stay, 3),
                   "skill_level_required": per_shift(stay, 2)}
        if patient["mandatory"]:
            patient["surgery_due_day"] = rng.randint(release, days - 1)
        patients.append(patient)
    nurses = []
    for k in range(3):
        shifts = [(d, s) for d in range(days) for s in shift_types
                  if k == 0 or rng.random() < 0.6]  # n0 works every shift: all are covered
        nurses.append({"id": f"n{k}", "skill_level": rng.randint(0, 2),
                       "working_shifts": [{"day": d, "shift": s, "max_load": rng.randint(0, 4)}
                                          for d, s in shifts]})
    return Problem.from_json({
        "days": days, "skill_levels": 3, "shift_types": shift_types,
        "age_groups": ["young", "adult", "old"],
        "occupants": occupants, "patients": patients,
        "surgeons": [{"id": f"s{k}", "max_surgery_time": [rng.choice([0, 90, 120, 240])
                                                          for _ in range(days)]}
                     for k in range(2)],
        "operating_theaters": [{"id": f"t{k}", "availability": [rng.choice([90, 120, 240])
                                                                for _ in range(days)]}
                               for k in range(2)],
        "rooms": rooms, "nurses": nurses,
        "weights": {key: rng.choice([1, 5, 20, 200]) for key in WEIGHT_KEYS}})


@pytest.mark.parametrize("seed", range(40))
def test_a_random_hospital_gets_its_cheapest_plan_or_a_true_no(seed: int) -> None:
    """Three of a random small hospital's four patients freed over all its days, the fourth
    held where the construction put it (so it is placed, or optional)."""
    rng = random.Random(seed)
    problem = random_hospital(rng)
    plan = start_plan(problem, rng)
    # A mandatory patient left out would make every plan infeasible whatever the window did.
    held = rng.choice([i for i, q in enumerate(problem.patients)
                       if plan.w.place[i] is not None or not q.mandatory])
    free = [i for i in range(len(problem.patients)) if i != held]
    assert_window_is_exact(plan, free, dict.fromkeys(free))


def theatre_hospital(days: int, minutes: tuple[int, int], surgeons: list[str]) -> Problem:
    """A room with a bed for everyone, two theatres (`minutes` on day 0, 240 later), one
    patient per surgeon named in `surgeons` (60 minutes, one night, mandatory by the last
    day): only the theatres and the day decide the cost. A surgeon in two theatres (S6, 50)
    costs more than a day's delay (S7, 10) plus a theatre opened (S5, 10)."""
    patients = [{"id": f"p{k}", "mandatory": True, "gender": "A", "age_group": "adult",
                 "length_of_stay": 1, "surgery_release_day": 0, "surgery_due_day": days - 1,
                 "surgery_duration": 60, "surgeon_id": surgeon,
                 "workload_produced": [1], "skill_level_required": [0]}
                for k, surgeon in enumerate(surgeons)]
    return Problem.from_json({
        "days": days, "skill_levels": 1, "shift_types": ["early"], "age_groups": ["adult"],
        "occupants": [], "patients": patients,
        "surgeons": [{"id": s, "max_surgery_time": [480] * days}
                     for s in sorted(set(surgeons))],
        "operating_theaters": [{"id": f"t{k}", "availability": [day_0] + [240] * (days - 1)}
                               for k, day_0 in enumerate(minutes)],
        "rooms": [{"id": "r0", "capacity": len(surgeons)}],
        "nurses": [{"id": "n0", "skill_level": 0,
                    "working_shifts": [{"day": d, "shift": "early", "max_load": 99}
                                       for d in range(days)]}],
        "weights": dict.fromkeys(WEIGHT_KEYS, 10) | {"surgeon_transfer": 50}})


@pytest.mark.parametrize(("days", "minutes", "surgeons", "held", "hint"), [
    # The surgeon already operates in t0 (both theatres are open): the freed patient,
    # hinted into t1, joins the surgeon in t0.
    (1, (240, 240), ["s0", "s1", "s0"], {0: 0, 1: 1}, {2: 1}),
    # Both open theatres have an hour left on day 0; the surgeon's two patients, hinted
    # into one each, are better a day apart.
    (2, (150, 150), ["s1", "s2", "s0", "s0"], {0: 0, 1: 1}, {2: 0, 3: 1}),
    # Each theatre has room for one of the two, hinted into t0 together.
    (1, (90, 90), ["s0", "s1"], {}, {0: 0, 1: 0}),
], ids=["surgeon-held-theatre", "surgeon-a-day-apart", "theatre-minutes"])
def test_a_window_keeps_surgeons_and_theatres_where_the_hint_would_not(
        days: int, minutes: tuple[int, int], surgeons: list[str], held: dict[int, int],
        hint: dict[int, int]) -> None:
    """Cases where the hint costs S6 or breaks a theatre's minutes, and a model missing that
    term or bound would keep it."""
    problem = theatre_hospital(days, minutes, surgeons)
    plan = start_plan(problem, random.Random(0))
    for i, theatre in held.items():
        plan.move(i, (0, 0, theatre))
    assert_window_is_exact(plan, list(hint), {i: (0, 0, t) for i, t in hint.items()})


def assert_window_is_exact(plan: _Plan, free: list[int], hint: dict[int, Place | None]
                           ) -> None:
    """Each place of the `free` patients tried against every other by the checker (home too,
    even for a mandatory one, which the checker must refuse): CP-SAT's plan costs exactly the
    least feasible combination, and it answers None exactly when there is none."""
    problem, w = plan.p, plan.w
    for i in free:
        plan.move(i, None)
    every_place = [None] + [(d, r, t) for d in range(w.days) for r in range(len(problem.rooms))
                            for t in range(len(problem.theaters))]
    cheapest = least_feasible_cost(plan, free, [every_place] * len(free))
    out = replan(w, plan.r, dict.fromkeys(free, range(w.days)), range(len(problem.rooms)),
                 hint, 30.0, math.inf)
    if cheapest is None:
        assert out is None
        return
    assert out is not None
    for i, place in out.items():
        plan.move(i, place)
    assert checked_cost(plan) == cheapest
