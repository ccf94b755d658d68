"""The nurse side of an IHTC-2024 plan: which nurse looks after each room in each shift.

`Roster` gives every room-shift (occupied or not) one of the nurses working that shift, and
keeps the tallies of the nurse-side costs: S2 (skill a room's nurse lacks, from a histogram
of required levels per room-shift), S3 (distinct nurses per patient, from a count per
patient and nurse) and S4 (workload above a nurse's maximum, per nurse-shift). It prices
both kinds of move exactly and incrementally: giving a room-shift another nurse, and moving
a patient (its own shifts, given the current nurses) to another room or day.

Room-shifts are numbered `room * shifts + shift`, nurse-shifts `nurse * shifts + shift`;
people are the patients (0..P-1) then the occupants (P..).
"""

from __future__ import annotations

from hra_tui.solver.ihtc.problem import Problem


class Roster:
    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.shifts = shifts = problem.shifts
        self.spd = problem.shifts_per_day
        rooms = len(problem.rooms)
        w = problem.weights
        self.w_skill, self.w_cont = w.room_nurse_skill, w.continuity_of_care
        self.w_load = w.nurse_excessive_workload
        self.level = [n.skill_level for n in problem.nurses]
        levels = 1 + max([problem.skill_levels - 1, *(s for q in (*problem.patients,
                                                                 *problem.occupants)
                                                      for s in q.skill_required)])
        self.levels = levels
        self.load_max = [0] * (len(problem.nurses) * shifts)
        for n, nurse in enumerate(problem.nurses):
            for s, m in nurse.max_load.items():
                self.load_max[n * shifts + s] = m
        self.load = [0] * (len(problem.nurses) * shifts)
        self.working = [[n for n, nurse in enumerate(problem.nurses) if nurse.works(s)]
                        for s in range(shifts)]
        self.works = [set(nurses) for nurses in self.working]
        self.people: list[list[int]] = [[] for _ in range(rooms * shifts)]
        self.hist = [[0] * levels for _ in range(rooms * shifts)]
        self.rs_load = [0] * (rooms * shifts)
        self.assign = [-1] * (rooms * shifts)
        npeople = len(problem.patients) + len(problem.occupants)
        self.cont: list[dict[int, int]] = [dict() for _ in range(npeople)]
        self.workload = [q.workload for q in problem.patients] + \
            [o.workload for o in problem.occupants]
        self.skill = [q.skill_required for q in problem.patients] + \
            [o.skill_required for o in problem.occupants]
        base = len(problem.patients)
        for o, occ in enumerate(problem.occupants):
            self._put(base + o, occ.room, 0, 1)

    # -- people ------------------------------------------------------------------------
    def _put(self, k: int, room: int, first: int, sign: int) -> None:
        wl, sk = self.workload[k], self.skill[k]
        shifts = self.shifts
        base = room * shifts + first
        cont = self.cont[k]
        for j in range(min(len(wl), shifts - first)):
            rs = base + j
            if sign > 0:
                self.people[rs].append(k)
            else:
                self.people[rs].remove(k)
            self.hist[rs][sk[j]] += sign
            self.rs_load[rs] += sign * wl[j]
            n = self.assign[rs]
            if n >= 0:
                self.load[n * shifts + first + j] += sign * wl[j]
                c = cont.get(n, 0) + sign
                if c:
                    cont[n] = c
                else:
                    del cont[n]

    def move_patient(self, i: int, old: tuple[int, int, int] | None,
                     new: tuple[int, int, int] | None) -> None:
        if old is not None:
            self._put(i, old[1], old[0] * self.spd, -1)
        if new is not None:
            self._put(i, new[1], new[0] * self.spd, 1)

    def _own(self, i: int, place: tuple[int, int, int], inside: bool) -> int:
        """Patient i's S2 and S3 at `place`, and the S4 its workload adds there (`inside`:
        the loads already hold it)."""
        first = place[0] * self.spd
        shifts = self.shifts
        base = place[1] * shifts + first
        wl, sk = self.workload[i], self.skill[i]
        assign, level, load, load_max = self.assign, self.level, self.load, self.load_max
        lack = over = 0
        nurses = set()
        for j in range(min(len(wl), shifts - first)):
            n = assign[base + j]
            if n < 0:
                continue
            gap = sk[j] - level[n]
            if gap > 0:
                lack += gap
            nurses.add(n)
            w = wl[j]
            if w:
                x = n * shifts + first + j
                m = load_max[x]
                high = load[x] if inside else load[x] + w
                if high > m:
                    over += w if high - w >= m else high - m
        return self.w_skill * lack + self.w_cont * len(nurses) + self.w_load * over

    def patient_delta(self, i: int, old: tuple[int, int, int] | None,
                      new: tuple[int, int, int] | None) -> int:
        """The change of S2+S3+S4 if patient i moves from `old` to `new` (None: home)."""
        if old == new:
            return 0
        d = 0
        if old is not None:
            d -= self._own(i, old, True)
        if new is not None:
            if old is not None:
                self._shift_load(i, old, -1)
                d += self._own(i, new, False)
                self._shift_load(i, old, 1)
            else:
                d += self._own(i, new, False)
        return d

    def _shift_load(self, i: int, place: tuple[int, int, int], sign: int) -> None:
        first = place[0] * self.spd
        shifts = self.shifts
        base = place[1] * shifts + first
        wl = self.workload[i]
        for j in range(min(len(wl), shifts - first)):
            n = self.assign[base + j]
            if n >= 0:
                self.load[n * shifts + first + j] += sign * wl[j]

    # -- nurses ------------------------------------------------------------------------
    def lack(self, rs: int, n: int) -> int:
        lvl = self.level[n]
        h = self.hist[rs]
        return sum((lv - lvl) * h[lv] for lv in range(lvl + 1, self.levels))

    def _over(self, x: int, load: int) -> int:
        m = self.load_max[x]
        return load - m if load > m else 0

    def delta(self, rs: int, new: int) -> int:
        """The change of S2+S3+S4 if room-shift rs is given nurse `new`."""
        old = self.assign[rs]
        if old == new:
            return 0
        s = rs % self.shifts
        wl = self.rs_load[rs]
        d = 0
        people = self.people[rs]
        if people:
            d = self.w_skill * self.lack(rs, new)
            if old >= 0:
                d -= self.w_skill * self.lack(rs, old)
            cont = self.cont
            for k in people:
                c = cont[k]
                if old >= 0 and c.get(old) == 1:
                    d -= self.w_cont
                if new not in c:
                    d += self.w_cont
        if wl:
            x = new * self.shifts + s
            nl = self.load[x]
            d += self.w_load * (self._over(x, nl + wl) - self._over(x, nl))
            if old >= 0:
                x = old * self.shifts + s
                ol = self.load[x]
                d += self.w_load * (self._over(x, ol - wl) - self._over(x, ol))
        return d

    def set(self, rs: int, new: int) -> None:
        old = self.assign[rs]
        s = rs % self.shifts
        wl = self.rs_load[rs]
        if old >= 0:
            self.load[old * self.shifts + s] -= wl
        self.load[new * self.shifts + s] += wl
        for k in self.people[rs]:
            c = self.cont[k]
            if old >= 0:
                c[old] -= 1
                if not c[old]:
                    del c[old]
            c[new] = c.get(new, 0) + 1
        self.assign[rs] = new

    def construct(self) -> None:
        """Greedy, shift by shift: each room-shift (busiest first) to its cheapest nurse;
        rooms nobody is in get the working nurse with the least load."""
        shifts = self.shifts
        rooms = len(self.p.rooms)
        for s in range(shifts):
            working = self.working[s]
            if not working:
                continue
            for r in sorted(range(rooms), key=lambda r: -self.rs_load[r * shifts + s]):
                rs = r * shifts + s
                self.set(rs, min(working, key=lambda n: (self.delta(rs, n),
                                                         self.load[n * shifts + s], n)))

    def total(self) -> int:
        lack = sum(self.lack(rs, n) for rs, n in enumerate(self.assign)
                   if n >= 0 and self.people[rs])
        over = sum(self._over(x, load) for x, load in enumerate(self.load))
        return (self.w_skill * lack + self.w_cont * sum(len(c) for c in self.cont)
                + self.w_load * over)
