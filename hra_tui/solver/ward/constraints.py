"""The ward model's rules, one function each, named for the rule: `RULES` maps each name to its
function, in the order `build_ward_model` applies them, so a caller switches a rule off by its
name (the infeasibility explanation re-solves with some off to find the one at fault).

A rule adds its constraints to a `WardModel` (variables.py) and reads the instance; a rule whose
setting or toggle is off adds nothing. What the records already hold (shifts rostered, patients
booked) is kept even where it breaks a shift rule: the plan may not undo it.
"""

from __future__ import annotations

from collections.abc import Callable

from hra_tui.solver.ward.instance import NURSE, WardInstance
from hra_tui.solver.ward.rules import day_runs, slot_days, too_close, week_windows
from hra_tui.solver.ward.variables import WardModel

Rule = Callable[[WardModel, WardInstance], None]


def keep_rostered_shifts(ward: WardModel, inst: WardInstance) -> None:
    """Staff the records already roster in a slot stay on duty there."""
    for i in range(inst.N):
        for t in range(inst.T):
            if inst.on_duty[i][t]:
                ward.model.add(ward.x[i][t] == 1)


def max_slots_per_staff(ward: WardModel, inst: WardInstance) -> None:
    """Each staff member works at most H slots, plus the overtime slots the plan pays for."""
    for i in range(inst.N):
        ward.model.add(sum(ward.x[i]) <= inst.H[i] + ward.o[i])


def cover_demand(ward: WardModel, inst: WardInstance) -> None:
    """At least Dt staff on duty in every slot: a floor, so more may come when patients need
    them; roles that are not ward headcount (technologists) do not count. A slot a re-plan
    keeps as history (`inst.frozen`) asks nothing more, here and in every floor below."""
    for t in range(inst.frozen, inst.T):
        ward.model.add(sum(ward.x[i][t] for i in range(inst.N) if inst.headcount(i))
                       >= inst.Dt[t])


def skill_floor(ward: WardModel, inst: WardInstance) -> None:
    """The summed skill of the staff on duty reaches the slot's floor."""
    for t in range(inst.frozen, inst.T):
        ward.model.add(sum(inst.S[i] * ward.x[i][t] for i in range(inst.N))
                       >= inst.skill_minimum(t))


def min_rest_between_shifts(ward: WardModel, inst: WardInstance) -> None:
    """No one works two slots that overlap or leave less than the minimum rest between them,
    unless the records already hold both."""
    for t, u in too_close(inst):
        for i in range(inst.N):
            if not (inst.held(i, t) and inst.held(i, u)):
                ward.model.add_bool_or([ward.x[i][t].Not(), ward.x[i][u].Not()])


def max_days_in_a_row(ward: WardModel, inst: WardInstance) -> None:
    """At most max_consecutive_days calendar days with a shift in any run of one day more;
    days the records already hold may exceed it, the plan may not add to them."""
    runs = day_runs(inst)
    if not runs:
        return
    m, days = ward.model, slot_days(inst)
    for i in range(inst.N):
        for d in sorted(set(days)):
            for t in range(inst.T):
                if days[t] == d:
                    m.add_implication(ward.x[i][t], ward.on_day[i, d])
        held_days = {days[t] for t in range(inst.T) if inst.held(i, t)}
        for run in runs:
            m.add(sum(ward.on_day[i, d] for d in run if (i, d) in ward.on_day)
                  <= max(inst.rules.max_consecutive_days, sum(d in held_days for d in run)))


def max_hours_in_7_days(ward: WardModel, inst: WardInstance) -> None:
    """At most max_week_minutes on duty in any 7 days, or what the records already hold there."""
    for window in week_windows(inst):
        for i in range(inst.N):
            held = sum(inst.slot_minutes[t] for t in window if inst.held(i, t))
            ward.model.add(sum(inst.slot_minutes[t] * ward.x[i][t] for t in window)
                           <= max(inst.rules.max_week_minutes, held))


def _at_least_in_every_slot(ward: WardModel, inst: WardInstance, staff: list[int],
                            least: int) -> None:
    """At least `least` of `staff` on duty in every slot (none asked: no rows)."""
    if least:
        for t in range(inst.frozen, inst.T):
            ward.model.add(sum(ward.x[i][t] for i in staff) >= least)


def min_nurses(ward: WardModel, inst: WardInstance) -> None:
    """The ward's fewest nurses on duty in every slot."""
    _at_least_in_every_slot(ward, inst, [i for i in range(inst.N) if inst.role(i) == NURSE],
                            inst.rules.min_nurses)


def min_doctors(ward: WardModel, inst: WardInstance) -> None:
    """The ward's fewest staff who see patients on duty in every slot."""
    _at_least_in_every_slot(ward, inst, [i for i in range(inst.N) if inst.serves[i]],
                            inst.rules.min_doctors)


def min_seniors(ward: WardModel, inst: WardInstance) -> None:
    """The ward's fewest senior staff on duty in every slot: counted, not summed, so five
    juniors never stand in for one senior."""
    _at_least_in_every_slot(ward, inst,
                            [i for i in range(inst.N) if inst.S[i] >= inst.rules.senior_skill],
                            inst.rules.min_seniors)


def each_request_once(ward: WardModel, _inst: WardInstance) -> None:
    """A request is seen in one slot at most; the rest of its class waits past the horizon
    at the deferral penalty."""
    for c, group in enumerate(ward.classes):
        ward.model.add(ward.served(c) <= group.size)


def must_serve_by_due(ward: WardModel, inst: WardInstance) -> None:
    """A request with a due slot is seen by then, whatever it costs."""
    for c, group in enumerate(ward.classes):
        due = inst.due_slot(group.rep)
        if due >= 0:
            ward.model.add(sum(n for t, n in ward.by_class[c] if t <= due) == group.size)


def _resource_use(ward: WardModel, inst: WardInstance, r: int) -> tuple[list, bool]:
    """(requests seen using resource r in each slot, whether any request could use it)."""
    users = [c for c, group in enumerate(ward.classes) if inst.uses[group.rep] == r]
    return [sum(n for c in users for n in ward.by_slot.get((c, t), []))
            for t in range(inst.T)], bool(users)


def resource_capacity(ward: WardModel, inst: WardInstance) -> None:
    """Requests using a resource in a slot, with the bookings it already holds there, stay
    within its capacity."""
    for r in range(inst.R):
        used, _any = _resource_use(ward, inst, r)
        for t in range(inst.T):
            ward.model.add(used[t] + inst.resource_load[r][t] <= inst.resource_capacity)


def resource_in_use(ward: WardModel, inst: WardInstance) -> None:
    """A resource is in use (and paid for) in a slot where a request uses it or a booking
    holds it, and never where no request could use it; at most its capacity uses it."""
    m = ward.model
    for r in range(inst.R):
        used, any_users = _resource_use(ward, inst, r)
        for t in range(inst.T):
            m.add(used[t] <= inst.resource_capacity * ward.z[r][t])
            if inst.resource_load[r][t]:
                m.add(ward.z[r][t] == 1)
            elif not any_users:
                m.add(ward.z[r][t] == 0)


def _serving_groups(ward: WardModel, inst: WardInstance) -> list[tuple[int | None, list[int]]]:
    """The staff who share the patients of one count: each skill level with the one-server
    rule, else everyone on duty."""
    if inst.toggles.one_server:
        return list(ward.levels.items())
    return [(None, list(range(inst.N)))]


def _seen(ward: WardModel, t: int, s: int | None):
    return sum(n for _c, n in ward.by_level.get((t, s), []))


def patients_per_staff(ward: WardModel, inst: WardInstance) -> None:
    """(a) The staff on duty see at most patients_per_staff patients each in a slot, those
    already booked counted: else the printed model puts everyone in the cheapest slot."""
    if not inst.toggles.patient_cap:
        return
    cap = inst.patients_per_staff
    for t in range(inst.T):
        for s, staff in _serving_groups(ward, inst):
            ward.model.add(_seen(ward, t, s) + sum(ward.booked[i][t] for i in staff)
                           <= cap * sum(ward.x[i][t] for i in staff))


def seen_by_staff_on_duty(ward: WardModel, inst: WardInstance) -> None:
    """(b) Without the cap, a request seen at a skill level still needs someone of that level
    on duty (with the cap, `patients_per_staff` says so)."""
    if not inst.toggles.one_server or inst.toggles.patient_cap:
        return
    for t in range(inst.T):
        for s, staff in ward.levels.items():
            ward.model.add(_seen(ward, t, s) <= inst.P * sum(ward.x[i][t] for i in staff))


def visits_within_clinic_hours(ward: WardModel, inst: WardInstance) -> None:
    """With the cap and slots that carry clinic hours, the visits of a slot fit in the clinic
    minutes its staff on duty have left after their bookings."""
    if not (inst.toggles.patient_cap and inst.clinic_minutes):
        return
    for t in range(inst.T):
        for s, staff in _serving_groups(ward, inst):
            ward.model.add(sum(inst.minutes(ward.classes[c].rep) * n
                               for c, n in ward.by_level.get((t, s), []))
                           <= sum(inst.minutes_room(i, t) * ward.x[i][t] for i in staff))


def keep_booked_patients(ward: WardModel, inst: WardInstance) -> None:
    """A doctor with patients already booked in a slot stays on duty there, with room for
    them. Switched off, the bookings count against no cap either (`WardModel.booked`)."""
    if not (inst.toggles.one_server and inst.toggles.patient_cap):
        return
    for t in range(inst.T):
        for i in range(inst.N):
            if ward.booked[i][t]:
                ward.model.add(ward.booked[i][t] <= inst.patients_per_staff * ward.x[i][t])


def spend(inst: WardInstance, x, o, z):
    """What the budget B limits: staff wages, overtime and resource costs."""
    N, T = inst.N, inst.T
    return (sum(inst.W[i][t] * x[i][t] for i in range(N) for t in range(T))
            + sum(inst.O[i] * o[i] for i in range(N))
            + sum(inst.D[r][t] * z[r][t] for r in range(inst.R) for t in range(T)))


def within_budget(ward: WardModel, inst: WardInstance) -> None:
    """Wages, overtime and resource costs stay within the budget B."""
    ward.model.add(spend(inst, ward.x, ward.o, ward.z) <= inst.B)


def balanced_pairs(inst: WardInstance) -> list[tuple[int, int, int]]:
    """(i, j, F) for each pair of staff whose difference in slots worked is limited."""
    return [(i, j, min(inst.F[i][j], inst.F[j][i])) for i in range(inst.N)
            for j in range(i + 1, inst.N) if min(inst.F[i][j], inst.F[j][i]) < inst.T]


def balanced_workload(ward: WardModel, inst: WardInstance) -> None:
    """|worked_i - worked_j| <= F for each balanced pair. When every balanced pair among a
    set of staff has one limit (the ward's setting), that is max - min <= F over the set: two
    bounds per person instead of one row per pair, kept in `ward.worked_range`."""
    m = ward.model
    worked = [sum(row) for row in ward.x]
    pairs = balanced_pairs(inst)
    members = sorted({k for i, j, _f in pairs for k in (i, j)})
    limits = {f for _i, _j, f in pairs}
    if len(limits) == 1 and len(pairs) == len(members) * (len(members) - 1) // 2:
        low = m.new_int_var(0, inst.T, "fewest_worked")
        high = m.new_int_var(0, inst.T, "most_worked")
        for k in members:
            m.add(low <= worked[k])
            m.add(worked[k] <= high)
        m.add(high - low <= limits.pop())
        ward.worked_range = low, high
        return
    for i, j, limit in pairs:
        m.add_linear_constraint(worked[i] - worked[j], -limit, limit)


def staff_pairs(ward: WardModel, inst: WardInstance) -> None:
    """`ward.together[i, j, t]` is 1 when both of a weighted pair are on duty in slot t, so
    the quality goal counts the pair's weight (positive: they work badly together)."""
    for i in range(inst.N):
        for j in range(i + 1, inst.N):
            if not (any(inst.I[i][j]) or any(inst.I[j][i])):
                continue
            for t in range(inst.T):
                if inst.I[i][j][t] or inst.I[j][i][t]:
                    b = ward.model.new_bool_var(f"together[{i}][{j}][{t}]")
                    ward.model.add_multiplication_equality(b, [ward.x[i][t], ward.x[j][t]])
                    ward.together[i, j, t] = b


RULES: dict[str, Rule] = {rule.__name__: rule for rule in (
    keep_rostered_shifts, max_slots_per_staff, cover_demand, skill_floor,
    min_rest_between_shifts, max_days_in_a_row, max_hours_in_7_days,
    min_nurses, min_doctors, min_seniors,
    each_request_once, must_serve_by_due, resource_capacity, resource_in_use,
    patients_per_staff, seen_by_staff_on_duty, visits_within_clinic_hours, keep_booked_patients,
    within_budget, balanced_workload, staff_pairs,
)}
