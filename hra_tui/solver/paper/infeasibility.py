"""Say in words which constraint family makes an instance infeasible.

Each family of the printed model is dropped in turn; a family whose removal makes the rest
feasible is a cause. For the budget, the message also gives the least budget any schedule
needs, so the user sees by how much B falls short.
"""

from __future__ import annotations

from hra_tui.solver.instance import Instance
from hra_tui.solver.paper.model import FAMILIES, build_paper_model
from hra_tui.solver.plan import Status
from hra_tui.solver.runner import run

_NAMES = {
    "demand": "staff demand (constraint 1: exactly Dt[t] staff in slot t)",
    "max_hours": "maximum working hours (constraint 2: at most H[i] slots per staff member)",
    "patients": "patient scheduling (constraint 3: each patient in exactly one slot)",
    "resources": "resource allocation (constraint 4: each resource in exactly one slot)",
    "skill": "skill level (constraint 5: enough summed skill S in every slot)",
    "overtime": "overtime (constraint 6)",
    "budget": "the budget (constraint 7: staff wages + overtime + resource costs <= B)",
    "balance": "workload balance (constraint 8: |slots of i - slots of j| <= F[i][j])",
}


def explain_infeasible(inst: Instance, *, workers: int = 2, seed: int = 0,
                       time_limit: float = 10.0) -> str:
    """One or two sentences naming the constraint family (or families) at fault."""
    short = [t for t in range(inst.T) if inst.Dt[t] > inst.N]
    if short:
        return (f"infeasible because of {_NAMES['demand']}: slot {short[0]} needs "
                f"{inst.Dt[short[0]]} staff but there are only {inst.N}")
    culprits, unknown = [], []
    for family in FAMILIES:
        built = build_paper_model(inst, omit=frozenset({family}), minimise=False)
        status = run(built.model, time_limit=time_limit, workers=workers, seed=seed).status
        if status in (Status.OPTIMAL, Status.FEASIBLE):
            culprits.append(family)
        elif status == Status.UNKNOWN:
            unknown.append(family)
    if not culprits:
        tail = (f" (not settled in time without: {', '.join(unknown)})" if unknown else "")
        return ("infeasible: no single constraint family is to blame; dropping any one of "
                f"them still leaves no schedule{tail}")
    culprits.sort(key=_PRIORITY.index)
    text = f"infeasible because of {_NAMES[culprits[0]]}"
    if culprits[0] == "budget":
        text += _budget_shortfall(inst, workers, seed, time_limit)
    else:
        text += ": without it a schedule exists"
    if culprits[1:]:
        text += ("; dropping " + " or ".join(_SHORT[f] for f in culprits[1:])
                 + " instead would also leave a schedule")
    return text


# Which cause to name first: the limits a planner sets before the rules of the ward.
_PRIORITY = ("budget", "skill", "max_hours", "balance", "demand", "overtime", "patients",
             "resources")
_SHORT = {family: text.split(" (")[0] for family, text in _NAMES.items()}


def _least_spend(inst: Instance, workers: int, seed: int, time_limit: float):
    """CP-SAT's least budget-row total over schedules meeting every other constraint."""
    built = build_paper_model(inst, omit=frozenset({"budget"}), minimise=False)
    N, T, R = inst.N, inst.T, inst.R
    built.model.minimize(sum(inst.W[i][t] * built.x[i][t] for i in range(N) for t in range(T))
                         + sum(inst.O[i] * built.o[i] for i in range(N))
                         + sum(inst.D[r][t] * built.z[r][t] for r in range(R) for t in range(T)))
    return run(built.model, time_limit=time_limit, workers=workers, seed=seed)


def cheapest_spend(inst: Instance, *, workers: int = 1, seed: int = 0,
                   time_limit: float = 30.0) -> int | None:
    """The least budget B any schedule meeting every other constraint needs (None: no such
    schedule, or not proven in time); where a budget is tightest, the tests and benches set it."""
    res = _least_spend(inst, workers, seed, time_limit)
    return round(res.objective) if res.status == Status.OPTIMAL else None


def _budget_shortfall(inst: Instance, workers: int, seed: int, time_limit: float) -> str:
    res = _least_spend(inst, workers, seed, time_limit)
    if res.status == Status.OPTIMAL:
        return (f": B = {inst.B}, but the cheapest schedule meeting every other constraint "
                f"needs {res.objective:.0f}")
    if res.bound is not None:
        return (f": B = {inst.B}, but every schedule meeting the other constraints needs at "
                f"least {res.bound:.0f}")
    return f": B = {inst.B} is too small"
