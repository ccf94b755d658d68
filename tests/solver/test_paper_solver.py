"""The paper's model: known optima, an independent check of every plan, stop and progress,
infeasibility in words, and the generator."""

from __future__ import annotations

import json
import random
import threading
from pathlib import Path

import pytest
from support.data import PAPER as LOCAL
from support.paper_checker import objective as checked_objective
from support.paper_checker import violations

from hra_tui.solver.instance import Instance
from hra_tui.solver.paper.generate import SCENARIOS, generate, loose_budget
from hra_tui.solver.paper.model import paper_objective
from hra_tui.solver.paper.report import format_plan
from hra_tui.solver.paper.solve import solve_paper
from hra_tui.solver.plan import Plan, Status
from hra_tui.solver.runner import StopSignal


def _expected(folder: Path) -> dict[str, dict]:
    return {e["file"]: e for e in json.loads((folder / "expected.json").read_text())}


SMALL = sorted(p.name for p in LOCAL.glob("small-*.json"))
SCENARIO_FILES = ["scenario1-seed101.json", "scenario2-seed100.json", "scenario2-seed101.json"]


def assert_sound(inst: Instance, plan: Plan) -> None:
    """The plan keeps every printed constraint and its objective is the printed one."""
    sol = json.loads(json.dumps(plan.solution_json()))
    data = inst.to_json()
    assert violations(data, sol) == []
    assert checked_objective(data, sol) == plan.objective


@pytest.mark.parametrize("name", SMALL)
def test_small_instances_match_expected(name):
    inst = Instance.load(LOCAL / name)
    expected = _expected(LOCAL)[name]
    plan = solve_paper(inst, time_limit=30)
    assert plan.status == expected["status"]
    assert plan.objective == expected["optimal_objective"]
    if plan.status == Status.OPTIMAL:
        assert plan.bound == plan.objective and plan.gap == 0
        assert all(flag == 0 for flag in plan.o)  # o = 0 at every optimum
        assert all(flag == 0 for row in plan.v for flag in row)  # v = 0 at every optimum
        assert_sound(inst, plan)


@pytest.mark.parametrize("name", ["small-6x4.json", "small-8x5-budget85.json"])
def test_the_printed_model_solved_as_is_agrees(name):
    inst = Instance.load(LOCAL / name)
    plan = solve_paper(inst, time_limit=30, method="direct")
    assert plan.status == Status.OPTIMAL
    assert plan.objective == _expected(LOCAL)[name]["optimal_objective"]
    assert_sound(inst, plan)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("budget", [None, 45])
def test_decomposition_and_printed_model_agree_on_random_instances(seed, budget):
    inst = generate(None, seed, N=6, T=4, P=4, K=2, R=2, budget=budget)
    fast = solve_paper(inst, time_limit=20)
    plain = solve_paper(inst, time_limit=20, method="direct")
    assert (fast.status, fast.objective) == (plain.status, plain.objective)
    if fast.has_solution:
        assert_sound(inst, fast)


@pytest.mark.slow
@pytest.mark.parametrize("name", SCENARIO_FILES)
def test_paper_sizes_proven_optimal_within_30_s(name):
    inst = Instance.load(LOCAL / name)
    plan = solve_paper(inst, time_limit=60, workers=2)
    assert plan.status == Status.OPTIMAL
    assert plan.objective == _expected(LOCAL)[name]["optimal_objective"]
    assert plan.wall_time < 30
    assert_sound(inst, plan)


def test_infeasible_budget_is_named():
    plan = solve_paper(Instance.load(LOCAL / "small-8x5-budget73.json"), time_limit=30)
    assert plan.status == Status.INFEASIBLE
    assert not plan.has_solution
    assert plan.explanation.startswith("infeasible because of the budget")
    assert "B = 73" in plan.explanation


def test_too_few_staff_for_the_demand_is_named():
    inst = generate(None, 1, N=2, T=2, P=2, K=1, R=1)
    plan = solve_paper(inst, time_limit=10)
    assert plan.status == Status.INFEASIBLE
    assert "staff demand" in plan.explanation


@pytest.mark.parametrize("method", ["decompose", "direct"])
def test_a_stop_from_another_thread_ends_the_solve_and_keeps_its_schedule(method):
    inst = generate(1, 5)
    stop = StopSignal()

    def on_progress(event) -> None:  # stop at the first schedule, from the solver's thread
        if event.objective is not None:
            threading.Thread(target=stop.stop).start()

    plan = solve_paper(inst, time_limit=300, stop=stop, method=method, on_progress=on_progress)
    assert stop.requested and plan.has_solution
    assert_sound(inst, plan)
    if method == "direct":  # the printed model takes minutes to prove at this size
        assert plan.status == Status.FEASIBLE
    if plan.status != Status.OPTIMAL:
        assert "stopped" in plan.explanation


def test_a_stop_before_the_solve_ends_it_at_once():
    stop = StopSignal()
    stop.stop()
    plan = solve_paper(generate(2, 3), time_limit=600, stop=stop)
    assert plan.status == Status.UNKNOWN and not plan.has_solution


def test_progress_arrives_from_the_solver_thread():
    events, threads = [], set()

    def on_progress(event):
        events.append(event)
        threads.add(threading.get_ident())

    inst = generate(2, 11)
    plan = solve_paper(inst, time_limit=30, on_progress=on_progress)
    assert plan.status == Status.OPTIMAL
    assert events and events[-1].objective == plan.objective
    assert all(e.bound <= plan.objective + 1e-9 for e in events)
    assert any(e.objective is not None for e in events)
    assert threads - {threading.get_ident()}  # some come from CP-SAT's threads
    assert plan.progress


def test_objective_reading_matches_the_independent_checker():
    inst = Instance.load(LOCAL / "small-10x6.json")
    rng = random.Random(4)

    def bits(*shape):
        if len(shape) == 1:
            return [rng.randint(0, 1) for _ in range(shape[0])]
        return [bits(*shape[1:]) for _ in range(shape[0])]

    sol = {"x": bits(inst.N, inst.T), "y": bits(inst.P, inst.T), "z": bits(inst.R, inst.T),
           "o": bits(inst.N), "v": bits(inst.N, inst.P)}
    assert paper_objective(inst, **sol) == checked_objective(inst.to_json(), sol)


def test_the_report_has_the_papers_tables():
    plan = solve_paper(Instance.load(LOCAL / "small-6x4.json"), time_limit=30)
    text = format_plan(plan)
    for row in ("Objective value", "Best bound", "Gap", "Solution count", "Model size",
                "Staff assignments", "Patient assignments", "Resource allocations",
                "Overtime"):
        assert row in text


def test_the_generator_is_deterministic_and_within_the_papers_ranges():
    a, b = generate(1, 7), generate(1, 7)
    assert a == b
    assert generate(1, 8) != a
    ranges = {"W": (1, 10), "I": (1, 10), "C": (1, 10), "D": (1, 10), "Pen": (1, 10),
              "O": (1, 10), "U": (1, 10), "S": (1, 5), "M": (1, 5), "H": (8, 12),
              "Dt": (2, 5), "F": (1, 3)}

    def flat(value):
        return [v for item in value for v in flat(item)] if isinstance(value, list) else [value]

    for scenario, sizes in SCENARIOS.items():
        inst = generate(scenario, 3)
        inst.validate()
        assert {key: getattr(inst, key) for key in sizes} == sizes
        for key, (lo, hi) in ranges.items():
            values = flat(getattr(inst, key))
            assert lo <= min(values) and max(values) <= hi, key
        assert inst.B == loose_budget(inst.W, inst.O, inst.D, inst.Dt)
    assert generate(2, 3, budget=50).B == 50
    custom = generate(None, 1, N=4, T=3, P=2, K=1, R=2)
    assert (custom.N, custom.T, custom.P, custom.K, custom.R) == (4, 3, 2, 1, 2)
    with pytest.raises(ValueError):
        generate(None, 1, N=4)
