"""The exact fast path: fix what the printed model leaves free, then solve the staff part by
columns, proving the optimum with the column LP's bound.

Why it is exact (for the printed model of `paper-instance.md`):

* y appears only in objective terms 3 and 5 and in "each patient one slot", so each patient's
  cheapest slot (C + Pen) is optimal whatever else is chosen.
* z appears in term 4, "each resource one slot" and the budget with the same coefficient
  D[r][t]; its cheapest slot lowers both the objective and the budget use, so it is optimal.
* v appears only in term 7 with a positive weight, so v = 0 at every optimum.
* max hours makes the overtime row read o_i >= (negative or zero); o costs O_i > 0 in the
  objective and the budget, so o = 0 at every optimum. (The paper's Table 7 shows overtime
  nonetheless; its printed model cannot produce any.)
* Those shortcuts need signs: v = 0 needs every U >= 0 and o = 0 needs every O >= 0; the
  column LP is solved in floating point, so its numbers must stay small enough to be exact.
  `why_not_decomposable` names the first condition an instance breaks, and `solve_paper`
  then solves the printed model directly.
* What remains is the staff part (`staff_columns`). Its column LP gives a lower bound LB and
  reduced costs rc >= 0; a plan whose teams have reduced costs rc_t costs at least
  LB + sum rc_t. A short "scouting" CP-SAT master over the ~400 teams of least rc finds a
  plan V (and if its optimum is <= LB + its largest rc, that is already the proof). The
  "settling" master then holds every team with rc <= V - LB, plus the valid cut
  sum rc_t <= V - LB, so its optimum is the model's; when it finds a plan that would shrink
  it by a third it restarts smaller. Added rows (band of worked slots, the cut) only remove
  plans that are infeasible or dearer than V.
"""

from __future__ import annotations

import math
import time

import numpy as np
from ortools.sat.python import cp_model

from hra_tui.solver.instance import Instance
from hra_tui.solver.paper.model import cheapest_slot, paper_objective
from hra_tui.solver.paper.staff_columns import (
    MAX_COLUMNS,
    SlotColumns,
    column_count,
    column_lp,
    enumerate_columns,
    pair_bound,
)
from hra_tui.solver.plan import ModelSize, Plan, Progress, Status
from hra_tui.solver.runner import ProgressCallback, StopSignal, relative_gap, run

_EPS = 1e-6  # slack for the LP's floating-point duals; objectives are integers
_SCOUT_COLUMNS = 400  # the scouting master keeps about this many teams of least reduced cost
_SCOUT_S = 1.0  # and runs at most this long
_RESTART_SHARE = 2 / 3  # restart settling when a plan needs this share of the teams or less
_RC_SCALE = 1000  # reduced costs in the master's cut, as integers of 1/1000
_FLOAT_EXACT = 10**6  # largest |number| for which the column LP's duals are trusted


def why_not_decomposable(inst: Instance) -> str | None:
    """The first condition the fast method's shortcuts need that `inst` breaks, or None."""
    if inst.T == 0:
        return "there are no slots to put anyone in"
    if any(u < 0 for u in inst.U):
        return "a patient weight U is negative, so v = 0 is not always optimal"
    if any(o < 0 for o in inst.O):
        return "an overtime weight O is negative, so o = 0 is not always optimal"
    if any(h < 0 for h in inst.H) or any(f < 0 for row in inst.F for f in row) or any(
            not 0 <= d <= inst.N for d in inst.Dt):
        return "a limit (H, F or Dt) is out of range"
    numbers = [inst.B, *inst.S, *inst.O, *inst.U,
               *(v for row in inst.W for v in row), *(v for row in inst.C for v in row),
               *(v for row in inst.D for v in row), *(v for row in inst.Pen for v in row),
               *(v for plane in inst.I for row in plane for v in row)]
    if any(abs(v) > _FLOAT_EXACT for v in numbers):
        return f"a number exceeds {_FLOAT_EXACT:,} in size, beyond the column LP's exactness"
    if column_count(inst) > MAX_COLUMNS:
        return "there are too many teams to enumerate"
    return None


def solve_decomposed(inst: Instance, *, time_limit: float, workers: int, seed: int,
                     on_progress: ProgressCallback | None, stop: StopSignal | None,
                     start: float) -> Plan | None:
    """Solve the paper's model through the staff columns; `start` is the caller's clock.

    None means the columns could not decide (the LP kept an artificial team, which proves
    nothing, or the plan's objective disagrees with the master's): solve it directly.
    """
    patient_slot = [cheapest_slot([c + q for c, q in zip(inst.C[p], inst.Pen[p], strict=True)])
                    for p in range(inst.P)]
    resource_slot = [cheapest_slot(inst.D[r]) for r in range(inst.R)]
    fixed_cost = (sum(inst.C[p][t] + inst.Pen[p][t] for p, t in enumerate(patient_slot))
                  + sum(inst.D[r][t] for r, t in enumerate(resource_slot)))
    staff_budget = inst.B - sum(inst.D[r][t] for r, t in enumerate(resource_slot))
    method = "decompose: cheapest patient and resource slots, o = v = 0, staff teams by columns"
    empty = ModelSize(0, 0, 0)
    deadline = start + time_limit

    slots = enumerate_columns(inst)
    lp = column_lp(inst, slots, staff_budget)
    if lp is None:
        return None
    lower = math.ceil(lp.value - _EPS) + fixed_cost
    events: list[Progress] = []
    state = {"objective": None, "solutions": 0, "bound": float(lower)}

    def emit(objective: float | None, bound: float, solutions: int) -> None:
        event = Progress(wall_time=time.monotonic() - start, objective=objective, bound=bound,
                         gap=relative_gap(objective, bound), solutions=solutions)
        events.append(event)
        if on_progress is not None:
            on_progress(event)

    emit(None, float(lower), 0)
    all_rc = np.concatenate([rc for rc in lp.reduced]) if slots else np.zeros(0)
    order = np.sort(all_rc)
    delta = float(order[min(len(order), _SCOUT_COLUMNS) - 1]) if len(order) else 0.0
    best: list[int] | None = None  # chosen column index per slot
    status = Status.UNKNOWN
    while True:
        # Scouting (no plan yet): a few cheap teams, a short run, to find a plan V.
        # Settling (plan V in hand): every team a plan <= V can use, run to the end.
        settling = state["objective"] is not None
        if settling:
            delta = state["objective"] - fixed_cost - lp.value
        chosen = [np.nonzero(rc <= delta + _EPS)[0] for rc in lp.reduced]
        complete = sum(len(c) for c in chosen) == len(all_rc)
        # Solutions outside this master cost at least `outside`.
        outside = math.inf if complete else math.ceil(lp.value + delta - _EPS) + fixed_cost
        master = _Master(inst, slots, chosen, staff_budget, fixed_cost, best,
                         lp.reduced if settling else None, delta)
        base = state["solutions"]

        def relay(event: Progress, outside=outside, base=base) -> None:
            bound = max(float(lower), min(event.bound, outside))
            obj = event.objective
            if state["objective"] is not None and (obj is None or state["objective"] < obj):
                obj = state["objective"]
            emit(obj, bound, base + event.solutions)

        kept = sum(len(c) for c in chosen)

        def much_better(event: Progress, kept=kept) -> bool:
            # A plan that would shrink the settling master by a third is worth a restart.
            if event.objective is None:
                return False
            limit = event.objective - fixed_cost - lp.value + _EPS
            return np.searchsorted(order, limit, side="right") < _RESTART_SHARE * kept

        remaining = deadline - time.monotonic()
        res = run(master.model, time_limit=remaining if settling else min(remaining, _SCOUT_S),
                  workers=workers, seed=seed, on_progress=relay, stop=stop,
                  stop_when=much_better if settling else None)
        state["solutions"] = base + res.solutions
        if res.has_solution and (state["objective"] is None
                                 or res.objective < state["objective"]):
            state["objective"] = res.objective
            best = master.selection(res)
        if res.bound is not None:
            state["bound"] = max(state["bound"], min(res.bound, outside))
        out_of_time = (stop is not None and stop.requested) or time.monotonic() >= deadline
        if res.status == Status.OPTIMAL and res.objective <= outside:
            status = Status.OPTIMAL
            state["bound"] = res.objective
            break
        if res.status == Status.INFEASIBLE and complete:
            status = Status.INFEASIBLE
            break
        if out_of_time or (settling and res.status != Status.FEASIBLE):
            status = Status.FEASIBLE if best is not None else Status.UNKNOWN
            break
        if best is None:  # the scouting master was too narrow: widen it
            delta = 2 * delta + 1
    plan = Plan(status=status, objective=None, bound=state["bound"], gap=None,
                solutions=state["solutions"], wall_time=time.monotonic() - start, size=empty,
                progress=events, method=method)
    if status == Status.INFEASIBLE:
        plan.bound = None
        return plan
    if best is not None:
        _fill(plan, inst, slots, best, patient_slot, resource_slot)
        if abs(plan.objective - state["objective"]) > 0.5:
            return None
        plan.gap = relative_gap(plan.objective, plan.bound)
        emit(plan.objective, plan.bound, plan.solutions)
    if status != Status.OPTIMAL:
        plan.explanation = ("stopped on request" if stop is not None and stop.requested
                            else "time limit reached") + "; the plan is the best found so far"
    return plan


def _fill(plan: Plan, inst: Instance, slots: list[SlotColumns], best: list[int],
          patient_slot: list[int], resource_slot: list[int]) -> None:
    plan.x = [[0] * inst.T for _ in range(inst.N)]
    for t, k in enumerate(best):
        for i in slots[t].members[k]:
            plan.x[int(i)][t] = 1
    plan.y = [[int(t == s) for t in range(inst.T)] for s in patient_slot]
    plan.z = [[int(t == s) for t in range(inst.T)] for s in resource_slot]
    plan.o = [0] * inst.N
    plan.v = [[0] * inst.P for _ in range(inst.N)]
    plan.objective = paper_objective(inst, plan.x, plan.y, plan.z, plan.o, plan.v)


class _Master:
    """CP-SAT over the kept teams: one team per slot, max hours, balance, budget."""

    def __init__(self, inst: Instance, slots: list[SlotColumns], chosen: list[np.ndarray],
                 budget: int, fixed_cost: int, hint: list[int] | None,
                 reduced: list[np.ndarray] | None, delta: float) -> None:
        """With `reduced`, add the cut sum of the teams' reduced costs <= delta: it keeps
        every plan of staff cost <= LB + delta, the only ones the settling master needs."""
        N, T = inst.N, inst.T
        m = cp_model.CpModel()
        self.model = m
        self.chosen = chosen
        self.use: list[list[cp_model.IntVar]] = []
        member_of: list[list[cp_model.IntVar]] = [[] for _ in range(N)]
        cost, wage, cut = [], [], []
        for t in range(T):
            row = []
            for k in chosen[t]:
                b = m.new_bool_var(f"team[{t}][{k}]")
                row.append(b)
                cost.append(int(slots[t].cost[k]) * b)
                wage.append(int(slots[t].wage[k]) * b)
                if reduced is not None:
                    cut.append(math.floor(reduced[t][k] * _RC_SCALE) * b)
                for i in slots[t].members[k]:
                    member_of[int(i)].append(b)
                if hint is not None:
                    m.add_hint(b, int(k == hint[t]))
            m.add_exactly_one(row)
            self.use.append(row)
        # n_i = slots worked; its domain holds max hours.
        worked = [m.new_int_var(0, min(inst.H[i], T), f"n[{i}]") for i in range(N)]
        for i in range(N):
            m.add(worked[i] == sum(member_of[i]))
        G = pair_bound(inst)
        for i in range(N):
            for j in range(i + 1, N):
                if G[i, j] < T:
                    m.add_linear_constraint(worked[i] - worked[j], -int(G[i, j]), int(G[i, j]))
        # Redundant band: every n_i lies within the largest pair bound of the smallest n.
        widest = int(G[~np.eye(N, dtype=bool)].max(initial=0))
        if N > 1 and widest < T:
            low = m.new_int_var(0, T, "band_low")
            for i in range(N):
                m.add(worked[i] >= low)
                m.add(worked[i] <= low + widest)
        if sum(int(slots[t].wage[chosen[t]].max(initial=0)) for t in range(T)) > budget:
            m.add(sum(wage) <= budget)
        if cut:
            m.add(sum(cut) <= math.ceil(delta * _RC_SCALE) + 1)
        m.minimize(sum(cost) + fixed_cost)

    def selection(self, res) -> list[int]:
        picks = []
        for t, row in enumerate(self.use):
            picks.append(int(next(k for k, b in zip(self.chosen[t], row, strict=True)
                                  if res.value(b))))
        return picks
