"""The compiled annealing (`_jit_moves`, `_jit_search`) against the pure-Python reference.

Move by move: from one plan, the same candidate moves (patients to random places, home,
their cheapest place; nurses to random room-shifts) are tested and priced by both sides and
must agree exactly, and the moves applied to both keep them agreeing. Whole runs: the
compiled search's own tallies equal the exact checker's cost, and its plans are feasible,
reproducible for a seed and stop on `stop`.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from support.data import IHTC as DATA
from typer.testing import CliRunner

from hra_tui.cli.ihtc import ihtc_app
from hra_tui.solver.ihtc import _jit_moves as jit
from hra_tui.solver.ihtc import check, load_problem, load_solution
from hra_tui.solver.ihtc._annealing import (
    COLD,
    REPLAN,
    SCRATCH,
    _cheapest,
    _Clock,
    _random_place,
)
from hra_tui.solver.ihtc._jit_search import CompiledSearch, places_of, warm
from hra_tui.solver.ihtc.effort import MOVE_KINDS
from hra_tui.solver.ihtc.solver import solve, start_plan

INSTANCES = ["toy", "test01", "test02", "test03", "i01"]


@pytest.fixture(autouse=True, scope="module")
def _compiled_once() -> None:
    """numba's code compiled (or loaded from its cache) before any test times a solve."""
    warm()


def _compiled(name: str, seed: int):
    problem = load_problem(DATA / f"{name}.json")
    rng = random.Random(seed)
    plan = start_plan(problem, rng)
    search = CompiledSearch(plan, rng, _Clock(float("inf"), 1, None))
    return problem, plan, search, rng


def _same_state(plan, search) -> None:
    assert (places_of(plan) == search.field(0)).all()
    assert (np.array(plan.r.assign) == search.field(14)).all()
    assert jit.total(search.D, search.S) == plan.total()


@pytest.mark.parametrize("name", INSTANCES)
def test_every_move_is_tested_and_priced_as_the_reference_does(name: str) -> None:
    problem, plan, search, rng = _compiled(name, 3)
    D, S = search.D, search.S
    w, roster = plan.w, plan.r
    rooms, theaters, shifts = len(problem.rooms), len(problem.theaters), problem.shifts
    _same_state(plan, search)
    priced = applied = 0
    for step in range(3000):
        i = rng.randrange(len(problem.patients))
        cur = w.place[i]
        cd, cr, ct = cur if cur is not None else (-1, -1, -1)
        day = rng.randrange(problem.days)
        room, theater = rng.randrange(rooms), rng.randrange(theaters)
        fits = w.fits(i, day, room, theater, cur)
        assert jit.fits(D, S, i, day, room, theater, cd, cr, ct) == fits
        assert jit.room_fits(D, S, i, day, room, cd, cr) == w.room_fits(i, day, room, cur)
        new = (day, room, theater) if fits else _random_place(w, i, rng)
        if rng.random() < 0.15 and cur is not None:
            new = None
        target = new if new is not None else (-1, -1, -1)
        assert jit.delta(D, S, i, *target) == plan.delta(i, new)
        priced += 1
        if cur is None and rng.random() < 0.3:  # the ejection's re-placement
            place, d = _cheapest(plan, i, 3)
            out = np.zeros(3, np.int64)
            assert jit._cheapest(D, S, i, 3, out) == d
            assert (tuple(out) if out[0] >= 0 else None) == place
        rs = rng.randrange(rooms * shifts)
        working = roster.working[rs % shifts]
        if working:
            n = working[rng.randrange(len(working))]
            assert jit.nurse_delta(D, S, rs, n) == plan.nurse_delta(rs, n)
            if rng.random() < 0.5:
                plan.set_nurse(rs, n)
                jit.set_nurse(D, S, rs, n)
        if new is not None or cur is not None and not problem.patients[i].mandatory:
            if rng.random() < 0.5:
                plan.move(i, new)
                jit.move(D, S, i, *target)
                applied += 1
        if step % 10 == 9:  # every ten steps kept, or undone by both journals
            if rng.random() < 0.3:
                plan.undo(0)
                jit.undo(D, S, 0)
            plan.journal.clear()
            search.field(23)[jit.JN] = 0
            _same_state(plan, search)
    assert priced == 3000 and applied > 100


@pytest.mark.parametrize("cooling", [SCRATCH, REPLAN])
def test_both_engines_cool_alike_and_end_in_a_descent(cooling) -> None:
    """The compiled loop's temperature is the Python search's at every share of the time;
    from the start it only falls, and it is at its coldest from `until` of the time on."""
    t0 = 25.0 if not cooling.relative else 3.0
    temps = []
    for k in range(101):
        f = k / 100
        temp = cooling.at(t0, f)
        assert jit._temperature(t0, COLD, cooling.linear, cooling.until, f) == pytest.approx(temp)
        temps.append(temp)
    assert temps[0] == pytest.approx(t0) and temps == sorted(temps, reverse=True)
    assert all(t == pytest.approx(COLD) for k, t in enumerate(temps) if k / 100 >= cooling.until)


@pytest.mark.parametrize("name", INSTANCES)
def test_the_compiled_tallies_are_the_checkers_cost(name: str) -> None:
    problem = load_problem(DATA / f"{name}.json")
    result = solve(problem, seed=4, iterations=30_000, compiled=True)
    checked = check(problem, result.solution)
    assert checked.feasible, [t for t in checked.hard if t.count]
    assert result.cost == checked.total_cost
    assert result.patient_moves + result.nurse_moves > 20_000


def test_the_compiled_ejection_prices_what_it_does() -> None:
    """Ejections (patients sent home, re-placed) leave the tallies equal to a rebuild."""
    problem, plan, search, _ = _compiled("i01", 5)
    D, S = search.D, search.S
    home = [i for i, pl in enumerate(plan.w.place) if pl is None]
    assert home
    cost = jit.total(D, S)
    for k in range(200):
        d = jit.eject(D, S, home[k % len(home)], search.scratch)
        if d != jit.NOTHING:
            assert jit.total(D, S) == cost + d
            jit.undo(D, S, 0)
    _same_state(plan, search)


def test_a_compiled_search_is_reproducible_and_better_than_its_start() -> None:
    problem = load_problem(DATA / "test02.json")
    first = solve(problem, seed=6, iterations=40_000, compiled=True)
    again = solve(problem, seed=6, iterations=40_000, compiled=True)
    start = check(problem, solve(problem, seed=6, iterations=1).solution).total_cost
    assert first.solution == again.solution
    assert first.cost < start


def test_a_compiled_search_stops_and_keeps_its_best() -> None:
    problem = load_problem(DATA / "i01.json")
    heard = []
    result = solve(problem, seed=1, time_limit=120, compiled=True, on_progress=heard.append,
                   stop=lambda: len(heard) > 20)
    assert result.seconds < 60
    assert check(problem, result.solution).total_cost == result.cost == heard[-1].objective
    assert all(b.objective <= a.objective for a, b in zip(heard, heard[1:], strict=False))


def test_a_compiled_search_makes_its_moves_however_short_its_time() -> None:
    """Loading the compiled code can take a short limit's whole time on a busy machine (a
    1 s solve once made no move): the search still makes its first batch."""
    problem = load_problem(DATA / "toy.json")
    result = solve(problem, seed=4, time_limit=0.001, compiled=True)
    assert result.patient_moves > 0 and result.nurse_moves > 0
    assert check(problem, result.solution).total_cost == result.cost


NURSE_KINDS = ("nurse move", "nurse swap", "nurse run")


@pytest.mark.parametrize("threads", [1, 2])
def test_a_compiled_search_counts_its_moves_by_kind(threads: int) -> None:
    """Every move of the budget falls in one kind (with two threads, both searches' moves);
    a move is accepted at most as often as tried, and improves the best at most as often."""
    problem = load_problem(DATA / "test02.json")
    result = solve(problem, seed=6, iterations=20_000, threads=threads, compiled=True)
    moves = result.effort.moves
    assert tuple(moves) == MOVE_KINDS
    assert sum(t for t, _, _ in moves.values()) == result.moves_tried == 20_000 * threads
    assert sum(moves[k][0] for k in NURSE_KINDS) == result.nurse_moves
    patient_kinds = [k for k in MOVE_KINDS if k not in NURSE_KINDS and k != "empty room-shift"]
    assert sum(moves[k][0] for k in patient_kinds) == result.patient_moves
    assert all(t >= a >= b >= 0 for t, a, b in moves.values())
    assert moves["patient move"][1] > 0 and moves["nurse move"][1] > 0
    assert sum(b for _, _, b in moves.values()) > 0
    assert list(result.effort.seconds) == ["annealing"]  # a move budget runs no window
    assert result.effort.seconds["annealing"] > 0


@pytest.mark.parametrize("engine", ["compiled", "python"])
def test_cli_solve_runs_either_engine(tmp_path: Path, engine: str) -> None:
    out = tmp_path / "sol.json"
    solved = CliRunner().invoke(ihtc_app, ["solve", str(DATA / "test01.json"), "--time-limit",
                                           "2", "--engine", engine, "-o", str(out), "--json"])
    assert solved.exit_code == 0, solved.output
    report = json.loads(solved.output)
    assert report["engine"] == engine and report["feasible"]
    search = report["search"]
    assert search["patient_moves"] > 0
    assert search["seconds"]["annealing"] > 0
    if engine == "compiled":
        assert list(search["moves"]) == list(MOVE_KINDS)
        assert sum(search["moves"][k]["tried"] for k in NURSE_KINDS) == search["nurse_moves"]
        assert all(0 <= row["best"] <= row["accepted"] <= row["tried"]
                   for row in search["moves"].values())
    else:
        assert search["moves"] == {}  # the pure-Python search counts no kinds
    assert check(load_problem(DATA / "test01.json"), load_solution(out)).total_cost == \
        report["total_cost"]


def test_cli_solve_refuses_an_unknown_engine(tmp_path: Path) -> None:
    result = CliRunner().invoke(ihtc_app, ["solve", str(DATA / "test01.json"), "--engine",
                                           "fast", "-o", str(tmp_path / "o.json")])
    assert result.exit_code == 1
    assert not (tmp_path / "o.json").exists()
