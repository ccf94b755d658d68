"""What a plan changes against the plan in force (`Baseline`), counted as a re-plan prices it,
and the plan in force as a `Plan` to start the search from.

Plain Python over the 0/1 assignments: the services word a plan's changes and the tests check
them without loading the solver.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hra_tui.solver.plan import ModelSize, Plan, Status
from hra_tui.solver.ward.instance import WardInstance


@dataclass
class Changes:
    """What a plan changes against the plan in force, after the frozen slots."""

    off: list[tuple[int, int]] = field(default_factory=list)  # (staff, slot) no longer on duty
    on: list[tuple[int, int]] = field(default_factory=list)  # (staff, slot) newly on duty
    moved: list[int] = field(default_factory=list)  # requests seen in another slot or by another
    dropped: list[int] = field(default_factory=list)  # requests no longer seen in the horizon

    @property
    def shifts(self) -> int:
        return len(self.off) + len(self.on)

    @property
    def visits(self) -> int:
        return len(self.moved) + len(self.dropped)

    @property
    def count(self) -> int:
        return self.shifts + self.visits


def changes(inst: WardInstance, plan: Plan) -> Changes:
    """Every assignment `plan` changes against `inst.baseline`."""
    b = inst.baseline
    found = Changes()
    for i in range(inst.N):
        for t in range(b.frozen, inst.T):
            if plan.x[i][t] != b.on_duty[i][t]:
                (found.on if plan.x[i][t] else found.off).append((i, t))
    for p in range(inst.P):
        if not b.booked(p):
            continue
        t = next((t for t, on in enumerate(plan.y[p]) if on), None)
        if t is None:
            found.dropped.append(p)
        elif t != b.slot[p] or (plan.v and (b.server[p] < 0 or not plan.v[b.server[p]][p])):
            found.moved.append(p)  # (server -1: its staff member left the ward)
    return found


def change_cost(inst: WardInstance, plan: Plan) -> int:
    """What the plan's changes cost on top of the ward objective (0 for a plan)."""
    return changes(inst, plan).count * inst.baseline.change_weight if inst.baseline else 0


def baseline_plan(inst: WardInstance) -> Plan:
    """The plan in force as a `Plan` over the instance (the re-plan's warm start): frozen
    slots as the records hold them, absent staff off, and each booked visit kept where its
    staff member is still on duty. It need not keep every rule (an absence leaves a hole);
    the solver repairs it."""
    b, N, T, P = inst.baseline, inst.N, inst.T, inst.P
    x = [[int(inst.held(i, t)) if t < b.frozen
          else int(inst.held(i, t) or (b.on_duty[i][t] and inst.available(i, t)))
          for t in range(T)] for i in range(N)]
    y = [[0] * T for _ in range(P)]
    v = [[0] * P for _ in range(N)] if inst.toggles.one_server else []
    for p in range(P):
        t, i = b.slot[p], b.server[p]
        if b.booked(p) and (not v or (i >= 0 and x[i][t])):
            y[p][t] = 1
            if v:
                v[i][p] = 1
    z = [[int(inst.resource_load[r][t] > 0 or any(y[p][t] for p in range(P) if inst.uses[p] == r))
          for t in range(T)] for r in range(inst.R)]
    extra = inst.overtime_cap if inst.toggles.overtime else 0
    o = [min(extra, max(0, sum(x[i]) - inst.H[i])) for i in range(N)]
    return Plan(status=Status.FEASIBLE, objective=None, bound=None, gap=None, solutions=0,
                wall_time=0.0, size=ModelSize(0, 0, 0), x=x, y=y, z=z, o=o, v=v)
