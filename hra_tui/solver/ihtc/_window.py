"""Re-plan the admissions of a few days exactly, with CP-SAT, everyone else and the nurses held.

The annealing moves one or two patients at a time; what it reaches slowly is the joint
packing of surgeons' minutes, beds and room genders that the best plans have. `replan` frees
the patients admitted on a window of days (and the ones left out who could come then) and
solves their days, rooms and theatres inside that window as one CP-SAT model priced on the
whole cost: S1 (age spread per room-day), S2 and S3 (fixed per place, since the nurses are
held), S4 (each nurse-shift's load above its maximum), S5, S6, S7 and S8. The model is built
on the tallies of the plan with the freed patients taken out, so every hard rule against the
held patients is a bound on a sum, and the plan as it was is a solution (given as the hint).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from ortools.sat.python import cp_model

from hra_tui.solver.ihtc._cpsat import solve_model
from hra_tui.solver.ihtc._reference import ChangeCosts
from hra_tui.solver.ihtc._roster import Roster
from hra_tui.solver.ihtc._wards import Wards

Place = tuple[int, int, int]


def nurse_cost(roster: Roster, i: int, day: int, room: int) -> int:
    """Patient i's S2 and S3 if admitted on `day` to `room` under the roster as it stands."""
    spd, shifts = roster.spd, roster.shifts
    first = day * spd
    base = room * shifts + first
    sk, assign, level = roster.skill[i], roster.assign, roster.level
    lack = 0
    nurses = set()
    for j in range(min(len(sk), shifts - first)):
        n = assign[base + j]
        if n < 0:
            continue
        if sk[j] > level[n]:
            lack += sk[j] - level[n]
        nurses.add(n)
    return roster.w_skill * lack + roster.w_cont * len(nurses)


def replan(w: Wards, roster: Roster, free: dict[int, Sequence[int]], rooms: Iterable[int],
           hint: dict[int, Place | None], seconds: float, wall: float, seed: int = 0,
           room_choices: int | None = None, stop: Callable[[], bool] | None = None,
           changes: ChangeCosts | None = None) -> dict[int, Place | None] | None:
    """The best places (None: home) of the `free` patients, who must be out of `w` and
    `roster`, each admitted on one of its days (`free[i]`) to one of `rooms` or not at all;
    `hint` is where they were.

    Searched as `solve_model` says. `room_choices` caps the rooms tried per patient and day
    (a random sample, the patient's own room kept). `changes`, in a re-plan, adds each
    patient's own changes to the plan in force (not the nurses' room-shifts a patient is
    first into or last out of: the caller's exact price decides whether the window is
    kept). None when no solution was found in time."""
    p = w.p
    D, spd, shifts = w.days, roster.spd, roster.shifts
    m = cp_model.CpModel()
    objective: list = []
    x: dict[tuple[int, int, int], cp_model.IntVar] = {}  # (patient, day, room)
    z: dict[tuple[int, int, int], cp_model.IntVar] = {}  # (patient, day, theatre)
    cover: dict[int, list] = defaultdict(list)  # room-day -> [(var, patient)]
    th_use: dict[int, list] = defaultdict(list)  # theatre-day -> [(var, minutes)]
    sg_use: dict[int, list] = defaultdict(list)  # surgeon-day -> [(var, theatre, minutes)]
    loads: dict[int, list] = defaultdict(list)  # nurse-shift -> [(var, workload)]
    rooms = sorted(rooms)
    rng = random.Random(seed)
    for i, days in free.items():
        q = p.patients[i]
        dur, los = q.surgery_duration, q.length_of_stay
        chosen = []
        for d in days:
            if not q.release_day <= d <= min(p.last_admission_day(q), D - 1):
                continue
            sd = q.surgeon * D + d
            if w.surgeon_min[sd] + dur > w.surgeon_max[sd]:
                continue
            ths = [t for t in range(len(p.theaters))
                   if w.theater_min[t * D + d] + dur <= w.theater_max[t * D + d]]
            fit = [r for r in rooms if r not in q.incompatible_rooms and w.room_fits(i, d, r)]
            if not ths or not fit:
                continue
            if room_choices is not None and len(fit) > room_choices:
                # A sample of the rooms, the patient's own among them, keeps a big
                # hospital's window small enough to solve.
                own = hint[i][1] if hint[i] is not None and hint[i][0] == d else None
                fit = sorted(set(rng.sample(fit, room_choices)) | ({own} & set(fit)))
            on_day = []
            for r in fit:
                v = m.new_bool_var("")
                x[i, d, r] = v
                on_day.append(v)
                objective.append(v * nurse_cost(roster, i, d, r))
                if changes is not None:
                    objective.append(v * changes.room_day(i, d, r))
                for e in range(d, min(d + los, D)):
                    cover[r * D + e].append((v, i))
                first = d * spd
                for j in range(min(len(q.workload), shifts - first)):
                    if q.workload[j]:
                        n = roster.assign[r * shifts + first + j]
                        if n >= 0:
                            loads[n * shifts + first + j].append((v, q.workload[j]))
            by_th = []
            for t in ths:
                v = m.new_bool_var("")
                z[i, d, t] = v
                by_th.append(v)
                th_use[t * D + d].append((v, dur))
                if changes is not None:
                    objective.append(v * changes.theatre(i, t))
                sg_use[sd].append((v, t, dur))
            m.add(sum(on_day) == sum(by_th))
            chosen.append((d, on_day))
        admitted = [v for _d, vs in chosen for v in vs]
        if q.mandatory:
            m.add(sum(admitted) == 1)
        else:
            m.add(sum(admitted) <= 1)
            objective.append(w.w_unsched * (1 - sum(admitted)))
        for d, vs in chosen:
            objective.append(w.w_delay * (d - q.release_day) * sum(vs))
        if changes is not None and changes.out(i):
            objective.append(changes.out(i) * (1 - sum(admitted)))
    _rooms(m, w, cover, objective)
    _theatres(m, w, th_use, sg_use, objective)
    for x_ns, terms in loads.items():
        # The overload the freed patients add: all their workload if the held load is
        # already at the maximum.
        room_left = max(0, roster.load_max[x_ns] - roster.load[x_ns])
        over = m.new_int_var(0, sum(c for _v, c in terms), "")
        m.add(over >= sum(v * c for v, c in terms) - room_left)
        objective.append(roster.w_load * over)
    m.minimize(sum(objective))
    for (i, d, r), v in x.items():
        m.add_hint(v, hint[i] is not None and hint[i][:2] == (d, r))
    for (i, d, t), v in z.items():
        m.add_hint(v, hint[i] is not None and (hint[i][0], hint[i][2]) == (d, t))
    solver = solve_model(m, seconds, wall, seed, stop)
    if solver is None:
        return None
    out: dict[int, Place | None] = {i: None for i in free}
    rooms_of = {(i, d): r for (i, d, r), v in x.items() if solver.boolean_value(v)}
    for (i, d, t), v in z.items():
        if solver.boolean_value(v):
            out[i] = (d, rooms_of[i, d], t)
    return out


def _rooms(m: cp_model.CpModel, w: Wards, cover: dict[int, list], objective: list) -> None:
    """Beds, genders and the age spread of every room-day a freed patient could be in."""
    ages = w.ages
    sex = w.sex
    p = w.p
    for rd, terms in cover.items():
        m.add(sum(v for v, _i in terms) <= w.cap[rd] - w.count[rd])
        held_a, held_b = w.gender[0][rd], w.gender[1][rd]
        by_sex = ([v for v, i in terms if sex[i] == 0], [v for v, i in terms if sex[i] == 1])
        if not held_a and not held_b and by_sex[0] and by_sex[1]:
            b = m.new_bool_var("")  # the room-day is for gender B
            m.add(sum(by_sex[0]) == 0).only_enforce_if(b)
            m.add(sum(by_sex[1]) == 0).only_enforce_if(~b)
        # Who could be there, per age group: 1 if held there, a flag if only freed ones
        # could be, absent if none.
        present: dict[int, object] = {}
        by_age: dict[int, list] = defaultdict(list)
        for v, i in terms:
            by_age[p.patients[i].age_group].append(v)
        for g in range(ages):
            if w.age[rd * ages + g]:
                present[g] = 1
            elif by_age[g]:
                h = m.new_bool_var("")
                for v in by_age[g]:
                    m.add_implication(v, h)
                present[g] = h
        groups = sorted(present)
        if len(groups) < 2 or all(isinstance(present[g], int) for g in groups):
            continue
        spread = m.new_int_var(0, groups[-1] - groups[0], "")
        for a in range(len(groups)):
            for b_ in range(a + 1, len(groups)):
                ga, gb = groups[a], groups[b_]
                m.add(spread >= (gb - ga) * (present[ga] + present[gb] - 1))
        objective.append(w.w_age * (spread - w.spread[rd]))


def _theatres(m: cp_model.CpModel, w: Wards, th_use: dict[int, list],
              sg_use: dict[int, list], objective: list) -> None:
    """Theatre and surgeon minutes, open theatres (S5) and surgeons changing theatre in a
    day (S6)."""
    for td, terms in th_use.items():
        m.add(sum(v * c for v, c in terms) <= w.theater_max[td] - w.theater_min[td])
        if not w.theater_n[td]:
            opened = m.new_bool_var("")
            for v, _c in terms:
                m.add_implication(v, opened)
            objective.append(w.w_open * opened)
    for sd, terms in sg_use.items():
        m.add(sum(v * c for v, _t, c in terms) <= w.surgeon_max[sd] - w.surgeon_min[sd])
        held = w.surgeon_th[sd]
        used: dict[int, list] = defaultdict(list)
        for v, t, _c in terms:
            if t not in held:
                used[t].append(v)
        flags = []
        for vs in used.values():
            u = m.new_bool_var("")
            for v in vs:
                m.add_implication(v, u)
            flags.append(u)
        if not flags:
            continue
        if held:
            objective.append(w.w_transfer * sum(flags))
        else:
            extra = m.new_int_var(0, len(flags), "")
            m.add(extra >= sum(flags) - 1)
            objective.append(w.w_transfer * extra)
