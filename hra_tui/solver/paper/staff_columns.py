"""The staff part of the paper's model as one column per slot, and its LP lower bound.

A column is one team for one slot: Dt[t] staff whose skills meet the slot's skill minimum.
Its cost is everything the objective charges for that team (W + S + I_ii per member and
I_ij + I_ji per pair), so the quadratic term becomes linear. Choosing one column per slot,
subject to the per-staff limits (max hours, workload balance) and the budget, is exactly the
staff part. The LP over all columns (a Dantzig-Wolfe bound) is far tighter than linearising
the products, and its reduced costs tell which columns can appear in a better solution.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from hra_tui.solver.instance import Instance

# Above this many teams in all slots together, enumeration costs more than it saves.
MAX_COLUMNS = 3_000_000
_PRICE_PER_ROUND = 10  # columns added per slot per pricing round
_MAX_ROUNDS = 500


@dataclass(frozen=True)
class SlotColumns:
    """Every feasible team of one slot: members [k][Dt] (ascending), objective cost, wages."""

    members: np.ndarray
    cost: np.ndarray
    wage: np.ndarray


@dataclass(frozen=True)
class LpBound:
    """A lower bound on the staff part and each column's (non-negative) reduced cost.

    Any solution that uses teams of reduced costs rc_1..rc_T costs at least value + sum rc_t.
    """

    value: float
    reduced: list[np.ndarray]


def column_count(inst: Instance) -> int:
    """Teams to enumerate before skill filtering: sum over slots of C(N, Dt[t])."""
    return sum(math.comb(inst.N, d) for d in inst.Dt)


def pair_bound(inst: Instance) -> np.ndarray:
    """[N][N] tightest workload difference: |n_i - n_j| <= min(F[i][j], F[j][i])."""
    F = np.array(inst.F, dtype=np.int64).reshape(inst.N, inst.N)
    return np.minimum(F, F.T)


def enumerate_columns(inst: Instance) -> list[SlotColumns]:
    N, T = inst.N, inst.T
    W = np.array(inst.W, dtype=np.int64).reshape(N, T)
    inter = np.array(inst.I, dtype=np.int64).reshape(N, N, T)
    S = np.array(inst.S, dtype=np.int64)
    single = W + S[:, None] + inter[np.arange(N), np.arange(N), :]
    pair = inter + inter.transpose(1, 0, 2)
    slots = []
    for t in range(T):
        k = inst.Dt[t]
        teams = list(itertools.combinations(range(N), k))
        members = np.array(teams, dtype=np.int64).reshape(len(teams), k)
        least = inst.skill_minimum(t)
        if least is not None:
            members = members[S[members].sum(axis=1) >= least]
        cost = single[members, t].sum(axis=1)
        for a in range(k):
            for b in range(a + 1, k):
                cost += pair[members[:, a], members[:, b], t]
        slots.append(SlotColumns(members, cost, W[members, t].sum(axis=1)))
    return slots


def column_lp(inst: Instance, slots: list[SlotColumns], budget: int) -> LpBound | None:
    """Solve the column LP by column generation (pricing = full scan); None if it did not
    settle with every artificial team at zero (which proves nothing about the model).

    Rows: one team per slot; n_i = slots worked by i, 0 <= n_i <= min(H_i, T);
    |n_i - n_j| <= min(F_ij, F_ji); wages of chosen teams <= `budget`.
    """
    N, T = inst.N, inst.T
    G = pair_bound(inst)
    lp = pywraplp.Solver.CreateSolver("GLOP")
    inf = lp.infinity()
    n = [lp.NumVar(0, min(inst.H[i], T), f"n{i}") for i in range(N)]
    one = [lp.Constraint(1, 1) for _ in range(T)]
    link = [lp.Constraint(0, 0) for _ in range(N)]
    wages = lp.Constraint(-inf, budget)
    objective = lp.Objective()
    objective.SetMinimization()
    for i in range(N):
        link[i].SetCoefficient(n[i], -1)
        for j in range(i + 1, N):
            row = lp.Constraint(-float(G[i, j]), float(G[i, j]))
            row.SetCoefficient(n[i], 1)
            row.SetCoefficient(n[j], -1)
    # An artificial team per slot, dearer than any real plan, keeps the LP feasible.
    big = 1.0 + sum(float(s.cost.max()) for s in slots if len(s.cost))
    artificial = [lp.NumVar(0, 1, f"a{t}") for t in range(T)]
    for t in range(T):
        one[t].SetCoefficient(artificial[t], 1)
        objective.SetCoefficient(artificial[t], big)
    used: list[set[int]] = [set() for _ in range(T)]

    def add(t: int, k: int) -> None:
        col = lp.NumVar(0, inf, "")
        one[t].SetCoefficient(col, 1)
        wages.SetCoefficient(col, float(slots[t].wage[k]))
        objective.SetCoefficient(col, float(slots[t].cost[k]))
        for i in slots[t].members[k]:
            link[int(i)].SetCoefficient(col, 1)
        used[t].add(k)

    for _ in range(_MAX_ROUNDS):
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        reduced = _reduced_costs(slots, one, link, wages)
        added = 0
        for t, rc in enumerate(reduced):
            # The most negative columns not yet in the LP: a column already in it can show a
            # slightly negative reduced cost (GLOP's tolerance) and must not crowd out new ones.
            picked = 0
            for k in np.argsort(rc):
                if rc[k] >= -1e-9 or picked == _PRICE_PER_ROUND:
                    break
                if int(k) not in used[t]:
                    add(t, int(k))
                    picked += 1
            added += picked
        if not added:
            break
    if any(a.solution_value() > 1e-6 for a in artificial):
        return None  # not a proof of infeasibility: the caller solves the printed model
    # The Lagrangian form of the bound stays valid even if pricing stopped early.
    lowest = [min(0.0, float(rc.min())) if len(rc) else 0.0 for rc in reduced]
    return LpBound(objective.Value() + sum(lowest),
                   [rc - low for rc, low in zip(reduced, lowest, strict=True)])


def _reduced_costs(slots, one, link, wages) -> list[np.ndarray]:
    pi = np.array([row.dual_value() for row in link])
    beta = wages.dual_value()
    return [s.cost - one[t].dual_value() - pi[s.members].sum(axis=1) - beta * s.wage
            for t, s in enumerate(slots)]
