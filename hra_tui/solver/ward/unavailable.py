"""Who and what the records make unavailable in a slot: a staff member absent over it is off
duty, and a resource closed over it is out of use, so no request that needs it is served
there. Hard in every ward plan and never relaxed by `explain_infeasible`: they are facts of
the day, not limits a planner sets. (The simple plan keeps them too: `simple.py`.)"""

from __future__ import annotations

from ortools.sat.python import cp_model

from hra_tui.solver.ward.instance import WardInstance


def add_unavailable(m: cp_model.CpModel, inst: WardInstance, x, z) -> None:
    """x[i][t] = 0 where staff member i is absent, z[r][t] = 0 where resource r is closed."""
    for i in range(inst.N):
        for t in range(inst.T):
            if inst.absent(i, t):
                m.add(x[i][t] == 0)
    for r in range(inst.R):
        for t in range(inst.T):
            if inst.shut(r, t):
                m.add(z[r][t] == 0)
