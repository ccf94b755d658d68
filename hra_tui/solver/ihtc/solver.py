"""An IHTC-2024 planner: a greedy construction, then simulated annealing, in pure Python.

`solve(problem, time_limit, seed)` returns a `SolveResult` with a competition `Solution`.

1. Construction. Mandatory patients first, by due day (then by how few places they fit),
   each at the cheapest (day, room, theatre) that keeps every hard rule: release and due
   day, room capacity and gender on every day of the stay, incompatible rooms, the surgeon's
   and the theatre's minutes. Optional patients follow where they fit.
2. Patient search (about a third of the time): simulated annealing over moves of one patient
   (to another day, room and theatre; in or out, for an optional one), never leaving the
   feasible set, scored incrementally on the patient-side costs S1, S5, S6, S7 and S8;
   ejection moves bring in a patient left out (mandatory ones while any is missing, priced
   at MISSING) by sending home whoever is in the way and re-placing them where they fit.
3. Nurses: every occupied room-shift gets one of the nurses working that shift (greedy on
   skill, load and continuity), then simulated annealing over moves that give a room-shift
   to another working nurse, scored incrementally on S2, S3 and S4.

Deterministic for a seed when stopped by `iterations` rather than the clock. A mandatory
patient that fits nowhere is left out (H5); the caller's check says so.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

from hra_tui.solver.ihtc.problem import Problem
from hra_tui.solver.ihtc.solution import Admission, Assignment, NurseRoster, Solution


@dataclass(frozen=True)
class SolveResult:
    solution: Solution
    seconds: float
    patient_moves: int
    nurse_moves: int
    unplaced_mandatory: int


# The search's price of a mandatory patient not admitted (H5): above any soft cost change.
MISSING = 10**9


class _Clock:
    def __init__(self, deadline: float, budget: int | None) -> None:
        self.deadline = deadline
        self.budget = budget
        self.count = 0
        self.grace = deadline

    def done(self, missing: int = 0) -> bool:
        """Time to stop? `missing` mandatory patients buy time up to the grace deadline
        (twice the move budget when counting moves)."""
        self.count += 1
        if self.budget is not None:
            return self.count > self.budget * (2 if missing else 1)
        if (self.count & 63) != 0:
            return False
        now = time.monotonic()
        return now >= (self.grace if missing else self.deadline)


class _Wards:
    """The admissions part: who is where, with the tallies the hard rules and S1/S5-S8 need."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        days, rooms = problem.days, len(problem.rooms)
        self.ages = len(problem.age_groups)
        self.count = [[0] * days for _ in range(rooms)]
        self.gender = [[[0, 0] for _ in range(days)] for _ in range(rooms)]
        self.age = [[[0] * self.ages for _ in range(days)] for _ in range(rooms)]
        self.surgeon_min = [[0] * days for _ in problem.surgeons]
        self.theater_min = [[0] * days for _ in problem.theaters]
        self.theater_n = [[0] * days for _ in problem.theaters]
        # surgeon -> day -> theatre -> surgeries
        self.surgeon_th = [[dict() for _ in range(days)] for _ in problem.surgeons]
        self.place: list[tuple[int, int, int] | None] = [None] * len(problem.patients)
        w = problem.weights
        self.w_age, self.w_open = w.room_mixed_age, w.open_operating_theater
        self.w_transfer, self.w_delay = w.surgeon_transfer, w.patient_delay
        self.w_unsched = w.unscheduled_optional
        for o in problem.occupants:
            g = 0 if o.gender == "A" else 1
            for d in range(min(o.length_of_stay, days)):
                self.count[o.room][d] += 1
                self.gender[o.room][d][g] += 1
                self.age[o.room][d][o.age_group] += 1

    # -- feasibility -------------------------------------------------------------------
    def fits(self, i: int, day: int, room: int, theater: int) -> bool:
        p = self.p.patients[i]
        if room in p.incompatible_rooms:
            return False
        if self.surgeon_min[p.surgeon][day] + p.surgery_duration > \
                self.p.surgeons[p.surgeon].max_surgery_time[day]:
            return False
        if self.theater_min[theater][day] + p.surgery_duration > \
                self.p.theaters[theater].availability[day]:
            return False
        return self.room_fits(i, day, room)

    def room_fits(self, i: int, day: int, room: int) -> bool:
        p = self.p.patients[i]
        other = 1 if p.gender == "A" else 0
        cap = self.p.rooms[room].capacity
        count, gender = self.count[room], self.gender[room]
        for d in range(day, min(day + p.length_of_stay, self.p.days)):
            if count[d] >= cap or gender[d][other]:
                return False
        return True

    # -- changes ---------------------------------------------------------------------
    def put(self, i: int, place: tuple[int, int, int] | None, sign: int = 1) -> None:
        if place is None:
            return
        day, room, theater = place
        p = self.p.patients[i]
        g = 0 if p.gender == "A" else 1
        for d in range(day, min(day + p.length_of_stay, self.p.days)):
            self.count[room][d] += sign
            self.gender[room][d][g] += sign
            self.age[room][d][p.age_group] += sign
        self.surgeon_min[p.surgeon][day] += sign * p.surgery_duration
        self.theater_min[theater][day] += sign * p.surgery_duration
        self.theater_n[theater][day] += sign
        th = self.surgeon_th[p.surgeon][day]
        th[theater] = th.get(theater, 0) + sign
        if not th[theater]:
            del th[theater]
        self.place[i] = place if sign > 0 else None

    # -- costs -----------------------------------------------------------------------
    def room_day_cost(self, room: int, d: int) -> int:
        a = self.age[room][d]
        lo = hi = -1
        for k in range(self.ages):
            if a[k]:
                if lo < 0:
                    lo = k
                hi = k
        return 0 if lo < 0 else (hi - lo) * self.w_age

    def local_cost(self, i: int, places: list[tuple[int, int, int] | None]) -> int:
        """The cost of the tallies patient i's places touch, and of i's own delay."""
        p = self.p.patients[i]
        cost = 0
        seen_rd: set[tuple[int, int]] = set()
        seen_td: set[tuple[int, int]] = set()
        seen_sd: set[int] = set()
        for place in places:
            if place is None:
                continue
            day, room, theater = place
            for d in range(day, min(day + p.length_of_stay, self.p.days)):
                if (room, d) not in seen_rd:
                    seen_rd.add((room, d))
                    cost += self.room_day_cost(room, d)
            if (theater, day) not in seen_td:
                seen_td.add((theater, day))
                cost += self.w_open * (self.theater_n[theater][day] > 0)
            if day not in seen_sd:
                seen_sd.add(day)
                cost += self.w_transfer * max(0, len(self.surgeon_th[p.surgeon][day]) - 1)
        return cost + self._waiting_cost(p, self.place[i])

    def total(self) -> int:
        p = self.p
        cost = sum(self.room_day_cost(r, d) for r in range(len(p.rooms)) for d in range(p.days))
        cost += self.w_open * sum(n > 0 for row in self.theater_n for n in row)
        cost += self.w_transfer * sum(max(0, len(th) - 1) for row in self.surgeon_th
                                      for th in row)
        return cost + sum(self._waiting_cost(pat, self.place[i])
                          for i, pat in enumerate(p.patients))

    def _waiting_cost(self, patient, place: tuple[int, int, int] | None) -> int:
        """Unscheduled (a missing mandatory patient far above any soft cost) or delayed."""
        if place is None:
            return MISSING if patient.mandatory else self.w_unsched
        return self.w_delay * (place[0] - patient.release_day)

    def delta(self, i: int, new: tuple[int, int, int] | None) -> int:
        old = self.place[i]
        places = [old, new]
        before = self.local_cost(i, places)
        self.put(i, old, -1)
        self.put(i, new, 1)
        after = self.local_cost(i, places)
        self.put(i, new, -1)
        self.put(i, old, 1)
        return after - before

    def move(self, i: int, new: tuple[int, int, int] | None) -> None:
        self.put(i, self.place[i], -1)
        self.put(i, new, 1)


def _candidates(w: _Wards, i: int, max_days: int | None = None, late: bool = False
                ) -> list[tuple[int, int, int]]:
    """Feasible places of patient i; with `max_days`, only on its first so many open days
    (the last ones if `late`)."""
    p = w.p.patients[i]
    out: list[tuple[int, int, int]] = []
    open_days = 0
    days = range(p.release_day, min(w.p.last_admission_day(p), w.p.days - 1) + 1)
    for day in (reversed(days) if late else days):
        if max_days is not None and open_days >= max_days:
            break
        before = len(out)
        for room in range(len(w.p.rooms)):
            if not w.room_fits(i, day, room) or room in p.incompatible_rooms:
                continue
            for theater in range(len(w.p.theaters)):
                if w.fits(i, day, room, theater):
                    out.append((day, room, theater))
        open_days += len(out) > before
    return out


def _construct(w: _Wards, rng: random.Random, first: frozenset[int] = frozenset(),
               late: bool = False) -> list[int]:
    """Admit greedily (patients in `first` before the others); return the mandatory
    patients left out. `late` admits mandatory patients on their last possible days, which
    leaves the most bed-days inside the horizon, for tight instances."""
    problem = w.p
    mandatory = [i for i, p in enumerate(problem.patients) if p.mandatory]
    optional = [i for i, p in enumerate(problem.patients) if not p.mandatory]

    def width(i: int) -> int:
        p = problem.patients[i]
        rooms = len(problem.rooms) - len(p.incompatible_rooms)
        return (problem.last_admission_day(p) - p.release_day + 1) * rooms

    mandatory.sort(key=lambda i: (i not in first, problem.patients[i].due_day, width(i),
                                  -problem.patients[i].length_of_stay))
    optional.sort(key=lambda i: (problem.patients[i].release_day,
                                 -problem.patients[i].length_of_stay))
    left_out: list[int] = []
    for group in (mandatory, optional):
        for i in group:
            best, best_cost = None, None
            for place in _candidates(w, i, 3, late and problem.patients[i].mandatory):
                # Earliest day, then the smallest increase of the patient-side cost.
                cost = w.delta(i, place)
                if best_cost is None or cost < best_cost:
                    best, best_cost = place, cost
            if best is not None and (problem.patients[i].mandatory or best_cost < 0):
                w.move(i, best)
            elif best is None and problem.patients[i].mandatory:
                if not _repair(w, i, rng):
                    left_out.append(i)
    return left_out


def _repair(w: _Wards, i: int, rng: random.Random) -> bool:
    """Make room for mandatory patient i by moving out others (optional ones first)."""
    p = w.p.patients[i]
    for _ in range(500):
        day = rng.randint(p.release_day, min(w.p.last_admission_day(p), w.p.days - 1))
        room = rng.choice([r for r in range(len(w.p.rooms)) if r not in p.incompatible_rooms])
        theater = rng.randrange(len(w.p.theaters))
        # Who blocks that place? Move them out, place i, re-place them anywhere.
        end = min(day + p.length_of_stay, w.p.days)
        blockers = [j for j, pl in enumerate(w.place) if pl is not None and (
            (pl[1] == room and pl[0] < end
             and pl[0] + w.p.patients[j].length_of_stay > day)
            or (pl[0] == day and (pl[2] == theater
                                  or w.p.patients[j].surgeon == p.surgeon)))]
        saved = {j: w.place[j] for j in blockers}
        for j in blockers:
            w.move(j, None)
        if not w.fits(i, day, room, theater):
            for j in blockers:
                w.move(j, saved[j])
            continue
        w.move(i, (day, room, theater))
        ok = True
        for j in blockers:
            cands = _candidates(w, j)
            if cands:
                w.move(j, rng.choice(cands))
            elif w.p.patients[j].mandatory:
                ok = False
        if ok:
            return True
        for j in blockers:
            w.move(j, None)
        w.move(i, None)
        for j in blockers:
            w.move(j, saved[j])
    return False


def _random_place(w: _Wards, i: int, rng: random.Random) -> tuple[int, int, int] | None:
    p = w.p.patients[i]
    last = min(w.p.last_admission_day(p), w.p.days - 1)
    if last < p.release_day:
        return None
    for _ in range(8):
        day = rng.randint(p.release_day, last)
        room = rng.randrange(len(w.p.rooms))
        cur = w.place[i]
        theater = rng.randrange(len(w.p.theaters))
        if cur is not None and rng.random() < 0.5:
            theater = cur[2] if rng.random() < 0.5 else theater
            day = cur[0] if rng.random() < 0.3 else day
        # Take i out while testing, so it does not block itself.
        w.put(i, cur, -1)
        ok = w.fits(i, day, room, theater)
        w.put(i, cur, 1)
        if ok:
            return (day, room, theater)
    return None


def _eject(w: _Wards, i: int, rng: random.Random) -> int | None:
    """Admit the missing mandatory patient i somewhere in its window, sending home whoever
    is in the way (optional patients first); return the cost change, None if no change."""
    p = w.p.patients[i]
    last = min(w.p.last_admission_day(p), w.p.days - 1)
    if last < p.release_day:
        return None
    rooms = [r for r in range(len(w.p.rooms)) if r not in p.incompatible_rooms]
    if not rooms:
        return None
    day, room = rng.randint(p.release_day, last), rng.choice(rooms)
    theater = rng.randrange(len(w.p.theaters))
    end = min(day + p.length_of_stay, w.p.days)
    blockers = []
    for j, pl in enumerate(w.place):
        if pl is None:
            continue
        q = w.p.patients[j]
        if (pl[1] == room and pl[0] < end and pl[0] + q.length_of_stay > day) or (
                pl[0] == day and (pl[2] == theater or q.surgeon == p.surgeon)):
            blockers.append(j)
    rng.shuffle(blockers)
    blockers.sort(key=lambda j: w.p.patients[j].mandatory)
    before = w.total()
    out = []
    while not w.fits(i, day, room, theater):
        if not blockers:
            for j, pl in out:
                w.move(j, pl)
            return None
        j = blockers.pop(0)
        out.append((j, w.place[j]))
        w.move(j, None)
    w.move(i, (day, room, theater))
    # Those sent home come back wherever they now fit, mandatory ones first.
    for j, _ in sorted(out, key=lambda jp: not w.p.patients[jp[0]].mandatory):
        cands = _candidates(w, j, 2)
        if cands:
            w.move(j, min(cands, key=lambda place: w.delta(j, place)))
    return w.total() - before


def _anneal_patients(w: _Wards, rng: random.Random, clock: _Clock) -> int:
    n = len(w.p.patients)
    if n == 0:
        return 0
    cost = w.total()
    best_cost, best = cost, list(w.place)
    mandatory = [i for i, p in enumerate(w.p.patients) if p.mandatory]
    optional = [i for i, p in enumerate(w.p.patients) if not p.mandatory]
    outside: list[int] = []
    missing = sum(w.place[i] is None for i in mandatory)
    temp0 = max(1.0, 0.02 * (cost - MISSING * missing) / max(1, n) + 1.0)
    moves = 0
    start, span = time.monotonic(), max(1e-6, clock.deadline - time.monotonic())
    frac = 0.0
    while not clock.done(missing):
        moves += 1
        if clock.budget is not None:
            frac = clock.count / max(1, clock.budget)
        elif (moves & 255) == 0:
            frac = (time.monotonic() - start) / span
        temp = temp0 * (1.0 - min(1.0, frac)) + 0.01
        eject = missing and rng.random() < 0.9
        if not eject and rng.random() < 0.05:
            outside = [j for j in optional if w.place[j] is None]
            eject = bool(outside)
        if eject:
            # Bring in a missing patient (mandatory ones first), sending others home.
            i = rng.choice([j for j in mandatory if w.place[j] is None] if missing
                           else outside)
            snapshot = list(w.place)
            d = _eject(w, i, rng)
            if d is None:
                continue
            if d <= 0 or rng.random() < math.exp(-min(d, 10**6) / temp):
                cost += d
                missing = sum(w.place[j] is None for j in mandatory)
                if cost < best_cost:
                    best_cost, best = cost, list(w.place)
            else:
                for j in range(n):
                    w.move(j, None)
                for j in range(n):
                    w.move(j, snapshot[j])
            continue
        i = rng.randrange(n)
        p = w.p.patients[i]
        if not p.mandatory and w.place[i] is not None and rng.random() < 0.1:
            new = None
        else:
            new = _random_place(w, i, rng)
            if new is None or new == w.place[i]:
                continue
        d = w.delta(i, new)
        if d <= 0 or rng.random() < math.exp(-min(d, 10**6) / temp):
            w.move(i, new)
            cost += d
            missing = sum(w.place[j] is None for j in mandatory) if p.mandatory else missing
            if cost < best_cost:
                best_cost, best = cost, list(w.place)
    for i in range(n):
        w.move(i, None)
    for i in range(n):
        w.move(i, best[i])
    return moves


class _Nurses:
    """Room-shift -> nurse, with S2/S3/S4 tallies."""

    def __init__(self, problem: Problem, place: list[tuple[int, int, int] | None]) -> None:
        self.p = problem
        spd, shifts, rooms = problem.shifts_per_day, problem.shifts, len(problem.rooms)
        w = problem.weights
        self.w_skill, self.w_cont = w.room_nurse_skill, w.continuity_of_care
        self.w_load = w.nurse_excessive_workload
        # people: (room, first shift, workload, skill) per patient/occupant
        people: list[tuple[int, int, tuple[int, ...], tuple[int, ...]]] = []
        for o in problem.occupants:
            people.append((o.room, 0, o.workload, o.skill_required))
        for i, p in enumerate(problem.patients):
            if place[i] is not None:
                people.append((place[i][1], place[i][0] * spd, p.workload, p.skill_required))
        # per room-shift: list of (person, skill); workload sum
        self.occ: list[list[list[tuple[int, int]]]] = [[[] for _ in range(shifts)]
                                                       for _ in range(rooms)]
        self.load = [[0] * shifts for _ in range(rooms)]
        for k, (room, first, wl, sk) in enumerate(people):
            for j in range(len(wl)):
                s = first + j
                if s >= shifts:
                    break
                self.occ[room][s].append((k, sk[j]))
                self.load[room][s] += wl[j]
        self.people = len(people)
        self.working = [[n for n, nurse in enumerate(problem.nurses) if nurse.works(s)]
                        for s in range(shifts)]
        self.nurse_load = [dict.fromkeys(nurse.max_load, 0) for nurse in problem.nurses]
        self.cont: list[dict[int, int]] = [dict() for _ in range(self.people)]
        self.assign: list[list[int]] = [[-1] * shifts for _ in range(rooms)]
        self.slots = [(r, s) for r in range(rooms) for s in range(shifts) if self.occ[r][s]]

    def skill_cost(self, r: int, s: int, n: int) -> int:
        lvl = self.p.nurses[n].skill_level
        return self.w_skill * sum(sk - lvl for _, sk in self.occ[r][s] if sk > lvl)

    def load_cost(self, n: int, s: int, load: int) -> int:
        return self.w_load * max(0, load - self.p.nurses[n].max_load[s])

    def delta(self, r: int, s: int, new: int) -> int:
        old = self.assign[r][s]
        wl = self.load[r][s]
        d = self.skill_cost(r, s, new)
        nl = self.nurse_load[new][s]
        d += self.load_cost(new, s, nl + wl) - self.load_cost(new, s, nl)
        if old >= 0:
            d -= self.skill_cost(r, s, old)
            ol = self.nurse_load[old][s]
            d += self.load_cost(old, s, ol - wl) - self.load_cost(old, s, ol)
        for k, _ in self.occ[r][s]:
            c = self.cont[k]
            if old >= 0 and c.get(old) == 1:
                d -= self.w_cont
            if not c.get(new):
                d += self.w_cont
        return d

    def set(self, r: int, s: int, new: int) -> None:
        old = self.assign[r][s]
        wl = self.load[r][s]
        if old >= 0:
            self.nurse_load[old][s] -= wl
        self.nurse_load[new][s] += wl
        for k, _ in self.occ[r][s]:
            c = self.cont[k]
            if old >= 0:
                c[old] -= 1
                if not c[old]:
                    del c[old]
            c[new] = c.get(new, 0) + 1
        self.assign[r][s] = new

    def construct(self) -> None:
        for r, s in sorted(self.slots, key=lambda rs: (rs[1], rs[0])):
            if not self.working[s]:
                continue
            best = min(self.working[s], key=lambda n: (self.delta(r, s, n), n))
            self.set(r, s, best)

    def anneal(self, rng: random.Random, clock: _Clock) -> int:
        slots = [rs for rs in self.slots if len(self.working[rs[1]]) > 1]
        if not slots:
            return 0
        moves = 0
        best_cost = cost = 0
        best = [row[:] for row in self.assign]
        temp0 = max(1.0, float(self.w_cont))
        start, span = time.monotonic(), max(1e-6, clock.deadline - time.monotonic())
        frac = 0.0
        while not clock.done():
            moves += 1
            if clock.budget is not None:
                frac = clock.count / max(1, clock.budget)
            elif (moves & 255) == 0:
                frac = (time.monotonic() - start) / span
            temp = temp0 * (1.0 - min(1.0, frac)) + 0.01
            r, s = slots[rng.randrange(len(slots))]
            new = -1
            if rng.random() < 0.3:
                # The nurse of the same room in a neighbouring shift, for continuity.
                t = s + (1 if rng.random() < 0.5 else -1)
                if 0 <= t < self.p.shifts and self.assign[r][t] >= 0 \
                        and self.p.nurses[self.assign[r][t]].works(s):
                    new = self.assign[r][t]
            if new < 0:
                new = self.working[s][rng.randrange(len(self.working[s]))]
            if new == self.assign[r][s]:
                continue
            d = self.delta(r, s, new)
            if d <= 0 or rng.random() < math.exp(-d / temp):
                self.set(r, s, new)
                cost += d
                if cost < best_cost:
                    best_cost = cost
                    best = [row[:] for row in self.assign]
        self.assign = best
        return moves

    def rosters(self) -> tuple[NurseRoster, ...]:
        p = self.p
        spd = p.shifts_per_day
        rosters = []
        for n, nurse in enumerate(p.nurses):
            out = []
            for s in nurse.working_shifts:
                rooms = tuple(p.rooms[r].id for r in range(len(p.rooms))
                              if self.assign[r][s] == n)
                out.append(Assignment(s // spd, p.shift_types[s % spd], rooms))
            rosters.append(NurseRoster(nurse.id, tuple(out)))
        return tuple(rosters)


def solve(problem: Problem, time_limit: float = 60.0, seed: int = 0,
          iterations: int | None = None) -> SolveResult:
    """Plan admissions, theatres and nurses within `time_limit` seconds.

    `iterations`, if given, replaces the clock by a move budget (split between the patient
    and nurse searches), so a run is reproducible move for move whatever the machine.
    """
    start = time.monotonic()
    rng = random.Random(seed)
    wards = _Wards(problem)
    _construct(wards, rng)
    remaining = max(0.0, time_limit - (time.monotonic() - start))
    # Keep a margin for the nurse construction and writing the file.
    search = remaining * 0.9
    patient_budget = None if iterations is None else iterations // 3
    nurse_budget = None if iterations is None else iterations - iterations // 3
    clock = _Clock(time.monotonic() + search * 0.35, patient_budget)
    # While a mandatory patient is still missing, the patient search may go on longer.
    clock.grace = time.monotonic() + search * 0.8
    pmoves = _anneal_patients(wards, rng, clock)
    nurses = _Nurses(problem, wards.place)
    nurses.construct()
    deadline = start + time_limit * 0.97 - 0.05
    nmoves = nurses.anneal(rng, _Clock(max(deadline, time.monotonic()), nurse_budget))
    admissions = []
    for i, p in enumerate(problem.patients):
        place = wards.place[i]
        if place is None:
            admissions.append(Admission(p.id, None))
        else:
            day, room, theater = place
            admissions.append(Admission(p.id, day, problem.rooms[room].id,
                                        problem.theaters[theater].id))
    solution = Solution(tuple(admissions), nurses.rosters())
    left_out = sum(p.mandatory and wards.place[i] is None
                   for i, p in enumerate(problem.patients))
    return SolveResult(solution, time.monotonic() - start, pmoves, nmoves, left_out)
