"""The paper's model exactly as `paper-instance.md` reads it (`solve` dispatches it).

`build_paper_model` writes the printed formulation in CP-SAT: every variable family, all eight
objective terms and all eight constraint families. It is what `method="direct"` solves and what
the reported model size counts. `method="decompose"` (the default) proves the same optimum much
faster by splitting off the parts the printed model leaves independent (see `decomposition`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from hra_tui.solver.instance import Instance
from hra_tui.solver.paper.slot_variables import SlotVariables, slot_grids

# The printed constraint families, in the paper's order; `omit` in `build_paper_model` names them.
Weights = tuple[int, int, int]  # cost, waiting, quality
PRINTED: Weights = (1, 1, 1)

FAMILIES = ("demand", "max_hours", "patients", "resources", "skill", "overtime", "budget",
            "balance")



@dataclass
class PaperModel(SlotVariables):
    """The CP-SAT model and its variables; w[i, j, t] (i < j) is x[i][t] AND x[j][t]."""

    v: list[list[cp_model.IntVar]]
    w: dict[tuple[int, int, int], cp_model.IntVar]


def build_paper_model(inst: Instance, omit: frozenset[str] = frozenset(),
                      minimise: bool = True, weights: Weights = PRINTED) -> PaperModel:
    """The printed model; `omit` drops constraint families (for infeasibility diagnosis);
    `weights` weigh the objective's cost, waiting and quality (`goal_expressions`), the
    printed objective being (1, 1, 1).

    Two readings keep the model linear without changing its optimum or feasible set:
    the product x_it x_jt (i != j) is a binary w equal to their AND, and I[i][j][t] and
    I[j][i][t] share one w; x_it x_it is x_it. The skill rows of one slot all have the same
    left side, so only the largest right side (`Instance.skill_minimum`) is written.
    """
    N, T, P, R = inst.N, inst.T, inst.P, inst.R
    m = cp_model.CpModel()
    x, y, z = slot_grids(m, inst)
    o = [m.new_bool_var(f"o[{i}]") for i in range(N)]
    v = [[m.new_bool_var(f"v[{i}][{p}]") for p in range(P)] for i in range(N)]
    w: dict[tuple[int, int, int], cp_model.IntVar] = {}
    for t in range(T):
        for i in range(N):
            for j in range(i + 1, N):
                b = m.new_bool_var(f"w[{i}][{j}][{t}]")
                m.add_implication(b, x[i][t])
                m.add_implication(b, x[j][t])
                m.add_bool_or([x[i][t].Not(), x[j][t].Not(), b])
                w[i, j, t] = b
    worked = [sum(x[i]) for i in range(N)]
    keep = set(FAMILIES) - set(omit)
    if "demand" in keep:
        for t in range(T):
            m.add(sum(x[i][t] for i in range(N)) == inst.Dt[t])
    if "max_hours" in keep:
        for i in range(N):
            m.add(worked[i] <= inst.H[i])
    if "patients" in keep:
        for p in range(P):
            m.add(sum(y[p]) == 1)
    if "resources" in keep:
        for r in range(R):
            m.add(sum(z[r]) == 1)
    if "skill" in keep:
        for t in range(T):
            least = inst.skill_minimum(t)
            if least is not None:
                m.add(sum(inst.S[i] * x[i][t] for i in range(N)) >= least)
    if "overtime" in keep:
        for i in range(N):
            m.add(o[i] >= worked[i] - inst.H[i])
    if "budget" in keep:
        m.add(sum(inst.W[i][t] * x[i][t] for i in range(N) for t in range(T))
              + sum(inst.O[i] * o[i] for i in range(N))
              + sum(inst.D[r][t] * z[r][t] for r in range(R) for t in range(T)) <= inst.B)
    if "balance" in keep:
        for i in range(N):
            for j in range(N):
                if i != j:
                    m.add_linear_constraint(worked[i] - worked[j], -inst.F[i][j], inst.F[i][j])
    built = PaperModel(m, x, y, z, o, v, w)
    if minimise:
        m.minimize(sum(k * goal for k, goal in zip(weights, goal_expressions(inst, built),
                                                   strict=True)))
    return built


def _cost_and_waiting(inst: Instance, x, y, z, o):
    """Cost (terms 1, 3, 4, 6) and waiting (term 5), of the model's variables as expressions or
    of a 0/1 solution's values as integers alike."""
    N, T, P, R = inst.N, inst.T, inst.P, inst.R
    cost = (sum(inst.W[i][t] * x[i][t] for i in range(N) for t in range(T))
            + sum(inst.C[p][t] * y[p][t] for p in range(P) for t in range(T))
            + sum(inst.D[r][t] * z[r][t] for r in range(R) for t in range(T))
            + sum(inst.O[i] * o[i] for i in range(N)))
    waiting = sum(inst.Pen[p][t] * y[p][t] for p in range(P) for t in range(T))
    return cost, waiting


def goal_expressions(inst: Instance, built: PaperModel):
    """The printed objective in three parts, as expressions: (cost, waiting, quality).

    Cost is money: staff (term 1), patients (3), resources (4) and overtime (6). Waiting is
    the patients' penalty for their slot (5). Quality is what the staff on duty bring: their
    interaction (2), the patient-staff weight (7) and their skill term (8). The three add up
    to the printed objective."""
    N, T, P, K = inst.N, inst.T, inst.P, inst.K
    x, y, z, o, v = built.x, built.y, built.z, built.o, built.v
    cost, waiting = _cost_and_waiting(inst, x, y, z, o)
    quality = (sum((inst.S[i] + inst.I[i][i][t]) * x[i][t] for i in range(N) for t in range(T))
               + sum((inst.I[i][j][t] + inst.I[j][i][t]) * b for (i, j, t), b in built.w.items())
               + sum(inst.U[p] * K * T * v[i][p] for i in range(N) for p in range(P)))
    return cost, waiting, quality


def paper_goals(inst: Instance, x, y, z, o, v) -> tuple[int, int, int]:
    """A 0/1 solution's (cost, waiting, quality), term by term as `goal_expressions` splits
    the printed objective; they add up to `paper_objective`."""
    N, T, P, K = inst.N, inst.T, inst.P, inst.K
    cost, waiting = _cost_and_waiting(inst, x, y, z, o)
    quality = (sum(inst.I[i][j][t] * x[i][t] * x[j][t]
                   for i in range(N) for j in range(N) for t in range(T))
               + sum(inst.U[p] * v[i][p] * K * T for p in range(P) for i in range(N))
               + sum(inst.S[i] * x[i][t] for i in range(N) for t in range(T)))
    return cost, waiting, quality


def paper_objective(inst: Instance, x, y, z, o, v) -> int:
    """The printed objective of a 0/1 solution, term by term as the paper writes it."""
    N, T, P, R, K = inst.N, inst.T, inst.P, inst.R, inst.K
    total = sum(inst.W[i][t] * x[i][t] for i in range(N) for t in range(T))
    total += sum(inst.I[i][j][t] * x[i][t] * x[j][t]
                 for i in range(N) for j in range(N) for t in range(T))
    total += sum(inst.C[p][t] * y[p][t] for p in range(P) for t in range(T))
    total += sum(inst.D[r][t] * z[r][t] for r in range(R) for t in range(T))
    total += sum(inst.Pen[p][t] * y[p][t] for p in range(P) for t in range(T))
    total += sum(inst.O[i] * o[i] for i in range(N))
    total += sum(inst.U[p] * v[i][p] * K * T for p in range(P) for i in range(N))
    total += sum(inst.S[i] * x[i][t] for i in range(N) for t in range(T))
    return total


def cheapest_slot(costs: list[int]) -> int:
    """First slot of least cost: where an unlinked patient or resource goes at an optimum."""
    return min(range(len(costs)), key=costs.__getitem__)
