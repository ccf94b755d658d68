"""The whole IHTC-2024 problem as one CP-SAT model, to prove a plan optimal or bound its gap.

The annealing finds good plans but cannot say how good. On a small instance (the nine
`ihtp_small` ones: two weeks, up to fifty patients) the complete model fits in memory and
CP-SAT, warm-started from the search's plan, either proves the optimum or leaves its best
bound, a lower bound on the cost of every feasible plan.

Decisions: `y[p, d, r]` admits patient p on day d to room r, `w[p, d, t]` operates them in
theatre t that day, `x[r, s, n]` gives room r to nurse n in shift s (exactly one of the
nurses working s, for every room-shift; an empty room's nurse costs nothing). Every hard
rule H1-H8 is a constraint; S1-S8 are priced with the instance's weights through auxiliary
variables bounded below by what they count, so at an optimum each equals its count exactly
and the objective is the checker's total:

    S1  spread[r, e] >= (g - h) * (has_g + has_h - 1) for every pair of age groups
    S2  per room-shift and skill level L: the people needing >= L, when the nurse is below L
    S3  seen[p, n] >= x[r, s, n] + in_room[p, r, day(s)] - 1 per stay and nurse
    S4  per nurse-shift: the loads of the rooms it is given, above its maximum
    S5, S6, S7, S8 from the admissions and theatres directly.

Admissions are offered only where they keep H2, H3, H4 and H6 on their own (an allowed
room, the surgeon's and the theatre's minutes for this one surgery, the release and due
days), which removes no feasible plan.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

from ortools.sat.python import cp_model

from hra_tui.solver.ihtc._cpsat import proving_solver, watched_solve
from hra_tui.solver.ihtc.problem import Problem
from hra_tui.solver.ihtc.relaxation import NurseCover, surgeon_transfers
from hra_tui.solver.ihtc.solution import Admission, Assignment, NurseRoster, Solution

Expr = cp_model.LinearExprT


@dataclass(frozen=True)
class ExactResult:
    """What CP-SAT proved: `bound` <= every feasible plan's cost; `optimal` when the plan it
    returns (if any) costs exactly `bound`; `infeasible` when no plan keeps every hard rule."""

    bound: int
    optimal: bool
    infeasible: bool
    solution: Solution | None
    objective: int | None  # the model's cost of `solution`
    seconds: float


class _Model:
    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.m = cp_model.CpModel()
        self.cost: list[tuple[int, Expr]] = []
        spd = problem.shifts_per_day
        self.spd = spd
        self.working: list[list[int]] = [[] for _ in range(problem.shifts)]
        for n, nurse in enumerate(problem.nurses):
            for s in nurse.working_shifts:
                if n not in self.working[s]:
                    self.working[s].append(n)
        self.cover = NurseCover(problem)
        self._admissions()
        self._rooms()
        self._nurses()
        self._theatres()
        self.m.minimize(sum(weight * expr for weight, expr in self.cost))

    # -- patients' days, rooms and theatres (H2-H6, S7, S8) --------------------------------

    def _admissions(self) -> None:
        p, m = self.p, self.m
        self.y: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.w: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.adm: dict[tuple[int, int], cp_model.IntVar] = {}
        self.out: dict[int, cp_model.IntVar] = {}
        # room -> day -> [(var, patient index, admission day)] of those who may be there
        self.present: list[list[list[tuple[cp_model.IntVar, int, int]]]] = [
            [[] for _ in range(p.days)] for _ in p.rooms]
        weights = p.weights
        for i, patient in enumerate(p.patients):
            last = min(p.last_admission_day(patient), p.days - 1)
            rooms = [r for r in range(len(p.rooms)) if r not in patient.incompatible_rooms]
            days = []
            for d in range(patient.release_day, last + 1):
                if p.surgeons[patient.surgeon].max_surgery_time[d] < patient.surgery_duration:
                    continue
                theatres = [t for t, theatre in enumerate(p.theaters)
                            if theatre.availability[d] >= patient.surgery_duration]
                if not theatres or not rooms:
                    continue
                days.append(d)
                a = self.adm[i, d] = m.new_bool_var(f"a{i}_{d}")
                ys = []
                for r in rooms:
                    v = self.y[i, d, r] = m.new_bool_var(f"y{i}_{d}_{r}")
                    ys.append(v)
                    for e in range(d, min(p.days, d + patient.length_of_stay)):
                        self.present[r][e].append((v, i, d))
                m.add(sum(ys) == a)
                ws = []
                for t in theatres:
                    v = self.w[i, d, t] = m.new_bool_var(f"w{i}_{d}_{t}")
                    ws.append(v)
                m.add(sum(ws) == a)
                if d > patient.release_day:
                    self.cost.append((weights.patient_delay, (d - patient.release_day) * a))
            admitted = sum(self.adm[i, d] for d in days)
            if patient.mandatory:
                m.add(admitted == 1)  # infeasible at once if `days` is empty (H5)
            else:
                m.add(admitted <= 1)
                if weights.unscheduled_optional:
                    self.cost.append((weights.unscheduled_optional, 1 - admitted))

    # -- rooms: beds, genders, age mix (H1, H7, S1) ----------------------------------------

    def _rooms(self) -> None:
        p, m = self.p, self.m
        self.occupants_in: list[list[list[int]]] = [[[] for _ in range(p.days)]
                                                    for _ in p.rooms]
        for o, occupant in enumerate(p.occupants):
            for e in range(min(p.days, occupant.length_of_stay)):
                self.occupants_in[occupant.room][e].append(o)
        for r, room in enumerate(p.rooms):
            for e in range(p.days):
                people = self.present[r][e]
                fixed = [p.occupants[o] for o in self.occupants_in[r][e]]
                if not people:
                    if len({o.gender for o in fixed}) > 1 or len(fixed) > room.beds_on(e):
                        m.add_bool_or([])  # occupants alone break H1 or H7: no plan is feasible
                    self._age_mix(r, e, [], {o.age_group for o in fixed})
                    continue
                m.add(sum(v for v, _, _ in people) <= room.beds_on(e) - len(fixed))
                genders = {o.gender for o in fixed}
                by_gender = {g: [v for v, i, _ in people if p.patients[i].gender == g]
                             for g in ("A", "B")}
                if len(genders) > 1:
                    m.add_bool_or([])
                elif genders:
                    (held,) = genders
                    other = "B" if held == "A" else "A"
                    m.add(sum(by_gender[other]) == 0)
                elif by_gender["A"] and by_gender["B"]:
                    b = m.new_bool_var(f"gB{r}_{e}")
                    m.add(sum(by_gender["A"]) == 0).only_enforce_if(b)
                    m.add(sum(by_gender["B"]) == 0).only_enforce_if(~b)
                self._age_mix(r, e, people, {o.age_group for o in fixed})

    def _age_mix(self, r: int, e: int, people: list[tuple[cp_model.IntVar, int, int]],
                 fixed_groups: set[int]) -> None:
        p, m = self.p, self.m
        weight = p.weights.room_mixed_age
        if not weight:
            return
        groups: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for v, i, _ in people:
            groups[p.patients[i].age_group].append(v)
        present = sorted(set(groups) | fixed_groups)
        if len(present) < 2:
            return
        if not groups:
            self.cost.append((weight, max(present) - min(present)))
            return
        has: dict[int, Expr] = {}
        for g in present:
            if g in fixed_groups:
                has[g] = 1
            else:
                h = has[g] = m.new_bool_var(f"h{r}_{e}_{g}")
                for v in groups[g]:
                    m.add_implication(v, h)
        spread = m.new_int_var(0, max(present) - min(present), f"age{r}_{e}")
        for g, h in combinations(present, 2):
            m.add(spread >= abs(g - h) * (has[g] + has[h] - 1))
        self.cost.append((weight, spread))

    # -- nurses: cover, skill, continuity, workload (H8, S2, S3, S4) -----------------------

    def _people_at(self, r: int, s: int) -> tuple[list[tuple[int, int]],
                                                  list[tuple[cp_model.IntVar, int, int]]]:
        """Who may be in room r in shift s: (occupant, index into its profiles) and
        (admission var, patient, index into its profiles)."""
        spd, e = self.spd, s // self.spd
        fixed = [(o, s) for o in self.occupants_in[r][e]]
        free = [(v, i, s - d * spd) for v, i, d in self.present[r][e]]
        return fixed, free

    def _nurses(self) -> None:
        p, m = self.p, self.m
        weights = p.weights
        self.x: dict[tuple[int, int, int], cp_model.IntVar] = {}
        room_load: dict[tuple[int, int], tuple[Expr, int]] = {}
        for r in range(len(p.rooms)):
            for s in range(p.shifts):
                fixed, free = self._people_at(r, s)
                if not self.working[s]:
                    if fixed:
                        m.add_bool_or([])  # an occupant in a shift nobody works (H8)
                    if free:
                        m.add(sum(v for v, _, _ in free) == 0)
                    continue
                xs = [self.x.setdefault((r, s, n), m.new_bool_var(f"x{r}_{s}_{n}"))
                      for n in self.working[s]]
                m.add_exactly_one(xs)
                if not fixed and not free:
                    continue
                if weights.room_nurse_skill:
                    self._skill(r, s, fixed, free)
                load = (sum(p.occupants[o].workload[k] for o, k in fixed)
                        + sum(p.patients[i].workload[k] * v for v, i, k in free))
                most = (sum(p.occupants[o].workload[k] for o, k in fixed)
                        + sum(p.patients[i].workload[k] for _, i, k in free))
                if most:
                    room_load[r, s] = (load, most)
        if weights.nurse_excessive_workload:
            self._workload(room_load)
        if weights.continuity_of_care:
            self._continuity()

    def _skill(self, r: int, s: int, fixed: list[tuple[int, int]],
               free: list[tuple[cp_model.IntVar, int, int]]) -> None:
        p, m = self.p, self.m
        levels = {n: p.nurses[n].skill_level for n in self.working[s]}
        needs = ([p.occupants[o].skill_required[k] for o, k in fixed]
                 + [p.patients[i].skill_required[k] for _, i, k in free])
        for level in range(1, max(needs, default=0) + 1):
            below = [self.x[r, s, n] for n, have in levels.items() if have < level]
            if not below:
                continue
            constant = sum(1 for o, k in fixed if p.occupants[o].skill_required[k] >= level)
            variable = [v for v, i, k in free if p.patients[i].skill_required[k] >= level]
            if not constant and not variable:
                continue
            needing = constant + sum(variable)
            most = constant + len(variable)
            short = m.new_int_var(0, most, f"sk{r}_{s}_{level}")
            m.add(short >= needing - most * (1 - sum(below)))
            self.cost.append((p.weights.room_nurse_skill, short))

    def _workload(self, room_load: dict[tuple[int, int], tuple[Expr, int]]) -> None:
        p, m = self.p, self.m
        excesses: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for n, nurse in enumerate(p.nurses):
            for s in nurse.working_shifts:
                rooms = [(r, load, most) for (r, t), (load, most) in room_load.items()
                         if t == s]
                if sum(most for _, _, most in rooms) <= nurse.max_load[s]:
                    continue
                carried = []
                for r, load, most in rooms:
                    c = m.new_int_var(0, most, f"l{r}_{s}_{n}")
                    m.add(c >= load - most * (1 - self.x[r, s, n]))
                    carried.append(c)
                excess = m.new_int_var(0, sum(most for _, _, most in rooms), f"ex{n}_{s}")
                m.add(excess >= sum(carried) - nurse.max_load[s])
                self.cost.append((p.weights.nurse_excessive_workload, excess))
                excesses[s].append(excess)
        # A cut: a shift's excesses sum to at least its whole load less the nurses' maxima.
        for s, vs in excesses.items():
            m.add(sum(vs) >= sum(load for (_, t), (load, _) in room_load.items() if t == s)
                  - self.cover.capacity[s])

    def _continuity(self) -> None:
        p, m = self.p, self.m
        spd, weight = self.spd, p.weights.continuity_of_care
        for o, occupant in enumerate(p.occupants):
            seen: dict[int, cp_model.IntVar] = {}
            for s in range(min(p.days, occupant.length_of_stay) * spd):
                for n in self.working[s]:
                    if n not in seen:
                        seen[n] = m.new_bool_var(f"so{o}_{n}")
                    m.add_implication(self.x[occupant.room, s, n], seen[n])
            self.cost.extend((weight, v) for v in seen.values())
            m.add(sum(seen.values()) >= self.cover.fewest_nurses(
                0, min(p.days, occupant.length_of_stay) * spd))
        # patient -> room -> day -> the vars placing them there that day
        in_room: dict[int, dict[int, dict[int, list[cp_model.IntVar]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list)))
        for r in range(len(p.rooms)):
            for e in range(p.days):
                for v, i, _ in self.present[r][e]:
                    in_room[i][r][e].append(v)
        for i, rooms in in_room.items():
            seen: dict[int, cp_model.IntVar] = {}
            for r, days in rooms.items():
                for e, vs in days.items():
                    there = sum(vs)
                    for s in range(e * spd, (e + 1) * spd):
                        for n in self.working[s]:
                            if n not in seen:
                                seen[n] = m.new_bool_var(f"sp{i}_{n}")
                            m.add(seen[n] >= self.x[r, s, n] + there - 1)
            self.cost.extend((weight, v) for v in seen.values())
            # A cut: whichever day they come, at least the fewest nurses covering the stay.
            patient = p.patients[i]
            m.add(sum(seen.values()) >= sum(
                self.cover.fewest_nurses(d * spd, min(p.days, d + patient.length_of_stay) * spd)
                * a for (j, d), a in self.adm.items() if j == i))

    # -- theatres and surgeons (S5, S6) ----------------------------------------------------

    def _theatres(self) -> None:
        p, m = self.p, self.m
        by_theatre_day: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        by_surgeon_day: dict[tuple[int, int], list[tuple[int, cp_model.IntVar]]] = \
            defaultdict(list)
        minutes_theatre: dict[tuple[int, int], list[tuple[int, cp_model.IntVar]]] = \
            defaultdict(list)
        for (i, d, t), v in self.w.items():
            patient = p.patients[i]
            by_theatre_day[t, d].append(v)
            by_surgeon_day[patient.surgeon, d].append((t, v))
            minutes_theatre[t, d].append((patient.surgery_duration, v))
        for (t, d), terms in minutes_theatre.items():
            if sum(minutes for minutes, _ in terms) > p.theaters[t].availability[d]:
                m.add(sum(minutes * v for minutes, v in terms)
                      <= p.theaters[t].availability[d])
        operations: dict[tuple[int, int], list[tuple[int, cp_model.IntVar]]] = \
            defaultdict(list)
        for (i, d), a in self.adm.items():
            patient = p.patients[i]
            operations[patient.surgeon, d].append((patient.surgery_duration, a))
        for (u, d), terms in operations.items():
            if sum(minutes for minutes, _ in terms) > p.surgeons[u].max_surgery_time[d]:
                m.add(sum(minutes * a for minutes, a in terms)
                      <= p.surgeons[u].max_surgery_time[d])
        if p.weights.open_operating_theater:
            for (t, d), vs in by_theatre_day.items():
                opened = m.new_bool_var(f"open{t}_{d}")
                for v in vs:
                    m.add_implication(v, opened)
                self.cost.append((p.weights.open_operating_theater, opened))
        if p.weights.surgeon_transfer:
            for (u, d), terms in by_surgeon_day.items():
                theatres: dict[int, list[cp_model.IntVar]] = defaultdict(list)
                for t, v in terms:
                    theatres[t].append(v)
                extra = surgeon_transfers(m, theatres, f"{u}_{d}")
                if extra is not None:
                    self.cost.append((p.weights.surgeon_transfer, extra))

    # -- the search's plan as the hint, CP-SAT's plan as a solution -------------------------

    def hint(self, solution: Solution) -> None:
        p, m = self.p, self.m
        placed: dict[int, tuple[int, int, int]] = {}
        for a in solution.admissions:
            i = p.patient_index.get(a.patient)
            if i is None or a.day is None:
                continue
            room, theatre = p.room_index.get(a.room or ""), p.theater_index.get(a.theater or "")
            if room is not None and theatre is not None:
                placed[i] = (a.day, room, theatre)
        for (i, d, r), v in self.y.items():
            m.add_hint(v, placed.get(i, (None, None, None))[:2] == (d, r))
        for (i, d, t), v in self.w.items():
            where = placed.get(i)
            m.add_hint(v, where is not None and (where[0], where[2]) == (d, t))
        for (i, d), v in self.adm.items():
            m.add_hint(v, placed.get(i, (None,))[0] == d)
        nurse_of: dict[tuple[int, int], int] = {}
        for roster in solution.nurses:
            n = p.nurse_index.get(roster.nurse)
            for a in roster.assignments:
                shift = p.shift_type_index.get(a.shift)
                if n is None or shift is None:
                    continue
                for room_id in a.rooms:
                    r = p.room_index.get(room_id)
                    if r is not None:
                        nurse_of[r, a.day * self.spd + shift] = n
        for r in range(len(p.rooms)):
            for s in range(p.shifts):
                if not self.working[s]:
                    continue
                chosen = nurse_of.get((r, s))
                if chosen not in self.working[s]:
                    chosen = self.working[s][0]
                for n in self.working[s]:
                    m.add_hint(self.x[r, s, n], n == chosen)

    def solution(self, solver: cp_model.CpSolver) -> Solution:
        p = self.p
        placed: dict[int, tuple[int, int, int]] = {}
        for (i, d, r), v in self.y.items():
            if solver.value(v):
                theatre = next(t for t in range(len(p.theaters))
                               if (i, d, t) in self.w and solver.value(self.w[i, d, t]))
                placed[i] = (d, r, theatre)
        admissions = tuple(
            Admission(patient.id, placed[i][0], p.rooms[placed[i][1]].id,
                      p.theaters[placed[i][2]].id) if i in placed else Admission(patient.id, None)
            for i, patient in enumerate(p.patients))
        occupied: set[tuple[int, int]] = set()
        for o in p.occupants:
            occupied.update((o.room, e) for e in range(min(p.days, o.length_of_stay)))
        for i, (d, r, _) in placed.items():
            occupied.update((r, e) for e in range(d, min(p.days, d + p.patients[i]
                                                         .length_of_stay)))
        rosters = []
        for n, nurse in enumerate(p.nurses):
            assignments = []
            for s in nurse.working_shifts:
                rooms = tuple(p.rooms[r].id for r in range(len(p.rooms))
                              if (r, s // self.spd) in occupied and (r, s, n) in self.x
                              and solver.value(self.x[r, s, n]))
                assignments.append(Assignment(s // self.spd, p.shift_types[s % self.spd],
                                              rooms))
            rosters.append(NurseRoster(nurse.id, tuple(assignments)))
        return Solution(admissions, tuple(rosters), source="CP-SAT")


def solve_exact(problem: Problem, hint: Solution | None = None, time_limit: float = 120.0,
                workers: int = 2, stop: Callable[[], bool] | None = None) -> ExactResult:
    """Solve the whole model for at most `time_limit` seconds on `workers` CP-SAT workers,
    from `hint` (the search's plan) if given; `stop()` turning true ends it early."""
    start = time.monotonic()
    model = _Model(problem)
    if hint is not None:
        model.hint(hint)
    solver = proving_solver(time_limit, workers)
    status = watched_solve(solver, model.m, stop)
    seconds = time.monotonic() - start
    if status == cp_model.INFEASIBLE:
        return ExactResult(0, False, True, None, None, seconds)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    # The costs are integers: a fractional bound rounds up (less a hair for float noise).
    raw = solver.best_objective_bound
    bound = max(0, math.ceil(raw - 1e-6)) if math.isfinite(raw) else 0
    objective = round(solver.objective_value) if found else None
    return ExactResult(bound, status == cp_model.OPTIMAL, False,
                       model.solution(solver) if found else None, objective, seconds)
