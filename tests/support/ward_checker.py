"""An independent checker of ward-model plans: every rule recomputed from the instance and the
0/1 assignments, written apart from the model, so a plan the solver calls sound is proved so."""

from __future__ import annotations

from hra_tui.solver.plan import Plan
from hra_tui.solver.ward_instance import WardInstance


def check_plan(inst: WardInstance, plan: Plan) -> list[str]:
    """Every broken rule of `plan`, recomputed from the instance and the 0/1 assignments."""
    N, T, P, R = inst.N, inst.T, inst.P, inst.R
    x, y, z, o, v = plan.x, plan.y, plan.z, plan.o, plan.v
    tg = inst.toggles
    bad: list[str] = []
    slot = {}
    for p in range(P):
        taken = [t for t in range(T) if y[p][t]]
        if len(taken) > 1:
            bad.append(f"request {p} in {len(taken)} slots")
        if taken:
            slot[p] = taken[0]
            if taken[0] < inst.earliest[p]:
                bad.append(f"request {p} before its earliest slot")
    for t in range(T):
        on = [i for i in range(N) if x[i][t]]
        if len(on) < inst.Dt[t]:
            bad.append(f"slot {t}: {len(on)} on duty, demand {inst.Dt[t]}")
        if sum(inst.S[i] for i in on) < inst.skill_floor[t]:
            bad.append(f"slot {t}: skill floor")
        patients = [p for p, s in slot.items() if s == t]
        if tg.patient_cap and not tg.one_server:
            held = sum(inst.booked[i][t] for i in range(N))
            if len(patients) + held > inst.patients_per_staff * len(on):
                bad.append(f"slot {t}: {len(patients)} patients for {len(on)} staff")
    for i in range(N):
        for t in range(T):
            if inst.on_duty[i][t] and not x[i][t]:
                bad.append(f"staff {i} dropped from a rostered slot {t}")
        worked = sum(x[i])
        if o[i] < 0 or o[i] > (inst.overtime_cap if tg.overtime else 0):
            bad.append(f"staff {i}: overtime {o[i]} out of range")
        if worked > inst.H[i] + o[i]:
            bad.append(f"staff {i}: works {worked} > H {inst.H[i]} + overtime {o[i]}")
        for j in range(N):
            if i != j and abs(worked - sum(x[j])) > inst.F[i][j]:
                bad.append(f"staff {i} and {j}: balance")
    for p in range(P):
        servers = [i for i in range(N) if v[i][p]]
        if not tg.one_server:
            continue
        if p not in slot:
            if servers:
                bad.append(f"unscheduled request {p} has a server")
            continue
        if len(servers) != 1:
            bad.append(f"request {p} has {len(servers)} servers")
            continue
        i = servers[0]
        if not x[i][slot[p]]:
            bad.append(f"request {p} served by staff {i} who is off duty")
        if not inst.serves[i]:
            bad.append(f"request {p} served by staff {i} who does not see patients")
        if inst.S[i] < inst.need[p]:
            bad.append(f"request {p} served by staff {i} of too little skill")
    if tg.one_server and tg.patient_cap:
        for i in range(N):
            for t in range(T):
                seen = sum(1 for p, s in slot.items() if s == t and v[i][p])
                if seen + inst.booked[i][t] > inst.patients_per_staff * x[i][t]:
                    bad.append(f"staff {i} sees {seen} patients in slot {t}")
    for r in range(R):
        for t in range(T):
            users = [p for p, s in slot.items() if s == t and inst.uses[p] == r]
            if users and not z[r][t]:
                bad.append(f"resource {r} used in slot {t} but not allocated")
            if len(users) + inst.resource_load[r][t] > inst.resource_capacity:
                bad.append(f"resource {r} over capacity in slot {t}")
    spent = (sum(inst.W[i][t] * x[i][t] for i in range(N) for t in range(T))
             + sum(inst.O[i] * o[i] for i in range(N))
             + sum(inst.D[r][t] * z[r][t] for r in range(R) for t in range(T)))
    if spent > inst.B:
        bad.append(f"budget: {spent} > {inst.B}")
    if plan.objective is not None and recompute_objective(inst, plan) != round(plan.objective):
        bad.append(f"objective {plan.objective} != {recompute_objective(inst, plan)}")
    return bad


def recompute_objective(inst: WardInstance, plan: Plan) -> int:
    N, T, P, R = inst.N, inst.T, inst.P, inst.R
    x, y, z, o, v = plan.x, plan.y, plan.z, plan.o, plan.v
    cost = sum(inst.W[i][t] * x[i][t] for i in range(N) for t in range(T))
    cost += sum(inst.O[i] * o[i] for i in range(N))
    cost += sum(inst.D[r][t] * z[r][t] for r in range(R) for t in range(T))
    cost += sum(inst.C[p][t] * y[p][t] for p in range(P) for t in range(T))
    cost += sum(max(inst.C[p]) for p in range(P) if not any(y[p]))
    waiting = 0
    for p in range(P):
        taken = [t for t in range(T) if y[p][t]]
        waiting += inst.U[p] * (taken[0] - inst.earliest[p] + 1) if taken else inst.defer[p]
    quality = sum(inst.I[i][j][t] * x[i][t] * x[j][t]
                  for i in range(N) for j in range(N) for t in range(T))
    if inst.toggles.one_server:
        quality += sum(inst.U[p] * (5 - inst.S[i]) for i in range(N) for p in range(P) if v[i][p])
        quality += sum(inst.U[p] * 4 for p in range(P) if not any(y[p]))
    else:
        quality += sum((5 - inst.S[i]) * x[i][t] for i in range(N) for t in range(T))
    w = inst.weights
    return w.cost * cost + w.waiting * waiting + w.quality * quality
