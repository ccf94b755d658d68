"""What-if sweeps (`solver.sweep`): values from FROM to TO, a point per value with its status,
a stop keeping the values solved, and the ward's parameters changing what they say."""

from __future__ import annotations

import pytest

from hra_tui.solver.paper.generate import generate
from hra_tui.solver.paper.sweep import paper_sweep
from hra_tui.solver.signals import StopSignal
from hra_tui.solver.sweep import SweepPoint, run_sweep, steps
from hra_tui.solver.ward.generate import generated_ward
from hra_tui.solver.ward.model import solve_ward
from hra_tui.solver.ward.sweep import changed, role_staff, ward_sweep


def test_steps_run_from_first_to_last_evenly():
    assert steps(1, 2, 5) == [1, 1.25, 1.5, 1.75, 2]
    with pytest.raises(ValueError):
        steps(1, 2, 1)


def test_a_stopped_sweep_keeps_the_values_solved_before_the_stop():
    stop = StopSignal()
    solved = []

    def solve_at(value, _seconds, _progress, _stop):
        solved.append(value)
        if len(solved) == 2:
            stop.stop()
        return SweepPoint(value, "proven", value, 1, 2, 3, 0.0, 0.0)

    sweep = run_sweep("x", steps(0, 9, 10), solve_at, stop=stop)
    assert sweep.stopped and [p.value for p in sweep.points] == [0, 1]
    assert sweep.asked == 10


def test_a_paper_sweep_of_the_penalty_trades_waiting_for_cost():
    inst = generate(None, 4, N=6, T=3, P=5, K=1, R=2)
    sweep = paper_sweep(inst, "penalty", 0, 3, 4, time_limit=60, workers=1)
    assert [p.status for p in sweep.points] == ["proven"] * 4
    assert sweep.points[0].waiting == 0  # a penalty of nothing counts nothing
    for p in sweep.points:
        assert p.objective == p.cost + p.waiting + p.quality
    # a dearer wait never buys a cheaper plan: patients move to dearer, quicker slots
    costs = [p.cost for p in sweep.points]
    assert costs == sorted(costs)


def test_a_roles_staff_beyond_the_count_work_no_new_shift():
    inst = generated_ward(12, 8, 3, seed=1)
    nurses = role_staff(inst, "nurse")
    keep = len(nurses) - 2
    fewer = changed(inst, "staff", keep, role="nurse")
    plan = solve_ward(fewer, time_limit=30)
    assert plan.has_solution
    for i in nurses[keep:]:
        assert all(not plan.x[i][t] or inst.held(i, t) for t in range(inst.T))


def test_a_ward_sweep_of_the_cap_never_worsens_the_optimum_as_it_rises():
    inst = generated_ward(8, 6, 3, seed=0)
    sweep = ward_sweep(inst, "patients-per-staff", 1, 4, 4, time_limit=60)
    solved = [p for p in sweep.points if p.status == "proven"]
    assert len(solved) >= 3
    objectives = [p.objective for p in solved]
    assert objectives == sorted(objectives, reverse=True)
