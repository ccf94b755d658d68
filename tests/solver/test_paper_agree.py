"""Exact means exact: on random small instances the fast method and the printed model agree.

Hypothesis draws instances with budgets at, just below and just above the cheapest spend any
schedule needs, balance and hour limits that bind, and values at the edges of the format
(zeros, negatives, numbers too large for the column LP). Both methods must give the same
status and objective, and every schedule must pass the independent checker. The draws are
derandomised, so a run is the same on every machine; `bench/paper_agree.py` runs thousands.
"""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.paper_checker import objective as checked_objective
from support.paper_checker import violations

from hra_tui.solver.instance import LIMIT, Instance
from hra_tui.solver.paper.generate import generate
from hra_tui.solver.paper.infeasibility import cheapest_spend
from hra_tui.solver.paper.solve import solve_paper
from hra_tui.solver.plan import Status

EDGES = st.sampled_from([0, -1, -10, 10**6 + 1, -(10**6) - 1, LIMIT])


@st.composite
def tight_instances(draw) -> Instance:
    N, T = draw(st.integers(2, 5)), draw(st.integers(2, 4))
    inst = generate(None, draw(st.integers(0, 10**6)), N=N, T=T, P=draw(st.integers(0, 4)),
                    K=draw(st.integers(1, 2)), R=draw(st.integers(0, 3)))
    inst = replace(inst, Dt=[draw(st.integers(1, N - 1)) for _ in range(T)])
    if draw(st.booleans()):  # hours and balance that bind
        inst = replace(inst, H=[draw(st.integers(T // 2 + 1, T)) for _ in range(N)],
                       F=[[draw(st.integers(0, 2)) for _ in range(N)] for _ in range(N)])
    if draw(st.integers(0, 3)) == 0:  # values at the edges of the format
        field = draw(st.sampled_from(["U", "O", "S", "W", "D"]))
        value = draw(EDGES)
        old = getattr(inst, field)
        new = ([value] + old[1:] if not isinstance(old[0], list)
               else [[value] + old[0][1:]] + old[1:]) if old else old
        inst = replace(inst, **{field: new})
    spend = cheapest_spend(inst)
    if spend is not None:
        inst = replace(inst, B=spend + draw(st.sampled_from([-1, 0, 1, 3])))
    return inst


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(tight_instances())
def test_the_fast_method_and_the_printed_model_agree(inst):
    fast = solve_paper(inst, time_limit=60, workers=1)
    plain = solve_paper(inst, time_limit=60, workers=1, method="direct")
    assert plain.status in (Status.OPTIMAL, Status.INFEASIBLE)
    assert (fast.status, fast.objective) == (plain.status, plain.objective)
    for plan in (fast, plain):
        if plan.has_solution:
            data, sol = inst.to_json(), json.loads(json.dumps(plan.solution_json()))
            assert violations(data, sol) == []
            assert checked_objective(data, sol) == plan.objective
        else:
            assert plan.explanation.startswith("infeasible")


def test_without_patients_there_is_no_skill_row_even_for_negative_skills():
    inst = generate(None, 3, N=3, T=2, P=0, K=1, R=1)
    inst = replace(inst, S=[-5, -5, -5], Dt=[1, 1])  # "sum S x >= 0" would forbid every team
    for method in ("decompose", "direct"):
        assert solve_paper(inst, time_limit=30, workers=1, method=method).status == \
            Status.OPTIMAL
