"""A cheap lower bound on an IHTC-2024 plan's cost, for instances too big for the exact model.

Only the patients' days and theatres are decided; rooms and nurses are relaxed away, each
cost they cause priced at what no plan can go below:

- S1: a room-day's spread is at least that of the occupants in it.
- S2: a person's need in a shift beyond the best skill of the nurses working it.
- S3: a stay meets at least the fewest nurses whose rosters cover its shifts (each shift has
  one room nurse, who works it; k nurses cover at most the k largest shares of the stay).
- S4: in each shift, the nurses' excesses sum to at least the whole load present less the
  sum of the maxima of the nurses working it.
- S5-S8 exactly, under the surgeons' and theatres' minutes (H3, H4), the release and due
  days (H5, H6) and, per day, the hospital's free beds in total (H7 summed over rooms).

Every feasible plan is a solution of this model at no more than its own cost, so CP-SAT's
best bound on it (whether or not it finishes) plus the fixed part is a lower bound.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from ortools.sat.python import cp_model

from hra_tui.solver.ihtc._cpsat import proving_solver, watched_solve
from hra_tui.solver.ihtc.problem import Problem


@dataclass(frozen=True)
class RelaxedBound:
    bound: int  # <= the cost of every feasible plan
    infeasible: bool  # even the relaxation has no plan: neither has the problem


class NurseCover:
    """Who works each shift, their best skill, their summed maxima, and how many shifts of a
    run each nurse works (prefix counts)."""

    def __init__(self, problem: Problem) -> None:
        shifts = problem.shifts
        self.best = [-1] * shifts
        self.capacity = [0] * shifts
        self.prefix: list[list[int]] = []
        for nurse in problem.nurses:
            works = [0] * shifts
            for s in nurse.working_shifts:
                works[s] = 1
            for s in set(nurse.working_shifts):
                self.best[s] = max(self.best[s], nurse.skill_level)
                self.capacity[s] += nurse.max_load[s]
            self.prefix.append([0, *accumulate(works)])
        self.staffed = [0, *accumulate(int(level >= 0) for level in self.best)]

    def fewest_nurses(self, first: int, end: int) -> int:
        """The fewest nurses whose rosters cover every staffed shift in [first, end)."""
        need = self.staffed[end] - self.staffed[first]
        shares = sorted((c[end] - c[first] for c in self.prefix), reverse=True)
        for k, covered in enumerate(accumulate(shares), start=1):
            if covered >= need:
                return k if need else 0
        return 0

    def lacking(self, needs: tuple[int, ...], first: int, end: int) -> int:
        """Skill levels short in [first, end) even with the best nurse of each shift."""
        return sum(max(0, needs[s - first] - self.best[s]) for s in range(first, end)
                   if self.best[s] >= 0)


def relaxed_bound(problem: Problem, time_limit: float = 10.0, workers: int = 1,
                  stop: Callable[[], bool] | None = None) -> RelaxedBound:
    """The fixed part plus CP-SAT's best bound on the relaxed model after `time_limit`."""
    p, weights = problem, problem.weights
    spd, days = problem.shifts_per_day, problem.days
    nurses = NurseCover(problem)
    fixed = 0
    ages: dict[tuple[int, int], list[int]] = defaultdict(list)
    occupant_load = [0] * problem.shifts
    occupants_on = [0] * days
    for o in p.occupants:
        end = min(days, o.length_of_stay) * spd
        for e in range(end // spd):
            ages[o.room, e].append(o.age_group)
            occupants_on[e] += 1
        for s in range(end):
            occupant_load[s] += o.workload[s]
        fixed += weights.room_nurse_skill * nurses.lacking(o.skill_required, 0, end)
        fixed += weights.continuity_of_care * nurses.fewest_nurses(0, end)
    fixed += weights.room_mixed_age * sum(max(g) - min(g) for g in ages.values())

    m = cp_model.CpModel()
    cost: list[cp_model.LinearExprT] = []
    load_terms: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in range(problem.shifts)]
    beds_terms: list[list[cp_model.IntVar]] = [[] for _ in range(days)]
    surgeon_day: dict[tuple[int, int], list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    theatre_day: dict[tuple[int, int], list[tuple[int, int, cp_model.IntVar]]] = \
        defaultdict(list)
    alone = 0  # the sum of each patient's cheapest choice (home, or a day's price)
    for i, patient in enumerate(p.patients):
        chosen = []
        cheapest = None if patient.mandatory else weights.unscheduled_optional
        if len(patient.incompatible_rooms) < len(p.rooms):
            for d in range(patient.release_day, min(p.last_admission_day(patient), days - 1) + 1):
                if p.surgeons[patient.surgeon].max_surgery_time[d] < patient.surgery_duration:
                    continue
                theatres = [t for t, theatre in enumerate(p.theaters)
                            if theatre.availability[d] >= patient.surgery_duration]
                if not theatres:
                    continue
                a = m.new_bool_var(f"a{i}_{d}")
                chosen.append(a)
                ws = [m.new_bool_var(f"w{i}_{d}_{t}") for t in theatres]
                m.add(sum(ws) == a)
                for t, v in zip(theatres, ws, strict=True):
                    theatre_day[t, d].append((patient.surgeon, patient.surgery_duration, v))
                surgeon_day[patient.surgeon, d].append((patient.surgery_duration, a))
                first, end = d * spd, min(days, d + patient.length_of_stay) * spd
                price = (weights.patient_delay * (d - patient.release_day)
                         + weights.room_nurse_skill * nurses.lacking(patient.skill_required,
                                                                     first, end)
                         + weights.continuity_of_care * nurses.fewest_nurses(first, end))
                if price:
                    cost.append(price * a)
                cheapest = price if cheapest is None else min(cheapest, price)
                for e in range(d, end // spd):
                    beds_terms[e].append(a)
                for s in range(first, end):
                    if patient.workload[s - first]:
                        load_terms[s].append((patient.workload[s - first], a))
        alone += cheapest or 0
        if patient.mandatory:
            m.add(sum(chosen) == 1)
        else:
            m.add(sum(chosen) <= 1)
            cost.append(weights.unscheduled_optional * (1 - sum(chosen)))

    for e in range(days):
        free = sum(room.beds_on(e) for room in p.rooms) - occupants_on[e]
        if len(beds_terms[e]) > free:
            m.add(sum(beds_terms[e]) <= free)
    for (u, d), terms in surgeon_day.items():
        if sum(minutes for minutes, _ in terms) > p.surgeons[u].max_surgery_time[d]:
            m.add(sum(minutes * a for minutes, a in terms) <= p.surgeons[u].max_surgery_time[d])
    if weights.nurse_excessive_workload:
        for s, terms in enumerate(load_terms):
            most = occupant_load[s] + sum(load for load, _ in terms)
            if nurses.best[s] < 0 or most <= nurses.capacity[s]:
                continue
            excess = m.new_int_var(0, most, f"ex{s}")
            m.add(excess >= occupant_load[s] + sum(load * a for load, a in terms)
                  - nurses.capacity[s])
            cost.append(weights.nurse_excessive_workload * excess)
    transfers: dict[tuple[int, int], dict[int, list[cp_model.IntVar]]] = defaultdict(
        lambda: defaultdict(list))
    for (t, d), terms in theatre_day.items():
        if sum(minutes for _, minutes, _ in terms) > p.theaters[t].availability[d]:
            m.add(sum(minutes * v for _, minutes, v in terms) <= p.theaters[t].availability[d])
        opened = m.new_bool_var(f"open{t}_{d}")
        for surgeon, _, v in terms:
            m.add_implication(v, opened)
            transfers[surgeon, d][t].append(v)
        cost.append(weights.open_operating_theater * opened)
    for (u, d), by_theatre in transfers.items() if weights.surgeon_transfer else ():
        extra = surgeon_transfers(m, by_theatre, f"{u}_{d}")
        if extra is not None:
            cost.append(weights.surgeon_transfer * extra)
    m.minimize(sum(cost))

    solver = proving_solver(time_limit, workers)
    status = watched_solve(solver, m, stop)
    if status == cp_model.INFEASIBLE:
        return RelaxedBound(0, True)
    raw = solver.best_objective_bound
    relaxed = max(0, math.ceil(raw - 1e-6)) if math.isfinite(raw) else 0
    # CP-SAT may run out of time before its first LP on a big instance: each patient's own
    # cheapest choice, summed, bounds the relaxed model too.
    return RelaxedBound(fixed + max(relaxed, alone), False)


def surgeon_transfers(m: cp_model.CpModel, by_theatre: dict[int, list[cp_model.IntVar]],
                      name: str) -> cp_model.IntVar | None:
    """A surgeon's theatres beyond the first on one day (S6's count), from the choices that
    operate there by theatre; None when one theatre is all they can reach. The exact model
    prices the same count."""
    if len(by_theatre) < 2:
        return None
    used = []
    for t, vs in by_theatre.items():
        b = m.new_bool_var(f"use{name}_{t}")
        for v in vs:
            m.add_implication(v, b)
        used.append(b)
    extra = m.new_int_var(0, len(used) - 1, f"tr{name}")
    m.add(extra >= sum(used) - 1)
    return extra
