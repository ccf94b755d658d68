"""The admissions side of an IHTC-2024 plan: who is admitted when, where and in which theatre.

`Wards` keeps the tallies the hard rules (H1-H7) and the patient-side costs (S1, S5-S8) need,
so a move of one patient is tested and priced by touching only its own room-days, theatre-day
and surgeon-day. `construct` admits greedily, `repair` makes room for a mandatory patient.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from hra_tui.solver.ihtc.problem import Problem

# The search's price of a mandatory patient not admitted (H5): above any soft cost change.
MISSING = 10**9


class Wards:
    """Who is where, with flat tallies per room-day (beds, genders, age groups and their
    spread), per theatre-day and per surgeon-day (minutes, surgeries, theatres used)."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.days = days = problem.days
        rooms = len(problem.rooms)
        self.ages = ages = len(problem.age_groups)
        self.cap = [r.beds_on(d) for r in problem.rooms for d in range(days)]  # per room-day
        self.count = [0] * (rooms * days)
        self.gender = ([0] * (rooms * days), [0] * (rooms * days))
        self.age = [0] * (rooms * days * ages)
        self.spread = [0] * (rooms * days)  # oldest minus youngest age group, per room-day
        self.surgeon_max = [m for s in problem.surgeons for m in s.max_surgery_time]
        self.theater_max = [m for t in problem.theaters for m in t.availability]
        self.surgeon_min = [0] * len(self.surgeon_max)
        self.theater_min = [0] * len(self.theater_max)
        self.theater_n = [0] * len(self.theater_max)
        # surgeon-day -> theatre -> surgeries
        self.surgeon_th: list[dict[int, int]] = [dict() for _ in self.surgeon_max]
        self.place: list[tuple[int, int, int] | None] = [None] * len(problem.patients)
        self.sex = [0 if q.gender == "A" else 1 for q in problem.patients]
        # Per patient, the days it could be admitted in an empty hospital: in its window,
        # its surgeon and some theatre working long enough.
        self.op_days = [[d for d in range(q.release_day,
                                          min(problem.last_admission_day(q), days - 1) + 1)
                         if self.surgeon_max[q.surgeon * days + d] >= q.surgery_duration
                         and any(t.availability[d] >= q.surgery_duration
                                 for t in problem.theaters)]
                        for q in problem.patients]
        w = problem.weights
        self.w_age, self.w_open = w.room_mixed_age, w.open_operating_theater
        self.w_transfer, self.w_delay = w.surgeon_transfer, w.patient_delay
        self.w_unsched = w.unscheduled_optional
        for o in problem.occupants:
            self._stay(o.room, 0, o.length_of_stay, 0 if o.gender == "A" else 1,
                       o.age_group, 1)

    # -- feasibility -------------------------------------------------------------------
    def fits(self, i: int, day: int, room: int, theater: int,
             cur: tuple[int, int, int] | None = None) -> bool:
        """Can patient i go there? `cur`: where i is now, which does not block itself."""
        p = self.p.patients[i]
        if room in p.incompatible_rooms:
            return False
        dur = p.surgery_duration
        x = p.surgeon * self.days + day
        own = dur if cur is not None and cur[0] == day else 0
        if self.surgeon_min[x] - own + dur > self.surgeon_max[x]:
            return False
        x = theater * self.days + day
        own = dur if cur is not None and cur[0] == day and cur[2] == theater else 0
        if self.theater_min[x] - own + dur > self.theater_max[x]:
            return False
        return self.room_fits(i, day, room, cur)

    def room_fits(self, i: int, day: int, room: int,
                  cur: tuple[int, int, int] | None = None) -> bool:
        days = self.days
        end = min(day + self.p.patients[i].length_of_stay, days)
        base = room * days
        count, other, cap = self.count, self.gender[1 - self.sex[i]], self.cap
        lo = hi = 0
        if cur is not None and cur[1] == room:
            lo, hi = base + cur[0], base + min(cur[0] + self.p.patients[i].length_of_stay,
                                               days)
        for x in range(base + day, base + end):
            if other[x] or count[x] - (lo <= x < hi) >= cap[x]:
                return False
        return True

    # -- changes ---------------------------------------------------------------------
    def _stay(self, room: int, day: int, los: int, sex: int, group: int, sign: int) -> None:
        days, ages = self.days, self.ages
        count, gender, age, spread = self.count, self.gender[sex], self.age, self.spread
        for x in range(room * days + day, room * days + min(day + los, days)):
            count[x] += sign
            gender[x] += sign
            y = x * ages + group
            age[y] += sign
            if age[y] == (1 if sign > 0 else 0):
                spread[x] = self._spread(x * ages, -1, 0)

    def _spread(self, base: int, group: int, change: int) -> int:
        """The age spread of the room-day whose age tally starts at `base`, with `change`
        more patients of `group`."""
        lo = hi = -1
        age = self.age
        for k in range(self.ages):
            if age[base + k] + (change if k == group else 0) > 0:
                if lo < 0:
                    lo = k
                hi = k
        return hi - lo if lo >= 0 else 0

    def put(self, i: int, place: tuple[int, int, int] | None, sign: int = 1) -> None:
        if place is None:
            return
        day, room, theater = place
        p = self.p.patients[i]
        self._stay(room, day, p.length_of_stay, self.sex[i], p.age_group, sign)
        x = p.surgeon * self.days + day
        self.surgeon_min[x] += sign * p.surgery_duration
        th = self.surgeon_th[x]
        th[theater] = th.get(theater, 0) + sign
        if not th[theater]:
            del th[theater]
        x = theater * self.days + day
        self.theater_min[x] += sign * p.surgery_duration
        self.theater_n[x] += sign
        self.place[i] = place if sign > 0 else None

    def move(self, i: int, new: tuple[int, int, int] | None) -> None:
        self.put(i, self.place[i], -1)
        self.put(i, new, 1)

    # -- costs -----------------------------------------------------------------------
    def total(self) -> int:
        cost = self.w_age * sum(self.spread)
        cost += self.w_open * sum(n > 0 for n in self.theater_n)
        cost += self.w_transfer * sum(max(0, len(th) - 1) for th in self.surgeon_th)
        return cost + sum(self._waiting_cost(pat, self.place[i])
                          for i, pat in enumerate(self.p.patients))

    def _waiting_cost(self, patient, place: tuple[int, int, int] | None) -> int:
        """Unscheduled (a missing mandatory patient far above any soft cost) or delayed."""
        if place is None:
            return MISSING if patient.mandatory else self.w_unsched
        return self.w_delay * (place[0] - patient.release_day)

    def delta(self, i: int, new: tuple[int, int, int] | None) -> int:
        """The change of S1, S5-S8 (and MISSING) if patient i moves to `new` (None: home)."""
        old = self.place[i]
        if old == new:
            return 0
        p = self.p.patients[i]
        d = self._waiting_cost(p, new) - self._waiting_cost(p, old)
        days, ages, g = self.days, self.ages, p.age_group
        age, spread = self.age, self.spread
        los = p.length_of_stay
        # S1 on the room-days only one of the two stays covers.
        o_lo = o_hi = n_lo = n_hi = 0
        if old is not None:
            o_lo = old[1] * days + old[0]
            o_hi = old[1] * days + min(old[0] + los, days)
        if new is not None:
            n_lo = new[1] * days + new[0]
            n_hi = new[1] * days + min(new[0] + los, days)
        s1 = 0
        for x in range(o_lo, o_hi):
            if age[x * ages + g] == 1 and not n_lo <= x < n_hi:
                s1 += self._spread(x * ages, g, -1) - spread[x]
        for x in range(n_lo, n_hi):
            if age[x * ages + g] == 0 and not o_lo <= x < o_hi:
                s1 += self._spread(x * ages, g, 1) - spread[x]
        d += self.w_age * s1
        # S5 and S6.
        sd = p.surgeon * days
        if old is not None and new is not None and old[0] == new[0]:
            if old[2] != new[2]:
                d += self.w_open * ((self.theater_n[new[2] * days + new[0]] == 0)
                                    - (self.theater_n[old[2] * days + old[0]] == 1))
                th = self.surgeon_th[sd + old[0]]
                n = len(th)
                after = n - (th[old[2]] == 1) + (new[2] not in th)
                d += self.w_transfer * (max(0, after - 1) - max(0, n - 1))
            return d
        if old is not None:
            d -= self.w_open * (self.theater_n[old[2] * days + old[0]] == 1)
            th = self.surgeon_th[sd + old[0]]
            if th[old[2]] == 1 and len(th) > 1:
                d -= self.w_transfer
        if new is not None:
            d += self.w_open * (self.theater_n[new[2] * days + new[0]] == 0)
            th = self.surgeon_th[sd + new[0]]
            if th and new[2] not in th:
                d += self.w_transfer
        return d


def candidates(w: Wards, i: int, max_days: int | None = None) -> list[tuple[int, int, int]]:
    """Feasible places of patient i; with `max_days`, only on its first so many open days."""
    out: list[tuple[int, int, int]] = []
    for day, rooms, theaters in open_days(w, i):
        out.extend((day, room, theater) for room in rooms for theater in theaters)
        if max_days is not None:
            max_days -= 1
            if not max_days:
                break
    return out


def open_days(w: Wards, i: int) -> Iterator[tuple[int, list[int], list[int]]]:
    """For each admission day of patient i where it fits (i out of the wards), in order:
    that day, the rooms and the theatres it fits."""
    p = w.p.patients[i]
    days = range(p.release_day, min(w.p.last_admission_day(p), w.p.days - 1) + 1)
    dur = p.surgery_duration
    for day in days:
        x = p.surgeon * w.days + day
        if w.surgeon_min[x] + dur > w.surgeon_max[x]:
            continue
        theaters = [t for t in range(len(w.p.theaters))
                    if w.theater_min[t * w.days + day] + dur <= w.theater_max[t * w.days + day]]
        if not theaters:
            continue
        rooms = [r for r in range(len(w.p.rooms))
                 if r not in p.incompatible_rooms and w.room_fits(i, day, r)]
        if rooms:
            yield day, rooms, theaters


def construct(w: Wards, rng: random.Random) -> list[int]:
    """Admit greedily; return the mandatory patients left out."""
    problem = w.p
    mandatory = [i for i, p in enumerate(problem.patients) if p.mandatory]
    optional = [i for i, p in enumerate(problem.patients) if not p.mandatory]

    def width(i: int) -> int:
        p = problem.patients[i]
        rooms = len(problem.rooms) - len(p.incompatible_rooms)
        return (problem.last_admission_day(p) - p.release_day + 1) * rooms

    mandatory.sort(key=lambda i: (problem.patients[i].due_day, width(i),
                                  -problem.patients[i].length_of_stay))
    optional.sort(key=lambda i: (problem.patients[i].release_day,
                                 -problem.patients[i].length_of_stay))
    left_out: list[int] = []
    for group in (mandatory, optional):
        for i in group:
            best, best_cost = None, None
            for place in candidates(w, i, 3):
                # Earliest day, then the smallest increase of the patient-side cost.
                cost = w.delta(i, place)
                if best_cost is None or cost < best_cost:
                    best, best_cost = place, cost
            if best is not None and (problem.patients[i].mandatory or best_cost < 0):
                w.move(i, best)
            elif best is None and problem.patients[i].mandatory:
                if not repair(w, i, rng):
                    left_out.append(i)
    return left_out


def repair(w: Wards, i: int, rng: random.Random) -> bool:
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
            cands = candidates(w, j)
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
