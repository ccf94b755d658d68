"""The simple plan: the fewest staff each slot needs, every request deferred.

It is what a ward could always fall back on, so the solver starts from it (a hint) and returns
it when time runs out before anything better is found; "no plan found" then only happens when
even this roster breaks a rule (a budget or balance it cannot meet), which the solver reports.
"""

from __future__ import annotations

from hra_tui.solver.plan import ModelSize, Plan, Status
from hra_tui.solver.ward_instance import WardInstance


def simple_plan(inst: WardInstance) -> Plan | None:
    """Slot by slot: keep who is rostered or booked, then add staff until demand and the
    skill floor are met (the least worked first, then the cheapest); None if that roster
    breaks a rule."""
    N, T, P, R = inst.N, inst.T, inst.P, inst.R
    tg = inst.toggles
    limit = [inst.H[i] + (inst.overtime_cap if tg.overtime else 0) for i in range(N)]
    fair = any(min(inst.F[i][j], inst.F[j][i]) < T for i in range(N) for j in range(i + 1, N))
    worked = [0] * N
    x = [[0] * T for _ in range(N)]
    for t in range(T):
        on = {i for i in range(N)
              if inst.on_duty[i][t] or (tg.patient_cap and inst.booked[i][t])}
        held = sum(inst.booked[i][t] for i in range(N))

        def short(on=on, held=held, t=t) -> bool:
            skill = sum(inst.S[i] for i in on)
            room = (tg.patient_cap and not tg.one_server
                    and inst.patients_per_staff * len(on) < held)
            return len(on) < inst.Dt[t] or skill < inst.skill_minimum(t) or room

        while short():
            free = [i for i in range(N) if i not in on and worked[i] < limit[i]]
            if not free:
                return None
            if len(on) >= inst.Dt[t]:  # skill is short: the most skilled, then cheapest
                pick = min(free, key=lambda i, t=t: (-inst.S[i], inst.W[i][t], i))
            elif fair:
                pick = min(free, key=lambda i, t=t: (worked[i], inst.W[i][t], -inst.S[i], i))
            else:
                pick = min(free, key=lambda i, t=t: (inst.W[i][t], worked[i], -inst.S[i], i))
            on.add(pick)
        for i in on:
            x[i][t] = 1
            worked[i] += 1
    o = [max(0, worked[i] - inst.H[i]) for i in range(N)]
    z = [[int(inst.resource_load[r][t] > 0) for t in range(T)] for r in range(R)]
    plan = Plan(status=Status.FEASIBLE, objective=None, bound=None, gap=None, solutions=1,
                wall_time=0.0, size=ModelSize(0, 0, 0), x=x, y=[[0] * T for _ in range(P)],
                z=z, o=o, v=[[0] * P for _ in range(N)])
    return plan if _keeps_limits(inst, plan, worked, limit) else None


def _keeps_limits(inst: WardInstance, plan: Plan, worked: list[int], limit: list[int]) -> bool:
    """The rules the greedy roster does not build in: slots, caps, budget and balance."""
    N, T = inst.N, inst.T
    if any(worked[i] > limit[i] for i in range(N)):
        return False
    cap = inst.patients_per_staff
    if inst.toggles.patient_cap and any(inst.booked[i][t] > cap * plan.x[i][t]
                                        for i in range(N) for t in range(T)):
        return False
    if any(inst.resource_load[r][t] > inst.resource_capacity
           for r in range(inst.R) for t in range(T)):
        return False
    spend = (sum(inst.W[i][t] * plan.x[i][t] for i in range(N) for t in range(T))
             + sum(inst.O[i] * plan.o[i] for i in range(N))
             + sum(inst.D[r][t] * plan.z[r][t] for r in range(inst.R) for t in range(T)))
    if spend > inst.B:
        return False
    return all(abs(worked[i] - worked[j]) <= min(inst.F[i][j], inst.F[j][i])
               for i in range(N) for j in range(i + 1, N))
