"""The demo ward always plans: whatever the date and the seed, its admissions problem has a
plan that keeps every hard rule (one this test finds, passed by the competition's checker),
and `hra ihtc plan` and `hra plan` find one.

Whether the admissions problem has a plan depends on the seed and the weekday the horizon
starts on (theatres close at weekends), so every seed here is drawn on seven dates, one of
each weekday, from a list of month ends, leap days and years apart. The roster's depends on
the seed alone (UTC, as the suite runs); the real planners run on a few seeds that had no
plan before."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from db import plan_demo
from db.demo import create_demo
from db.os_account import os_account
from hra_tui.cli.main import app
from hra_tui.services.ward import Ward
from hra_tui.solver.ihtc import Problem, check
from hra_tui.solver.ihtc.solution import Admission, Assignment, NurseRoster, Solution
from hra_tui.solver.ward.instance import WARD_RULES

TODAY = datetime(2026, 12, 6, 20, 26, tzinfo=UTC)  # seeds 3 and 5 had no admissions plan
DATES = (  # Monday to Sunday, twice
    datetime(2026, 3, 9, 8, 0, tzinfo=UTC), datetime(2028, 2, 29, 23, 59, tzinfo=UTC),
    datetime(2025, 12, 31, 23, 30, tzinfo=UTC), datetime(2024, 2, 29, 0, 0, tzinfo=UTC),
    datetime(2025, 1, 31, 12, 0, tzinfo=UTC), datetime(2026, 10, 31, 6, 15, tzinfo=UTC),
    TODAY,
    datetime(2001, 4, 30, 17, 0, tzinfo=UTC), datetime(2000, 2, 29, 9, 45, tzinfo=UTC),
    datetime(2027, 6, 30, 0, 1, tzinfo=UTC), datetime(2099, 12, 31, 13, 0, tzinfo=UTC),
    datetime(2036, 10, 31, 22, 0, tzinfo=UTC), datetime(2037, 1, 31, 4, 30, tzinfo=UTC),
    datetime(2030, 3, 31, 11, 11, tzinfo=UTC))
# Among them, seeds that broke before: 16 crashed the load (a staff pair drawn twice), 30 and
# 48 had no roster of the first nine shifts (no doctor free for a late shift; too few
# seniors), 12 none of the week.
SEEDS = (*range(24), 30, 48)
# `make test` checks the first six and those that broke before; `make test-slow` the rest.
FAST_SEEDS = (*range(6), 12, 16, 30, 48)
# The demo's rows as built, seed by seed and date by date, in the file it is always built in: a
# PostgreSQL ward gets those rows copied and verified (db/copy), and its planners are tested
# there on the shared demo wards.
pytestmark = pytest.mark.sqlite_only(reason="the demo's rows as built, in their file")
SEEDS_PARAMS = [seed if seed in FAST_SEEDS else pytest.param(seed, marks=pytest.mark.slow)
                for seed in SEEDS]
CLOCKS = ("hra_tui.services.planning.ward.planner.utcnow",
          "hra_tui.services.planning.ward.snapshot.utcnow")


def _demo(path: Path, seed: int, now: datetime) -> None:
    create_demo(path, seed=seed, owner=os_account(), now=now, force=True)


async def _problem(path: Path) -> Problem:
    """The admissions problem as `hra ihtc plan` reads it."""
    ward = await Ward.open(path, create=False)
    try:
        return (await ward.admissions.prepare()).problem
    finally:
        await ward.close()


def _plan(problem: Problem, budget: int = 20_000) -> Solution | None:
    """Every mandatory patient admitted (earliest due first, backtracking over day, room and
    theatre), no optional one, and on every shift one working nurse for all occupied rooms;
    None if none is found within `budget` steps."""
    days, rooms = problem.days, problem.rooms
    genders = [[[] for _ in range(days)] for _ in rooms]
    for o in problem.occupants:
        for d in range(min(days, o.length_of_stay)):
            genders[o.room][d].append(o.gender)
    theatre = [list(t.availability) for t in problem.theaters]
    surgeon = [list(s.max_surgery_time) for s in problem.surgeons]
    todo = sorted((p for p in problem.patients if p.mandatory), key=lambda p: p.due_day)
    chosen: dict[str, Admission] = {}
    steps = 0

    def place(k: int) -> bool:
        nonlocal steps
        steps += 1
        if k == len(todo) or steps > budget:
            return k == len(todo)
        p, minutes = todo[k], todo[k].surgery_duration
        for d in range(p.release_day, p.due_day + 1):
            stay = range(d, min(days, d + p.length_of_stay))
            for t, r in ((t, r) for t in range(len(theatre)) for r in range(len(rooms))):
                if (theatre[t][d] < minutes or surgeon[p.surgeon][d] < minutes
                        or r in p.incompatible_rooms
                        or any(len(genders[r][e]) >= rooms[r].beds_on(e)
                               or set(genders[r][e]) - {p.gender} for e in stay)):
                    continue
                theatre[t][d] -= minutes
                surgeon[p.surgeon][d] -= minutes
                for e in stay:
                    genders[r][e].append(p.gender)
                chosen[p.id] = Admission(p.id, d, rooms[r].id, problem.theaters[t].id)
                if place(k + 1):
                    return True
                theatre[t][d] += minutes
                surgeon[p.surgeon][d] += minutes
                for e in stay:
                    genders[r][e].pop()
        return False

    if not place(0):
        return None
    cover: dict[str, list[Assignment]] = {}
    for s in range(problem.shifts):
        day, kind = divmod(s, problem.shifts_per_day)
        occupied = tuple(room.id for r, room in enumerate(rooms) if genders[r][day])
        if occupied:
            nurse = next(n for n in problem.nurses if n.works(s))
            cover.setdefault(nurse.id, []).append(
                Assignment(day, problem.shift_types[kind], occupied))
    return Solution(tuple(chosen.get(p.id, Admission(p.id, None)) for p in problem.patients),
                    tuple(NurseRoster(n, tuple(a)) for n, a in cover.items()))


def test_the_dates_cover_every_weekday_twice():
    assert [d.weekday() for d in DATES] == [*range(7)] * 2


def test_the_demo_keeps_the_planners_default_rules():
    """The demo keeps a roster by these rules; they must be the ones the planner holds."""
    assert plan_demo.MIN_REST.total_seconds() == WARD_RULES.min_rest * 60
    assert plan_demo.MAX_SHIFTS * 8 * 60 == WARD_RULES.max_week_minutes
    assert plan_demo.SENIOR_SKILL == WARD_RULES.senior_skill
    assert WARD_RULES.min_doctors == WARD_RULES.min_seniors == 1


@pytest.fixture(scope="module")
def path(tmp_path_factory) -> Path:
    """One file for every seed's demos: each load replaces the one before."""
    return tmp_path_factory.mktemp("demo") / "ward.db"


@pytest.mark.parametrize("seed", SEEDS_PARAMS)
def test_the_admissions_problem_has_a_plan_on_every_weekday(seed, path):
    for k in range(7):
        now = DATES[(seed + k) % len(DATES)]
        _demo(path, seed, now)
        problem = asyncio.run(_problem(path))
        plan = _plan(problem)
        assert plan is not None, f"seed {seed} on {now:%a %Y-%m-%d}: no plan found"
        result = check(problem, plan)
        assert result.feasible, (seed, now, result.to_json()["violations"])


@pytest.mark.parametrize(("seed", "at"), [(5, TODAY), (3, TODAY), (30, DATES[0]),
                                          (48, DATES[9])])
def test_the_planners_find_a_plan_with_their_defaults(seed, at, tmp_path, monkeypatch):
    """The real commands; `hra ihtc plan` on a move budget (its default is ten seconds), as
    the command line's own demo test runs it."""
    for clock in CLOCKS:  # `hra plan` plans the shifts after now: the demo's now
        monkeypatch.setattr(clock, lambda: at)
    monkeypatch.delenv("HRA_USER", raising=False)
    path = tmp_path / "ward.db"
    _demo(path, seed, at)
    runner = CliRunner()
    admissions = runner.invoke(app, ["--db", str(path), "ihtc", "plan", "--iterations",
                                     "20000", "--json"])
    assert admissions.exit_code == 0, admissions.output
    assert json.loads(admissions.stdout)["feasible"]
    roster = runner.invoke(app, ["--db", str(path), "plan", "--json"])
    assert roster.exit_code == 0, roster.output
    assert json.loads(roster.stdout)["status"] in ("OPTIMAL", "FEASIBLE")
