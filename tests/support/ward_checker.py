"""An independent checker of ward-model plans: every rule recomputed from the instance and the
0/1 assignments (shift rules and role mix included), written apart from the model, so a plan
the solver calls sound is proved so.

A re-plan's frozen slots (started before its now) are history: whoever the records hold is on
duty there and nobody else, and their floors (demand, skill, role mix) are not checked."""

from __future__ import annotations

from hra_tui.solver.plan import Plan
from hra_tui.solver.ward.instance import WardInstance


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
    frozen = inst.baseline.frozen if inst.baseline else 0
    for i in range(N):
        for t in range(T):
            held = inst.on_duty[i][t] or (tg.patient_cap and inst.booked[i][t])
            if t < frozen and x[i][t] != bool(held):
                bad.append(f"staff {i}: slot {t} started before now, changed")
    for p, t in slot.items():
        if t < frozen:
            bad.append(f"request {p} in slot {t}, which started before now")
    for t in range(frozen, T):
        on = [i for i in range(N) if x[i][t]]
        counted = [i for i in on if not inst.roles or inst.roles[i] != "technologist"]
        if len(counted) < inst.Dt[t]:
            bad.append(f"slot {t}: {len(counted)} on duty, demand {inst.Dt[t]}")
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
            if inst.unavailable and inst.unavailable[i][t] and x[i][t]:
                bad.append(f"staff {i} on duty in slot {t} while absent")
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
                if inst.clinic_minutes:  # visits inside the slot's clinic hours
                    held = min(inst.booked_minutes[i][t] if inst.booked_minutes else 0,
                               inst.clinic_minutes[t])
                    busy = sum(inst.duration[p] for p, s in slot.items() if s == t and v[i][p])
                    if busy and busy + held > inst.clinic_minutes[t]:
                        bad.append(f"staff {i}: {busy} minutes of visits in slot {t}")
    for r in range(R):
        for t in range(T):
            users = [p for p, s in slot.items() if s == t and inst.uses[p] == r]
            if users and not z[r][t]:
                bad.append(f"resource {r} used in slot {t} but not allocated")
            if inst.closed and inst.closed[r][t] and (users or z[r][t]):
                bad.append(f"resource {r} in use in slot {t} while closed")
            if len(users) + inst.resource_load[r][t] > inst.resource_capacity:
                bad.append(f"resource {r} over capacity in slot {t}")
    bad += check_shift_rules(inst, plan)
    for p in range(P):
        if inst.due and inst.due[p] >= 0 and not (p in slot and slot[p] <= inst.due[p]):
            bad.append(f"request {p} must be served by slot {inst.due[p]}")
    spent = (sum(inst.W[i][t] * x[i][t] for i in range(N) for t in range(T))
             + sum(inst.O[i] * o[i] for i in range(N))
             + sum(inst.D[r][t] * z[r][t] for r in range(R) for t in range(T)))
    if spent > inst.B:
        bad.append(f"budget: {spent} > {inst.B}")
    if plan.objective is not None and recompute_objective(inst, plan) != round(plan.objective):
        bad.append(f"objective {plan.objective} != {recompute_objective(inst, plan)}")
    return bad


def check_shift_rules(inst: WardInstance, plan: Plan) -> list[str]:
    """Rest, days in a row, hours in 7 days and the role mix, from the slots' times."""
    rules, N, T, x = inst.rules, inst.N, inst.T, plan.x
    bad: list[str] = []
    for t in range(inst.baseline.frozen if inst.baseline else 0, T):
        on = [i for i in range(N) if x[i][t]]
        nurses = sum(inst.roles[i] == "nurse" for i in on) if inst.roles else 0
        if rules.min_nurses and nurses < rules.min_nurses:
            bad.append(f"slot {t}: {nurses} nurses")
        if rules.min_doctors and sum(inst.serves[i] for i in on) < rules.min_doctors:
            bad.append(f"slot {t}: too few doctors")
        if rules.min_seniors and sum(inst.S[i] >= rules.senior_skill for i in on) < \
                rules.min_seniors:
            bad.append(f"slot {t}: too few senior staff")
    if not inst.slot_start:
        return bad
    start, length = inst.slot_start, inst.slot_minutes
    for i in range(N):
        shifts = sorted((start[t], start[t] + length[t], t) for t in range(T) if x[i][t])
        for a in range(len(shifts)):
            for b in range(a + 1, len(shifts)):
                (_s1, e1, t1), (s2, _e2, t2) = shifts[a], shifts[b]
                held = all(inst.on_duty[i][k] or (inst.toggles.patient_cap and inst.booked[i][k])
                           for k in (t1, t2))
                if rules.min_rest and s2 - e1 < rules.min_rest and not held:
                    bad.append(f"staff {i}: {(s2 - e1) / 60:g} h rest between slots {t1}, {t2}")
        kept = [t for t in range(T) if inst.on_duty[i][t]
                or (inst.toggles.patient_cap and inst.booked[i][t])]
        days = {s // 1440 for s, _e, _t in shifts}
        held_days = {start[t] // 1440 for t in kept}
        limit = rules.max_consecutive_days
        for first in range(min(start) // 1440, max(start) // 1440 - limit + 1):
            run = range(first, first + limit + 1)  # limit + 1 days: one must be off
            worked = sum(d in days for d in run)
            if limit and worked > max(limit, sum(d in held_days for d in run)):
                bad.append(f"staff {i}: {worked} days in a row from day {first}")
        for first in range(min(start) // 1440, max(start) // 1440 + 1):
            minutes = sum(e - s for s, e, _t in shifts if first <= s // 1440 < first + 7)
            held = sum(length[t] for t in kept if first <= start[t] // 1440 < first + 7)
            if rules.max_week_minutes and minutes > max(rules.max_week_minutes, held):
                bad.append(f"staff {i}: {minutes / 60:g} h in the 7 days from day {first}")
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
    changed = count_changes(inst, plan) * inst.baseline.change_weight if inst.baseline else 0
    return w.cost * cost + w.waiting * waiting + w.quality * quality + changed


def count_changes(inst: WardInstance, plan: Plan) -> int:
    """A re-plan's changes against the plan in force after its frozen slots: each staff
    member on or off a slot, each booked visit in another slot, with another staff member,
    or no longer seen."""
    b = inst.baseline
    shifts = sum(plan.x[i][t] != b.on_duty[i][t] for i in range(inst.N)
                 for t in range(b.frozen, inst.T))
    visits = 0
    for p in range(inst.P):
        if b.slot[p] < b.frozen:  # the plan in force did not book it (or it is history)
            continue
        if not plan.y[p][b.slot[p]]:
            visits += 1
        elif inst.toggles.one_server and not (b.server[p] >= 0 and plan.v[b.server[p]][p]):
            visits += 1
    return shifts + visits
