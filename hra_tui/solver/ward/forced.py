"""The rules a plan breaks because the records force it, in words.

The model keeps what the records hold even where it breaks a rule: two shifts both already
rostered or booked are kept however little rest lies between them, held days and hours may
pass the working-time limits, and a slot that started before a re-plan's now is history
whose floors bind no more. The plan adds no breach of its own, but it is not a plan that
keeps every rule, and the clerk is told which rules it breaks and why.

Plain Python over the instance and the plan's 0/1 assignments, like `changes`.
"""

from __future__ import annotations

from hra_tui.solver.plan import Plan
from hra_tui.solver.ward.instance import NURSE, WardInstance
from hra_tui.solver.ward.rules import day_runs, slot_days, too_close, week_windows


def forced_breaches(inst: WardInstance, plan: Plan) -> list[str]:
    """One line per rule the plan breaks where the records leave it no choice."""
    if not plan.has_solution:
        return []
    return [*_rest(inst, plan), *_days_in_a_row(inst, plan), *_week_hours(inst, plan),
            *_clinic_minutes(inst), *_started_slots(inst, plan)]


def _rest(inst: WardInstance, plan: Plan) -> list[str]:
    hours = inst.rules.min_rest / 60
    lines = []
    for t, u in too_close(inst):
        a, b = sorted((t, u), key=lambda k: inst.slot_start[k])
        rest = (inst.slot_start[b] - inst.slot_start[a] - inst.slot_minutes[a]) / 60
        for i in range(inst.N):
            if plan.x[i][t] and plan.x[i][u] and inst.held(i, t) and inst.held(i, u):
                lines.append(f"rest between shifts: {inst.staff_names[i]} works "
                             f"{inst.slot_labels[a]} and {inst.slot_labels[b]} with "
                             f"{max(rest, 0):g} h rest, where the rule asks {hours:g} h "
                             "(the records hold both shifts)")
    return lines


def _days_in_a_row(inst: WardInstance, plan: Plan) -> list[str]:
    limit, days = inst.rules.max_consecutive_days, slot_days(inst) if inst.timed else []
    lines = []
    for i in range(inst.N):
        worked = {days[t] for t in range(inst.T) if plan.x[i][t]}
        for run in day_runs(inst):
            if sum(d in worked for d in run) > limit:
                first = next(t for t in range(inst.T) if days[t] == run[0])
                lines.append(f"days in a row: {inst.staff_names[i]} works "
                             f"{sum(d in worked for d in run)} of the {len(run)} days from "
                             f"{inst.slot_labels[first]}, where the rule allows {limit} (the "
                             "records hold them)")
                break
    return lines


def _week_hours(inst: WardInstance, plan: Plan) -> list[str]:
    limit = inst.rules.max_week_minutes
    lines = []
    for i in range(inst.N):
        for window in week_windows(inst):
            minutes = sum(inst.slot_minutes[t] for t in window if plan.x[i][t])
            if minutes > limit:
                lines.append(f"hours in 7 days: {inst.staff_names[i]} works {minutes / 60:g} h "
                             f"in the 7 days from {inst.slot_labels[window[0]]}, where the "
                             f"rule allows {limit / 60:g} h (the records hold them)")
                break
    return lines


def _clinic_minutes(inst: WardInstance) -> list[str]:
    if not (inst.clinic_minutes and inst.booked_minutes and inst.toggles.patient_cap):
        return []
    return [f"clinic hours: {inst.staff_names[i]} has {inst.booked_minutes[i][t]} minutes of "
            f"visits booked in {inst.slot_labels[t]}, which holds {inst.clinic_minutes[t]} "
            "minutes of clinic hours"
            for i in range(inst.N) for t in range(inst.T)
            if inst.booked_minutes[i][t] > inst.clinic_minutes[t]]


def _started_slots(inst: WardInstance, plan: Plan) -> list[str]:
    """The floors of the slots a re-plan keeps as history, where the records miss them."""
    rules, lines = inst.rules, []
    for t in range(inst.frozen):
        on = [i for i in range(inst.N) if plan.x[i][t]]
        wants = (("staff", inst.Dt[t], sum(inst.headcount(i) for i in on)),
                 ("nurses", rules.min_nurses, sum(inst.role(i) == NURSE for i in on)),
                 ("doctors", rules.min_doctors, sum(inst.serves[i] for i in on)),
                 (f"staff of skill {rules.senior_skill} or more", rules.min_seniors,
                  sum(inst.S[i] >= rules.senior_skill for i in on)))
        for what, least, have in wants:
            if have < least:
                lines.append(f"{inst.slot_labels[t]}, which started before now, has {have} "
                             f"{what} on duty where it needs {least} (the records hold it)")
        if sum(inst.S[i] for i in on) < inst.skill_minimum(t):
            lines.append(f"{inst.slot_labels[t]}, which started before now, has summed skill "
                         f"{sum(inst.S[i] for i in on)} where it needs "
                         f"{inst.skill_minimum(t)} (the records hold it)")
    return lines
