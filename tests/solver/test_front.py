"""The cost-waiting front (`solver.front`) of the paper's model and of the ward roster: on
random small instances it equals the front found by enumerating cost budgets with the model,
its ends are the single-objective optima, and a stop keeps the points found."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hra_tui.solver.paper.front import paper_front
from hra_tui.solver.paper.generate import generate
from hra_tui.solver.paper.model import build_paper_model, paper_goals
from hra_tui.solver.paper.solve import solve_paper
from hra_tui.solver.plan import Status
from hra_tui.solver.runner import run
from hra_tui.solver.signals import StopSignal
from hra_tui.solver.ward.front import ward_front
from hra_tui.solver.ward.generate import generated_ward
from hra_tui.solver.ward.instance import evaluate
from hra_tui.solver.ward.model import build_ward_model, goal_expressions

# More points than any of these fronts' waiting range: the grid then steps by less than one,
# so each cap sits just below the last point's waiting and the front is traced whole.
MANY = 1000


def enumerated_front(make) -> list[tuple[int, int]] | None:
    """Every non-dominated (cost, waiting), by brute force: for each cost budget b from the
    least cost up, the least waiting of a plan costing at most b (a new model each time,
    from `make()` -> (model, cost, waiting)); a budget is a point of the front where its
    least waiting is below the last budget's. None when no plan meets the rules."""

    def least(goal: str, budget: int | None = None) -> int | None:
        model, cost, waiting = make()
        if budget is not None:
            model.add(cost <= budget)
        model.minimize(cost if goal == "cost" else waiting)
        res = run(model, time_limit=30, workers=1)
        assert res.status in (Status.OPTIMAL, Status.INFEASIBLE)
        return round(res.objective) if res.status == Status.OPTIMAL else None

    cheapest = least("cost")
    if cheapest is None:
        return None
    least_wait = least("waiting")
    front: list[tuple[int, int]] = []
    for budget in range(cheapest, 10**6):
        waiting = least("waiting", budget)
        if not front or waiting < front[-1][1]:
            front.append((budget, waiting))
        if waiting == least_wait:
            return front
    raise AssertionError("the budgets never reached the least waiting")


def paper_cost_and_waiting(inst, built):
    """Cost and waiting written from the instance's arrays, apart from `goal_expressions`."""
    N, T, P, R = inst.N, inst.T, inst.P, inst.R
    cost = (sum(inst.W[i][t] * built.x[i][t] for i in range(N) for t in range(T))
            + sum(inst.C[p][t] * built.y[p][t] for p in range(P) for t in range(T))
            + sum(inst.D[r][t] * built.z[r][t] for r in range(R) for t in range(T))
            + sum(inst.O[i] * built.o[i] for i in range(N)))
    waiting = sum(inst.Pen[p][t] * built.y[p][t] for p in range(P) for t in range(T))
    return cost, waiting


def paper_model(inst):
    built = build_paper_model(inst, minimise=False)
    return (built.model, *paper_cost_and_waiting(inst, built))


def small_paper(seed: int):
    return generate(None, seed, N=6, T=3, P=5, K=1, R=2)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_the_paper_front_equals_the_one_found_by_enumerating_budgets(seed):
    inst = small_paper(seed)
    expected = enumerated_front(lambda: paper_model(inst))
    found = paper_front(inst, MANY, time_limit=60, workers=1)
    assert [(p.cost, p.waiting) for p in found.front.points] == (expected or [])
    assert all(p.proven for p in found.front.points)
    for point, plan in zip(found.front.points, found.plans, strict=True):
        assert paper_goals(inst, plan.x, plan.y, plan.z, plan.o, plan.v) == (
            point.cost, point.waiting, point.quality)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_the_ward_front_equals_the_one_found_by_enumerating_budgets(seed):
    inst = generated_ward(8, 6, 3, seed=seed)

    def make():
        built = build_ward_model(inst, minimise=False)
        cost, waiting, _quality = goal_expressions(built, inst)
        return built.model, cost, waiting

    expected = enumerated_front(make)
    found = ward_front(inst, MANY, time_limit=60)
    assert [(p.cost, p.waiting) for p in found.front.points] == (expected or [])
    for point, plan in zip(found.front.points, found.plans, strict=True):
        b = evaluate(inst, plan)  # the plan itself, measured apart from the model
        assert (b.cost, b.waiting, b.quality) == (point.cost, point.waiting, point.quality)


def test_fewer_points_are_on_the_front_with_both_ends():
    inst = small_paper(3)
    whole = enumerated_front(lambda: paper_model(inst))
    assert len(whole) > 3
    found = paper_front(inst, 3, time_limit=60, workers=1)
    points = [(p.cost, p.waiting) for p in found.front.points]
    assert len(points) == 3
    assert set(points) <= set(whole)
    assert points[0] == whole[0] and points[-1] == whole[-1]


def test_the_ends_are_the_single_objective_optima_of_the_direct_model():
    inst = small_paper(11)
    found = paper_front(inst, 5, time_limit=60, workers=1)
    cheapest = solve_paper(inst, method="direct", weights=(1, 0, 0), workers=1)
    quickest = solve_paper(inst, method="direct", weights=(0, 1, 0), workers=1)
    assert found.front.points[0].cost == cheapest.objective
    assert found.front.points[-1].waiting == quickest.objective


def test_a_stop_keeps_the_points_found():
    stop = StopSignal()
    inst = small_paper(5)
    seen = []

    def first_then_stop(point):
        seen.append(point)
        stop.stop()

    from hra_tui.solver.front import Goals, trace_front

    built = build_paper_model(inst, minimise=False)
    cost, waiting = paper_cost_and_waiting(inst, built)
    front = trace_front(Goals(built.model, cost, waiting, 0 * waiting), 9, stop=stop,
                        on_point=first_then_stop)
    assert front.stopped
    assert [(p.cost, p.waiting) for p in front.points] == [(seen[0].cost, seen[0].waiting)]


def test_a_front_needs_two_points():
    with pytest.raises(ValueError, match="at least 2"):
        paper_front(small_paper(1), 1)
