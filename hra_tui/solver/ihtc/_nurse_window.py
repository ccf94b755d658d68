"""Re-plan the nurses of a few shifts exactly, with CP-SAT, the patients held.

Nurse moves in the annealing change one room-shift, or one room over a run of shifts; the
best rosters balance skill (S2), the patients' count of distinct nurses (S3) and each
nurse's load (S4) over all the rooms of a shift at once. `replan_nurses` chooses the nurse of
every occupied room-shift in a window of shifts as one model: S2 is fixed per room-shift and
nurse, S4 is each nurse-shift's load above its maximum (every load of a shift in the window
is decided there), S3 counts per person the nurses met in the window that they do not meet
outside it. The roster as it stands is the hint.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from hra_tui.solver.ihtc._cpsat import solve_model
from hra_tui.solver.ihtc._reference import ChangeCosts
from hra_tui.solver.ihtc._roster import Roster


def replan_nurses(roster: Roster, shifts: range, seconds: float, wall: float, seed: int = 0,
                  stop: Callable[[], bool] | None = None,
                  changes: ChangeCosts | None = None) -> dict[int, int] | None:
    """The best nurse of each occupied room-shift in `shifts` (room-shift -> nurse), the
    patients and the other shifts held; searched as `solve_model` says. `changes`, in a
    re-plan, prices a nurse other than the plan in force's. None when no solution was
    found in time."""
    S = roster.shifts
    rooms = len(roster.p.rooms)
    m = cp_model.CpModel()
    objective: list = []
    pick: dict[tuple[int, int], cp_model.IntVar] = {}  # (room-shift, nurse)
    loads: dict[int, list] = defaultdict(list)  # nurse-shift -> [(var, load)]
    met: dict[tuple[int, int], list] = defaultdict(list)  # (person, nurse) -> [var]
    for s in shifts:
        working = roster.working[s]
        for r in range(rooms):
            rs = r * S + s
            if not roster.people[rs] or not working:
                continue
            choice = []
            for n in working:
                v = m.new_bool_var("")
                pick[rs, n] = v
                choice.append(v)
                objective.append(roster.w_skill * roster.lack(rs, n) * v)
                if changes is not None:
                    objective.append(changes.room_shift(rs, n) * v)
                if roster.rs_load[rs]:
                    loads[n * S + s].append((v, roster.rs_load[rs]))
                for k in roster.people[rs]:
                    met[k, n].append(v)
            m.add_exactly_one(choice)
    for x_ns, terms in loads.items():
        over = m.new_int_var(0, sum(c for _v, c in terms), "")
        m.add(over >= sum(v * c for v, c in terms) - roster.load_max[x_ns])
        objective.append(roster.w_load * over)
    # Whom each person meets in the window now: a nurse they also meet outside it is no
    # new name for S3 wherever the window puts them.
    now: dict[tuple[int, int], int] = defaultdict(int)
    for rs in {rs for rs, _n in pick}:
        for k in roster.people[rs]:
            now[k, roster.assign[rs]] += 1
    for (k, n), vs in met.items():
        if roster.cont[k].get(n, 0) > now[k, n]:
            continue
        seen = m.new_bool_var("")
        for v in vs:
            m.add_implication(v, seen)
        objective.append(roster.w_cont * seen)
    m.minimize(sum(objective))
    for (rs, n), v in pick.items():
        m.add_hint(v, roster.assign[rs] == n)
    solver = solve_model(m, seconds, wall, seed, stop)
    if solver is None:
        return None
    return {rs: n for (rs, n), v in pick.items() if solver.boolean_value(v)}

