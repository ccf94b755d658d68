"""Lower bounds on an IHTC-2024 plan's cost (`relaxation.py`, `exact.py`, `bound.py`) and
`hra ihtc solve --bound`: never above a feasible plan, and, where the whole model proves an
optimum, a plan the checker finds feasible at exactly that cost that the search cannot beat.

The hospitals are random and tiny (`support.ihtc_hospitals`), so each proof takes a fraction
of a second; the plans bounded are the search's after a fixed number of moves (reproducible).
"""

from __future__ import annotations

import json
import random

import pytest
from support.data import IHTC as DATA
from support.ihtc_hospitals import random_hospital
from typer.testing import CliRunner

from hra_tui.cli.ihtc import ihtc_app
from hra_tui.solver.ihtc import Problem, check, load_problem, load_solution
from hra_tui.solver.ihtc import bound as bound_module
from hra_tui.solver.ihtc.bound import lower_bound
from hra_tui.solver.ihtc.exact import solve_exact
from hra_tui.solver.ihtc.relaxation import NurseCover, relaxed_bound
from hra_tui.solver.ihtc.solver import solve

SEEDS = range(30)


def plans_found(problem: Problem, seed: int) -> list[int]:
    """The checker's costs of the feasible plans of a few short and longer searches."""
    costs = []
    for k, moves in enumerate((50, 500, 5_000)):
        checked = check(problem, solve(problem, seed=seed * 7 + k, iterations=moves).solution)
        if checked.feasible:
            costs.append(checked.total_cost)
    return costs


@pytest.mark.parametrize("seed", SEEDS)
def test_no_bound_is_above_a_feasible_plan(seed: int) -> None:
    problem = random_hospital(random.Random(seed))
    costs = plans_found(problem, seed)
    exact = solve_exact(problem, time_limit=20, workers=1)
    relaxed = relaxed_bound(problem, time_limit=5, workers=1)
    if exact.infeasible:
        assert not costs
        return
    if exact.solution is not None:
        costs.append(check(problem, exact.solution).total_cost)
    assert costs
    assert relaxed.bound <= min(costs)
    assert exact.bound <= min(costs)


def test_the_proven_optimum_is_a_checked_plan_the_search_cannot_beat() -> None:
    """On every random hospital with a plan: CP-SAT's plan is feasible by the checker at the
    model's cost, which is the bound; no plan the search finds is cheaper; and the search
    reaches that optimum on most of them (a model too loose would put it out of reach)."""
    proven = reached = 0
    for seed in SEEDS:
        problem = random_hospital(random.Random(seed))
        exact = solve_exact(problem, time_limit=20, workers=1)
        if exact.infeasible:
            continue
        assert exact.optimal and exact.solution is not None
        checked = check(problem, exact.solution)
        assert checked.feasible, [t for t in checked.hard if t.count]
        assert checked.total_cost == exact.objective == exact.bound
        best = min(plans_found(problem, seed), default=None)
        assert best is None or best >= exact.bound
        proven += 1
        reached += best == exact.bound
    assert proven >= 15
    assert reached >= proven * 0.6


def test_the_search_plan_is_the_start_and_a_cheaper_one_is_handed_back() -> None:
    """Warm-started from a poor plan (50 moves), the bound comes with a cheaper feasible plan;
    from the optimum itself, with none."""
    for seed in SEEDS:
        problem = random_hospital(random.Random(seed))
        poor = solve(problem, seed=seed, iterations=50).solution
        poor_check = check(problem, poor)
        result = lower_bound(problem, poor, time_limit=20, workers=1)
        if not poor_check.feasible or result.lower == poor_check.total_cost:
            continue
        assert result.optimal and result.better is not None
        assert check(problem, result.better).total_cost == result.lower
        again = lower_bound(problem, result.better, time_limit=20, workers=1)
        assert again.optimal and again.better is None and again.lower == result.lower
        return
    pytest.fail("no random hospital's short search left room to improve")


def test_a_hospital_without_a_feasible_plan_is_proven_so() -> None:
    """A mandatory patient whose surgeon never operates: no plan at all."""
    data = json.loads((DATA / "toy.json").read_text())
    data["patients"][0]["mandatory"] = True
    data["patients"][0].setdefault("surgery_due_day", data["days"] - 1)
    surgeon = data["patients"][0]["surgeon_id"]
    for s in data["surgeons"]:
        if s["id"] == surgeon:
            s["max_surgery_time"] = [0] * data["days"]
    problem = Problem.from_json(data)
    assert solve_exact(problem, time_limit=10, workers=1).infeasible
    assert relaxed_bound(problem, time_limit=10, workers=1).infeasible


def test_the_fewest_nurses_covering_a_stay() -> None:
    """Three nurses over two days of two shifts: n0 works both earlies, n1 both lates, n2
    the first day's two shifts. The whole stay needs two, its first day one."""
    data = {"days": 2, "skill_levels": 1, "shift_types": ["early", "late"],
            "age_groups": ["adult"], "occupants": [], "patients": [], "surgeons": [],
            "operating_theaters": [{"id": "t0", "availability": [0, 0]}],
            "rooms": [{"id": "r0", "capacity": 1}],
            "weights": {key: 1 for key in ("room_mixed_age", "room_nurse_skill",
                                           "continuity_of_care", "nurse_eccessive_workload",
                                           "open_operating_theater", "surgeon_transfer",
                                           "patient_delay", "unscheduled_optional")},
            "nurses": [{"id": "n0", "skill_level": 0, "working_shifts": [
                            {"day": d, "shift": "early", "max_load": 1} for d in (0, 1)]},
                       {"id": "n1", "skill_level": 0, "working_shifts": [
                            {"day": d, "shift": "late", "max_load": 1} for d in (0, 1)]},
                       {"id": "n2", "skill_level": 0, "working_shifts": [
                            {"day": 0, "shift": s, "max_load": 1} for s in ("early", "late")]}]}
    cover = NurseCover(Problem.from_json(data))
    assert cover.fewest_nurses(0, 4) == 2
    assert cover.fewest_nurses(0, 2) == 1
    assert cover.fewest_nurses(1, 3) == 2


def test_solve_with_bound_proves_a_small_instance_optimal(tmp_path) -> None:
    out = tmp_path / "small01.sol.json"
    instance = DATA / "small01.json"
    result = CliRunner().invoke(ihtc_app, ["solve", str(instance), "--time-limit", "2",
                                           "-o", str(out), "--bound", "--bound-time", "60",
                                           "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    bound = data["bound"]
    assert bound["method"] == "exact" and bound["optimal"] and bound["gap"] == 0
    assert bound["lower"] == data["total_cost"]
    # what was written is that plan
    written = check(load_problem(instance), load_solution(out))
    assert written.feasible and written.total_cost == bound["lower"]


def test_solve_with_bound_prints_the_bound_and_the_gap(tmp_path, monkeypatch) -> None:
    """An instance past the whole model's size (here any): the relaxation's bound, below the
    cost."""
    monkeypatch.setattr(bound_module, "EXACT_DECISIONS", 0)
    out = tmp_path / "test01.sol.json"
    result = CliRunner().invoke(ihtc_app, ["solve", str(DATA / "test01.json"), "--time-limit",
                                           "2", "-o", str(out), "--bound", "--bound-time", "5"])
    assert result.exit_code == 0, result.output
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("lower bound ") and "(the relaxation" in line and "gap " in line
    lower = int(line.split()[2])
    cost = int(line.split("cost ")[1].split(",")[0])
    assert 0 < lower < cost
