"""The re-plan's rules in the CP-SAT ward model: frozen slots stay as the records hold them,
and every change against the plan in force is priced (absent staff are kept off by
`unavailable`, in every plan).

`build_ward_model` calls `add_replan_rules` once; an instance with no baseline gets nothing
from it, so a plain plan's model is unchanged.

Pricing a visit needs to know who sees it, which the model does not decide per person (it
counts requests per class, slot and skill level, `aggregate`). So each visit the plan in force
booked gets one Boolean `keep[p]`: it stays in its slot with its staff member. A kept visit
needs that person on duty, counts towards its class's count at that slot and level, and fits
that person's own room (patients and clinic minutes); `expand` then gives kept visits to their
staff member before dealing out the rest. Every visit not kept costs one change, so at the
optimum the price is exactly the number of visits moved or cancelled.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from hra_tui.solver.plan import Plan
from hra_tui.solver.ward.aggregate import RequestClass
from hra_tui.solver.ward.instance import WardInstance
from hra_tui.solver.ward.rules import DAY
from hra_tui.solver.ward.variables import WardModel


def add_replan_rules(ward: WardModel, inst: WardInstance) -> cp_model.LinearExprT:
    """Frozen slots and, for a re-plan that prices them, its changes (the visits it may keep
    in `ward.keep`); returns what the changes cost, for the objective."""
    m, x = ward.model, ward.x
    for i in range(inst.N):
        for t in range(inst.frozen):  # history: exactly who the records hold there
            m.add(x[i][t] == int(inst.held(i, t)))
    for (_c, t, _s), n in ward.count.items():
        if t < inst.frozen:
            m.add(n == 0)
    b = inst.baseline
    if b is None or not b.change_weight:
        return 0
    shifts = sum(x[i][t] if not b.on_duty[i][t] else 1 - x[i][t]
                 for i in range(inst.N) for t in range(b.frozen, inst.T))
    ward.keep = _keep_visits(m, inst, x, ward.count, ward.classes)
    return b.change_weight * (shifts + sum(1 - k for k in ward.keep.values()))


def _keep_visits(m: cp_model.CpModel, inst: WardInstance, x, count: dict,
                 classes: list[RequestClass]) -> dict[int, cp_model.IntVar]:
    b, tg = inst.baseline, inst.toggles
    class_of = {p: c for c, group in enumerate(classes) for p in group.members}
    keep: dict[int, cp_model.IntVar] = {}
    at_count: dict[tuple, list] = {}
    at_staff: dict[tuple[int, int], list[int]] = {}
    for p in range(inst.P):
        if not b.booked(p):
            continue
        t, i = b.slot[p], b.server[p]
        keep[p] = k = m.new_bool_var(f"keep[{p}]")
        key = (class_of[p], t, inst.S[i] if tg.one_server and i >= 0 else None)
        able = not tg.one_server or (i >= 0 and inst.serves[i] and inst.S[i] >= inst.need[p])
        if key not in count or not able:  # its slot or staff member can no longer serve it
            m.add(k == 0)
            continue
        at_count.setdefault(key, []).append(k)
        if tg.one_server:
            m.add_implication(k, x[i][t])
            at_staff.setdefault((i, t), []).append(p)
    for key, kept in at_count.items():
        m.add(sum(kept) <= count[key])
    if tg.one_server and tg.patient_cap:
        for (i, t), requests in at_staff.items():
            m.add(sum(keep[p] for p in requests) + inst.booked[i][t] <= inst.patients_per_staff)
            if inst.clinic_minutes:
                m.add(sum(inst.minutes(p) * keep[p] for p in requests) <= inst.minutes_room(i, t))
    return keep


def event_window(inst: WardInstance) -> list[int]:
    """The slots a re-plan repairs first at a hospital's size: those where the plan in force
    no longer holds (an absent person's shift or visit) and a day either side, where
    someone may be moved to cover them (rest and days in a row reach that far)."""
    b = inst.baseline
    hit = {t for t in range(b.frozen, inst.T) for i in range(inst.N)
           if b.on_duty[i][t] and not inst.available(i, t)}
    if inst.timed:
        return [u for u in range(b.frozen, inst.T)
                if any(abs(inst.slot_start[u] - inst.slot_start[t]) <= DAY for t in hit)]
    return [u for u in range(b.frozen, inst.T) if any(abs(u - t) <= 3 for t in hit)]


def keep_hints(keep: dict[int, cp_model.IntVar], start: Plan, inst: WardInstance) -> dict:
    """Each keep variable's value in `start`, by variable index (for the warm start)."""
    b = inst.baseline
    return {var.index: int(start.y[p][b.slot[p]] and (
        not start.v or (b.server[p] >= 0 and start.v[b.server[p]][p]))) for p, var in keep.items()}


def kept_visits(keep: dict[int, cp_model.IntVar],
                value: Callable[[cp_model.IntVar], int],
                inst: WardInstance) -> dict[int, tuple[int, int]]:
    """Request -> (slot, staff member) of each visit the solution keeps, for `expand`."""
    b = inst.baseline
    return {p: (b.slot[p], b.server[p]) for p, var in keep.items() if value(var)}
