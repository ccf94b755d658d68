"""The simple plan: the fewest staff each slot needs, and the patients those on duty have room
for, most urgent first (those that must be served before anyone).

It is what a ward could always fall back on, so the solver starts from it (a hint) and returns
it when time runs out before anything better is found; "no plan found" then only happens when
even this roster breaks a rule (a budget or balance it cannot meet), which the solver reports.
Like the model, it puts nobody on duty in a slot their absence overlaps and serves no request
with a resource closed over its slot.
"""

from __future__ import annotations

from hra_tui.solver.plan import ModelSize, Plan, Status
from hra_tui.solver.ward.instance import NURSE, WardInstance
from hra_tui.solver.ward.rules import day_runs, slot_days, too_close, week_windows


class _Roster:
    """The roster being built, and whether one more shift keeps a person within the rules."""

    def __init__(self, inst: WardInstance) -> None:
        self.inst = inst
        N, T = inst.N, inst.T
        extra = inst.overtime_cap if inst.toggles.overtime else 0
        self.limit = [inst.H[i] + extra for i in range(N)]
        self.x = [[0] * T for _ in range(N)]
        self.worked = [0] * N
        self.close: dict[int, set[int]] = {}
        for t, u in too_close(inst):
            self.close.setdefault(t, set()).add(u)
            self.close.setdefault(u, set()).add(t)
        self.days = slot_days(inst) if inst.timed else []
        self.runs = day_runs(inst)
        self.windows = [set(window) for window in week_windows(inst)]
        self.on_days: list[set[int]] = [set() for _ in range(N)]
        self.minutes = {(i, k): 0 for i in range(N) for k in range(len(self.windows))}

    def put(self, i: int, t: int) -> None:
        if not self.x[i][t]:
            self.x[i][t] = 1
            self.worked[i] += 1
            if self.days:
                self.on_days[i].add(self.days[t])
            for k, window in enumerate(self.windows):
                if t in window:
                    self.minutes[i, k] += self.inst.slot_minutes[t]

    def may(self, i: int, t: int) -> bool:
        inst, x = self.inst, self.x
        if x[i][t] or self.worked[i] >= self.limit[i] or inst.absent(i, t):
            return False
        if any(x[i][u] for u in self.close.get(t, ())):
            return False
        if self.runs:  # the plan adds no shift beyond a limit; held ones are kept as they are
            worked_days = self.on_days[i] | {self.days[t]}
            if any(sum(d in worked_days for d in run) > inst.rules.max_consecutive_days
                   for run in self.runs if self.days[t] in run):
                return False
        for k, window in enumerate(self.windows):
            if t in window and (self.minutes[i, k] + inst.slot_minutes[t]
                                > inst.rules.max_week_minutes):
                return False
        return True


def _SKILL(_i: int) -> bool:  # noqa: N802  (a marker: anyone adds skill; the most skilled first)
    return True


def _needs(inst: WardInstance, on: set[int], t: int) -> list:
    """What slot t still lacks, as tests of who would help, most specific first; the summed
    skill floor comes last, as `_SKILL`."""
    rules, N = inst.rules, inst.N
    wants = []
    if rules.min_nurses and sum(inst.role(i) == NURSE for i in on) < rules.min_nurses:
        wants.append(lambda i: inst.role(i) == NURSE)
    if rules.min_doctors and sum(inst.serves[i] for i in on) < rules.min_doctors:
        wants.append(lambda i: inst.serves[i])
    if rules.min_seniors and sum(inst.S[i] >= rules.senior_skill for i in on) < rules.min_seniors:
        wants.append(lambda i: inst.S[i] >= rules.senior_skill)
    if sum(inst.headcount(i) for i in on) < inst.Dt[t]:
        wants.append(inst.headcount)
    if sum(inst.S[i] for i in on) < inst.skill_minimum(t):
        wants.append(_SKILL)
    held = sum(inst.booked[i][t] for i in range(N))
    tg = inst.toggles
    if tg.patient_cap and not tg.one_server and inst.patients_per_staff * len(on) < held:
        wants.append(lambda i: True)
    return wants


def _visits_per_doctor(inst: WardInstance, t: int) -> int:
    """About how many waiting patients one doctor on duty in slot t can see."""
    if not inst.toggles.patient_cap:
        return inst.P
    if not inst.clinic_minutes:
        return inst.patients_per_staff
    typical = max(1, sum(inst.minutes(p) for p in range(inst.P)) // max(1, inst.P))
    return min(inst.patients_per_staff, inst.clinic_minutes[t] // typical)


def simple_plan(inst: WardInstance) -> Plan | None:
    """Slot by slot in time order: keep who is rostered or booked, then add staff until
    demand, the role mix and the skill floor are met (the least worked first, then the
    cheapest; doctors first while patients wait for them); even out the workload where a
    balance is set; then serve the requests that must be served. None if that breaks a
    rule."""
    N, T, P, R = inst.N, inst.T, inst.P, inst.R
    tg = inst.toggles
    roster = _Roster(inst)
    fair = any(min(inst.F[i][j], inst.F[j][i]) < T for i in range(N) for j in range(i + 1, N))
    order = sorted(range(T), key=lambda t: inst.slot_start[t]) if inst.timed else range(T)
    for t in order:
        for i in range(N):
            if inst.on_duty[i][t] or (tg.patient_cap and inst.booked[i][t]):
                roster.put(i, t)
    pending = sorted(inst.earliest[p] for p in range(P))  # requests by the slot they may start
    covered = 0
    for t in order:
        on = {i for i in range(N) if roster.x[i][t]}
        per_doctor = _visits_per_doctor(inst, t)
        waiting = sum(1 for e in pending if e <= t) - covered
        while wants := _needs(inst, on, t):
            free = [i for i in range(N) if wants[0](i) and roster.may(i, t)]
            if not free:
                return None
            doctors = sum(inst.serves[i] for i in on) * per_doctor
            seeing = [i for i in free if inst.serves[i]] if doctors < waiting else []
            if wants[0] == inst.headcount and seeing:  # demand filled by doctors while
                free = seeing  # patients wait for them: the wage buys earlier visits
                key = lambda i, t=t: (-inst.S[i], roster.worked[i], inst.W[i][t], i)  # noqa: E731
            elif wants[0] is _SKILL:
                key = lambda i, t=t: (-inst.S[i], inst.W[i][t], i)  # noqa: E731
            else:  # spread the shifts, so the hours rules leave someone for the last slots
                key = lambda i, t=t: (roster.worked[i], inst.W[i][t], -inst.S[i], i)  # noqa: E731
            pick = min(free, key=key)
            roster.put(pick, t)
            on.add(pick)
        covered += min(waiting, sum(inst.serves[i] for i in on) * per_doctor)
    if fair:
        _even_out(inst, roster)
    y = [[0] * T for _ in range(P)]
    v = [[0] * P for _ in range(N)]
    z = [[int(inst.resource_load[r][t] > 0) for t in range(T)] for r in range(R)]
    if not _serve_due(inst, roster, y, v, z):
        return None
    o = [max(0, roster.worked[i] - inst.H[i]) for i in range(N)]
    plan = Plan(status=Status.FEASIBLE, objective=None, bound=None, gap=None, solutions=1,
                wall_time=0.0, size=ModelSize(0, 0, 0), x=roster.x, y=y, z=z, o=o, v=v)
    if not _keeps_limits(inst, plan):
        return None
    _serve_where_room(inst, plan)
    return plan


def _spend(inst: WardInstance, plan: Plan) -> int:
    N, T = inst.N, inst.T
    return (sum(inst.W[i][t] * plan.x[i][t] for i in range(N) for t in range(T))
            + sum(inst.O[i] * plan.o[i] for i in range(N))
            + sum(inst.D[r][t] * plan.z[r][t] for r in range(inst.R) for t in range(T)))


def _serve_where_room(inst: WardInstance, plan: Plan) -> None:
    """Most urgent first, serve each waiting request where it scores best among the slots and
    skill levels with room left (doctors on duty below the cap, the resource free), if that
    scores better than deferring it. The roster does not change."""
    N, T, P = inst.N, inst.T, inst.P
    tg, w = inst.toggles, inst.weights
    cap = inst.patients_per_staff if tg.patient_cap else P + 1
    timed = bool(inst.clinic_minutes) and tg.patient_cap
    room: dict[tuple[int, int | None], list[int]] = {}  # (slot, level) -> doctors with room
    seen, left = {}, {}
    for t in range(T):
        for i in range(N):
            if plan.x[i][t] and (inst.serves[i] or not tg.one_server):
                mine = [p for p in range(P) if plan.y[p][t] and (not plan.v or plan.v[i][p])]
                seen[i, t] = inst.booked[i][t] + len(mine)
                left[i, t] = (inst.minutes_room(i, t) - sum(inst.minutes(p) for p in mine)
                              if timed else 0)
                if seen[i, t] < cap:
                    room.setdefault((t, inst.S[i] if tg.one_server else None), []).append(i)

    def doctor(t: int, level: int | None, p: int) -> int | None:
        need = inst.minutes(p) if timed else 0
        return next((i for i in room.get((t, level), []) if left[i, t] >= need), None)

    used = {(r, t): inst.resource_load[r][t] + sum(plan.y[p][t] for p in range(P)
                                                   if inst.uses[p] == r)
            for r in range(inst.R) for t in range(T)}
    budget_left = inst.B - _spend(inst, plan)
    for p in sorted(range(P), key=lambda p: (-inst.U[p], p)):
        if any(plan.y[p]):
            continue
        r = inst.uses[p]
        skip = (w.cost * max(inst.C[p], default=0) + w.waiting * inst.defer[p]
                + (w.quality * inst.U[p] * 4 if tg.one_server else 0))
        best = None
        for t in range(inst.earliest[p], T):
            if r >= 0 and (used[r, t] >= inst.resource_capacity or inst.shut(r, t)):
                continue
            new_z = r >= 0 and not plan.z[r][t]
            if new_z and inst.D[r][t] > budget_left:
                continue
            for level in ([s for s in range(inst.need[p], 6)] if tg.one_server else [None]):
                if doctor(t, level, p) is None:
                    continue
                gap = inst.U[p] * (5 - level) if level is not None else 0
                score = (w.cost * (inst.C[p][t] + (inst.D[r][t] if new_z else 0))
                         + w.waiting * inst.Pen[p][t] + w.quality * gap)
                if score < skip and (best is None or score < best[0]):
                    best = (score, t, level)
        if best is None:
            continue
        _score, t, level = best
        i = doctor(t, level, p)
        plan.y[p][t] = 1
        if tg.one_server:
            plan.v[i][p] = 1
        seen[i, t] += 1
        left[i, t] -= inst.minutes(p) if timed else 0
        if seen[i, t] >= cap:
            room[t, level].remove(i)
        if r >= 0:
            used[r, t] += 1
            if not plan.z[r][t]:
                plan.z[r][t] = 1
                budget_left -= inst.D[r][t]


def _even_out(inst: WardInstance, roster: _Roster) -> None:
    """Give the least worked of the balanced staff more shifts (where the rules allow, the
    cheapest slot first) until the most and least worked are within the tightest balance."""
    N, T = inst.N, inst.T
    limits = {(i, j): min(inst.F[i][j], inst.F[j][i]) for i in range(N) for j in range(N)
              if i != j and min(inst.F[i][j], inst.F[j][i]) < T}
    members = sorted({i for i, _j in limits})
    tightest = min(limits.values())
    while True:
        low = min(members, key=lambda i: (roster.worked[i], i))
        if max(roster.worked[i] for i in members) - roster.worked[low] <= tightest:
            return
        slots = [t for t in range(T) if roster.may(low, t)]
        if not slots:
            return
        roster.put(low, min(slots, key=lambda t: (inst.W[low][t], t)))


def _serve_due(inst: WardInstance, roster: _Roster, y, v, z) -> bool:
    """Serve each request that must be, earliest due first, with a doctor already on duty
    where one has room, else one more doctor on duty; False if a request finds no place."""
    N, T = inst.N, inst.T
    tg = inst.toggles
    cap = inst.patients_per_staff if tg.patient_cap else inst.P + 1
    seen = {(i, t): inst.booked[i][t] for i in range(N) for t in range(T)}
    timed = bool(inst.clinic_minutes) and tg.patient_cap
    left = {(i, t): inst.minutes_room(i, t) if timed else 0 for i in range(N) for t in range(T)}
    used = {(r, t): inst.resource_load[r][t] for r in range(inst.R) for t in range(T)}
    due = sorted((p for p in range(inst.P) if inst.due_slot(p) >= 0), key=inst.due_slot)
    for p in due:
        r = inst.uses[p]
        slots = [t for t in range(inst.earliest[p], inst.due_slot(p) + 1)
                 if r < 0 or (used[r, t] < inst.resource_capacity and not inst.shut(r, t))]
        able = [i for i in range(N) if inst.serves[i] and inst.S[i] >= inst.need[p]]
        if not tg.one_server:
            able = list(range(N))
        need = inst.minutes(p) if timed else 0
        place = next(((i, t) for t in slots for i in able
                      if roster.x[i][t] and seen[i, t] < cap and left[i, t] >= need), None)
        if place is None:
            place = next(((i, t) for t in slots for i in able
                          if roster.may(i, t) and left[i, t] >= need), None)
            if place is None:
                return False
            roster.put(*place)
        i, t = place
        seen[i, t] += 1
        left[i, t] -= need
        y[p][t] = 1
        if tg.one_server:
            v[i][p] = 1
        if r >= 0:
            used[r, t] += 1
            z[r][t] = 1
    if tg.patient_cap and not tg.one_server:
        return all(sum(y[p][t] for p in range(inst.P)) + sum(inst.booked[i][t] for i in range(N))
                   <= cap * sum(roster.x[i][t] for i in range(N)) for t in range(T))
    return True


def _keeps_limits(inst: WardInstance, plan: Plan) -> bool:
    """The rules the greedy roster does not build in: slots, caps, budget and balance."""
    N, T = inst.N, inst.T
    extra = inst.overtime_cap if inst.toggles.overtime else 0
    worked = [sum(row) for row in plan.x]
    if any(worked[i] > inst.H[i] + extra for i in range(N)):
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
