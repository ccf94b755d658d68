"""The CP-SAT window re-plan of the IHTC-2024 search: exact, never worse, every rule kept.

Its model prices the freed patients on the whole cost with the nurses held; these tests hold
it to the checker: the cost change it makes is the checker's, and on windows small enough to
enumerate, its plan is as cheap as the cheapest of every combination of places.
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
from hra_tui.solver.ihtc._window import replan
from hra_tui.solver.ihtc.solver import _Clock, _Search, _solution, start_plan


def annealed(name: str, seed: int, moves: int) -> _Search:
    """A search on the instance after `moves` moves of the annealing (reproducible)."""
    rng = random.Random(seed)
    search = _Search(start_plan(load_problem(DATA / f"{name}.json"), rng), rng,
                     _Clock(time.monotonic() + 3600, moves, None))
    search.run()
    return search


def checked_cost(search: _Search) -> int:
    plan = search.plan
    result = check(plan.p, _solution(plan.p, plan.w, plan.r))
    assert result.feasible, [t for t in result.hard if t.count]
    return result.total_cost


@pytest.mark.parametrize(("step", "name", "seed"), [
    ("window_step", "test01", 1), ("window_step", "test02", 2), ("window_step", "test03", 3),
    ("window_step", "i01", 4), ("nurse_window_step", "test01", 11),
    ("nurse_window_step", "test02", 12), ("nurse_window_step", "test03", 13),
    ("nurse_window_step", "i01", 14)])
def test_each_window_changes_the_cost_by_what_the_checker_says(step: str, name: str,
                                                               seed: int) -> None:
    """Patients' and nurses' windows over the horizon, a day at a time."""
    search = annealed(name, seed, 3_000)
    start = checked_cost(search)
    for first in range(search.plan.w.days):
        before = checked_cost(search)
        change = getattr(search, step)(first, 2.0)
        assert change <= 0
        assert checked_cost(search) == before + change == search.cost
    assert search.windows_better >= 1  # a short annealing leaves something to improve
    assert checked_cost(search) < start


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
        assert checked_cost(search) == cheapest
        search.cost = plan.total()


def _cheapest_by_checker(search: _Search, free: list[int], day: int) -> int:
    """The least checker cost over every place of the `free` patients on `day` (home too for
    an optional one), the plan put back as it was."""
    plan = search.plan
    w, p = plan.w, plan.p
    was = {i: w.place[i] for i in free}
    options = [[None] * (not p.patients[i].mandatory)
               + [(day, r, t) for r in range(len(p.rooms)) for t in range(len(p.theaters))]
               for i in free]
    cheapest = None
    for places in itertools.product(*options):
        for i, place in zip(free, places, strict=True):
            plan.move(i, place)
        result = check(p, _solution(p, w, plan.r))
        if result.feasible and (cheapest is None or result.total_cost < cheapest):
            cheapest = result.total_cost
        for i in free:
            plan.move(i, None)
    for i in free:
        plan.move(i, was[i])
    assert cheapest is not None  # where they were is one of the combinations
    return cheapest


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
            cost = checked_cost(search)
            cheapest = cost if cheapest is None else min(cheapest, cost)
        for rs, n in was.items():
            roster.set(rs, n)
        out = replan_nurses(roster, range(s, s + 1), 30.0, math.inf)
        assert out is not None
        for rs, n in out.items():
            roster.set(rs, n)
        assert checked_cost(search) == cheapest
    assert tried >= 5
