"""The IHTC-2024 solver and `hra ihtc solve`: feasible, checked, reproducible, on time.

Runs count moves (`iterations`) where the result must be reproducible, and use a short clock
only where the behaviour under a time limit is the point; no test times the solver.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.data import IHTC as DATA
from typer.testing import CliRunner

from hra_tui.cli.ihtc import ihtc_app
from hra_tui.solver.ihtc import Solution, check, load_problem, load_solution
from hra_tui.solver.ihtc.solver import solve

INSTANCES = ["toy", "test01", "test02", "test03", "i01"]


@pytest.mark.parametrize("name", INSTANCES)
def test_solution_is_feasible_by_the_checker(name: str) -> None:
    problem = load_problem(DATA / f"{name}.json")
    result = solve(problem, seed=1, iterations=20_000)
    checked = check(problem, result.solution)
    assert checked.feasible, [t for t in checked.hard if t.count]
    assert result.unplaced_mandatory == 0
    # every patient has a decision, every nurse their roster
    assert len(result.solution.admissions) == len(problem.patients)
    assert len(result.solution.nurses) == len(problem.nurses)


def test_search_lowers_the_cost() -> None:
    problem = load_problem(DATA / "test01.json")
    short = check(problem, solve(problem, seed=2, iterations=10).solution).total_cost
    longer = check(problem, solve(problem, seed=2, iterations=40_000).solution).total_cost
    assert longer < short


def test_same_seed_same_solution() -> None:
    problem = load_problem(DATA / "test02.json")
    first = solve(problem, seed=7, iterations=15_000).solution.to_json()
    second = solve(problem, seed=7, iterations=15_000).solution.to_json()
    assert first == second


def test_progress_follows_the_best_cost_without_changing_the_plan() -> None:
    problem = load_problem(DATA / "i01.json")
    heard = []
    result = solve(problem, seed=7, iterations=15_000, on_progress=heard.append)
    assert result.solution == solve(problem, seed=7, iterations=15_000).solution
    assert len(heard) >= 3 and heard[0].moves == 0
    assert [p.cost for p in heard] == sorted((p.cost for p in heard), reverse=True)
    assert (heard[-1].cost, heard[-1].left_out) == (result.cost, 0)


@pytest.mark.parametrize("name", ["toy", "test01", "test03"])
def test_search_cost_is_the_checker_total(name: str) -> None:
    # The search prices every move incrementally; its running total must be the real cost.
    problem = load_problem(DATA / f"{name}.json")
    result = solve(problem, seed=5, iterations=8_000)
    assert result.cost == check(problem, result.solution).total_cost


def test_stop_ends_the_search_at_once_with_a_feasible_plan() -> None:
    problem = load_problem(DATA / "test01.json")
    result = solve(problem, time_limit=3600.0, seed=0, stop=lambda: True)
    assert result.patient_moves + result.nurse_moves <= 64
    assert check(problem, result.solution).feasible


def test_threads_keep_the_cheapest_of_their_seeds_reproducibly() -> None:
    problem = load_problem(DATA / "test02.json")
    both = solve(problem, seed=3, iterations=4_000, threads=2)
    again = solve(problem, seed=3, iterations=4_000, threads=2)
    assert both.solution == again.solution
    alone = [solve(problem, seed=s, iterations=4_000) for s in (3, 4)]
    assert both.cost == min(r.cost for r in alone)
    assert both.solution == min(alone, key=lambda r: r.cost).solution


def test_short_time_limit_still_gives_a_feasible_solution() -> None:
    problem = load_problem(DATA / "i01.json")
    result = solve(problem, time_limit=2.0, seed=0)
    assert check(problem, result.solution).feasible
    assert result.patient_moves > 0 and result.nurse_moves > 0


def test_written_solution_reads_back_and_checks(tmp_path: Path) -> None:
    problem = load_problem(DATA / "test03.json")
    result = solve(problem, seed=3, iterations=5_000)
    out = tmp_path / "sol.json"
    result.solution.save(out)
    again = load_solution(out)
    assert isinstance(again, Solution)
    assert check(problem, again).total_cost == check(problem, result.solution).total_cost


def test_cli_solve_writes_a_solution_that_check_accepts(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "toy_sol.json"
    solved = runner.invoke(ihtc_app, ["solve", str(DATA / "toy.json"), "--time-limit", "1",
                                      "--threads", "1", "--seed", "4", "-o", str(out),
                                      "--json"])
    assert solved.exit_code == 0, solved.output
    report = json.loads(solved.output)
    assert report["feasible"] and report["total_violations"] == 0
    assert report["seed"] == 4 and report["threads"] == 1
    search = report["search"]
    assert search["patient_moves"] > 0 and search["nurse_moves"] > 0
    assert 0 <= search["windows_better"] <= search["windows"]
    assert search["restarts"] == 0  # one search: no peer to restart from
    checked = runner.invoke(ihtc_app, ["check", str(DATA / "toy.json"), str(out), "--json"])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.output)["total_cost"] == report["total_cost"]


def test_cli_solve_refuses_a_malformed_instance(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"days": 0}))
    result = CliRunner().invoke(ihtc_app, ["solve", str(bad), "-o", str(tmp_path / "o.json")])
    assert result.exit_code == 1
