"""The annealing itself: the plan journaled for undo, the moves and their prices, the
acceptance, the best plan kept, the clock, and the CP-SAT windows between moves.

`solver.solve` builds the start plan and runs `_Search` (pure Python, the reference) or its
compiled twin (`_jit_search.CompiledSearch`, which reads the shares and constants below);
both live apart from `solver.py` so that neither imports the other round a circle.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from hra_tui.solver.ihtc._reference import ChangeCosts
from hra_tui.solver.ihtc._roster import Roster
from hra_tui.solver.ihtc._share import Exchange
from hra_tui.solver.ihtc._wards import MISSING, Wards, open_days
from hra_tui.solver.ihtc.effort import ANNEALING, WINDOW_PARTS, Effort
from hra_tui.solver.ihtc.problem import Problem
from hra_tui.solver.plan import Progress
from hra_tui.solver.signals import ProgressCallback

Place = tuple[int, int, int]

# Shares of the patient moves: ejections bringing in an optional patient left out, pair
# moves, shifts by a day or two (the rest: a random new place, or home for an optional one).
EJECT, PAIR, SHIFT = 0.02, 0.2, 0.2

COLD = 0.02  # the final temperature


@dataclass(frozen=True)
class Cooling:
    """How the temperature falls with the share of the time (or move budget) spent: from
    `start` (cost units, or mean worsenings of sampled moves if `relative`) down to `COLD`,
    in a straight line or geometrically, reached at `until` of the time and held there (a
    last descent that leaves the plan where no single move lowers its cost)."""

    start: float
    relative: bool
    linear: bool
    until: float = 1.0

    def at(self, t0: float, frac: float) -> float:
        """The temperature when `frac` of the time is spent, `t0` the start in cost units."""
        f = min(1.0, frac / self.until)
        if self.linear:
            return COLD + (t0 - COLD) * (1.0 - f)
        return t0 * (COLD / t0) ** f


# A plan from scratch: from 25 down in a straight line to COLD at 90% of the time, then a last
# descent (without it a plan made with a small move budget was left where a re-plan with nothing
# changed still found cheaper places worth their changes). Against the earlier geometric fall from
# a hundred mean worsenings (1,200 to 3,800 on the public instances: the search spent most of its
# moves above 25, where nearly every move is taken, or below 1, where it only descends), at 60 s
# with `--threads 2` on the six worst instances (i07 i13 i16 i17 i21 i22) the geometric mean ratio
# fell from 1.099 to 1.072 (seed 0) and from 1.078 to 1.071 (seed 1); a geometric fall from one
# mean worsening gave 1.082 and 1.075, a straight one from one mean worsening 1.080 and 1.076
# (docs/ihtc.md, *The cooling*).
SCRATCH = Cooling(25.0, relative=False, linear=True, until=0.9)
# A re-plan: it starts from a good plan (the one in force) and should stay near it. A tenth
# of the mean worsening (the changes priced in), falling geometrically, gave the lowest
# penalised cost after a theatre closed (test01, test02, i01; 40,000 moves, three seeds),
# below 0.01 and 1, and far below 10 or the plan's own 100, which wander off and come back
# with more changes.
REPLAN = Cooling(0.1, relative=True, linear=False)
# The share of nurse moves among the moves that do not admit a missing mandatory patient.
NURSE_SHARE = 0.5
# While a mandatory patient is left out, the share of moves that eject to admit one; the
# others are the usual moves, which reshuffle the plan so that a place can open (ejections
# alone could stall: on i16, some seeds met a patient whom every ejection traded for two).
# A re-plan, which starts cool from the plan in force, ejects on every such move.
MISSING_EJECT = 0.5
# Moves between two progress reports (a power of two less one, for a mask).
REPORT_EVERY = 4095
# Window re-plans (under a clock only): from this share of the time on, taking this share
# of the wall time, each for at most WINDOW_SECONDS of CP-SAT's deterministic time. A
# patients' window spans up to WINDOW_DAYS days (fewer if that frees more than
# WINDOW_PATIENTS patients) and offers ROOM_CHOICES rooms per patient and day.
WINDOW_FROM, WINDOW_SHARE, WINDOW_DAYS, WINDOW_SECONDS = 0.3, 0.5, 3, 2.0
WINDOW_PATIENTS, ROOM_CHOICES = 100, 8



class _Clock:
    """Stop by a move budget (reproducible) or by the clock and `stop` (polled every 64)."""

    def __init__(self, deadline: float, budget: int | None,
                 stop: Callable[[], bool] | None) -> None:
        self.start = time.monotonic()
        self.deadline = deadline
        self.budget = budget
        self.stop = stop
        self.count = 0
        self.frac = 0.0

    def done(self) -> bool:
        self.count += 1
        if (self.count & 63) != 0:
            return False
        if self.stop is not None and self.stop():
            return True
        if self.budget is not None:
            self.frac = self.count / max(1, self.budget)
            return self.count >= self.budget
        now = time.monotonic()
        self.frac = (now - self.start) / max(1e-6, self.deadline - self.start)
        return now >= self.deadline


class _Plan:
    """Patients and nurses together; every change is journaled so a move can be undone.

    A re-plan adds the price of changes to the plan in force (`changes`), the patients it
    must not move (`frozen`) and the first day whose nurses may change (`first_day`)."""

    def __init__(self, problem: Problem, wards: Wards, roster: Roster,
                 changes: ChangeCosts | None = None, frozen: frozenset[int] = frozenset(),
                 first_day: int = 0) -> None:
        self.p = problem
        self.w = wards
        self.r = roster
        self.c = changes
        self.frozen = frozen
        self.first_day = first_day
        self.journal: list[tuple[bool, int, object, object]] = []

    def delta(self, i: int, new: Place | None) -> int:
        d = self.w.delta(i, new) + self.r.patient_delta(i, self.w.place[i], new)
        if self.c is not None:
            d += self.c.patient_delta(self.r, i, self.w.place[i], new)
        return d

    def nurse_delta(self, rs: int, n: int) -> int:
        """The cost change if room-shift rs is given nurse n."""
        d = self.r.delta(rs, n)
        if self.c is not None:
            d += self.c.nurse_delta(self.r, rs, n)
        return d

    def move(self, i: int, new: Place | None) -> None:
        old = self.w.place[i]
        self.journal.append((True, i, old, new))
        self.r.move_patient(i, old, new)
        self.w.move(i, new)

    def set_nurse(self, rs: int, n: int) -> None:
        self.journal.append((False, rs, self.r.assign[rs], n))
        self.r.set(rs, n)

    def undo(self, mark: int) -> None:
        while len(self.journal) > mark:
            patient, k, old, _new = self.journal.pop()
            if patient:
                self.r.move_patient(k, self.w.place[k], old)
                self.w.move(k, old)
            else:
                self.r.set(k, old)

    def redo(self, entries: list[tuple[bool, int, object, object]]) -> None:
        for patient, k, _old, new in entries:
            if patient:
                self.move(k, new)
            else:
                self.set_nurse(k, new)

    def total(self) -> int:
        changes = 0 if self.c is None else self.c.total(self.w, self.r)
        return self.w.total() + self.r.total() + changes

    def snapshot(self) -> tuple[list[Place | None], list[int]]:
        return list(self.w.place), list(self.r.assign)

    def restore(self, snap: tuple[list[Place | None], list[int]]) -> None:
        places, assign = snap
        moved = [i for i, pl in enumerate(places) if pl != self.w.place[i]]
        for i in moved:
            self.move(i, None)
        for i in moved:
            self.move(i, places[i])
        for rs, n in enumerate(assign):
            if n != self.r.assign[rs]:
                self.set_nurse(rs, n)
        self.journal.clear()


def _random_place(w: Wards, i: int, rng: random.Random) -> Place | None:
    op_days = w.op_days[i]
    if not op_days:
        return None
    cur = w.place[i]
    rooms, theaters = len(w.p.rooms), len(w.p.theaters)
    for _ in range(8):
        day = op_days[int(rng.random() * len(op_days))]
        room = int(rng.random() * rooms)
        theater = int(rng.random() * theaters)
        if cur is not None and rng.random() < 0.5:
            theater = cur[2] if rng.random() < 0.5 else theater
            day = cur[0] if rng.random() < 0.3 else day
        if w.fits(i, day, room, theater, cur):
            return (day, room, theater)
    return None


def _eject(plan: _Plan, i: int, rng: random.Random) -> int | None:
    """Admit the patient i (left out) somewhere in its window, sending home whoever is in the
    way (optional patients first) and re-placing them at their cheapest place; return the
    cost change (journaled), None if nothing changed."""
    w = plan.w
    p = w.p.patients[i]
    op_days = w.op_days[i]
    rooms = [r for r in range(len(w.p.rooms)) if r not in p.incompatible_rooms]
    if not rooms or not op_days:
        return None
    days, dur = w.days, p.surgery_duration
    # Mostly a day the surgeon has time left and a room with a bed free all along the stay,
    # if there are such, so that fewer patients must make way.
    if rng.random() < 0.7:
        sd = p.surgeon * days
        slack = [d for d in op_days if w.surgeon_min[sd + d] + dur <= w.surgeon_max[sd + d]]
        op_days = slack or op_days
    day = op_days[int(rng.random() * len(op_days))]
    if rng.random() < 0.7:
        rooms = [r for r in rooms if w.room_fits(i, day, r)] or rooms
    room = rooms[int(rng.random() * len(rooms))]
    # A theatre with room for the surgery if there is one (the surgeon's own that day
    # first, then an open one), else any that could hold it.
    theaters = [t for t in range(len(w.p.theaters)) if w.theater_max[t * days + day] >= dur]
    if not theaters:
        return None
    free = [t for t in theaters
            if w.theater_min[t * days + day] + dur <= w.theater_max[t * days + day]]
    own = [t for t in free if t in w.surgeon_th[p.surgeon * days + day]]
    opened = [t for t in free if w.theater_n[t * days + day]]
    pool = own or opened or free or theaters
    theater = pool[int(rng.random() * len(pool))]
    end = min(day + p.length_of_stay, w.p.days)
    surgeon_over = w.surgeon_min[p.surgeon * days + day] + dur > \
        w.surgeon_max[p.surgeon * days + day]
    theater_over = theater not in free
    blockers = []
    for j, pl in enumerate(w.place):
        if pl is None or j in plan.frozen:
            continue
        q = w.p.patients[j]
        if (pl[1] == room and pl[0] < end and pl[0] + q.length_of_stay > day) or (
                pl[0] == day and ((theater_over and pl[2] == theater)
                                  or (surgeon_over and q.surgeon == p.surgeon))):
            blockers.append(j)
    rng.shuffle(blockers)
    blockers.sort(key=lambda j: w.p.patients[j].mandatory)
    mark = len(plan.journal)
    d = 0
    out = []
    while not w.fits(i, day, room, theater):
        if not blockers:
            plan.undo(mark)
            return None
        j = blockers.pop(0)
        out.append(j)
        d += plan.delta(j, None)
        plan.move(j, None)
    d += plan.delta(i, (day, room, theater))
    plan.move(i, (day, room, theater))
    # Those sent home come back at their cheapest place, mandatory ones first.
    for j in sorted(out, key=lambda j: not w.p.patients[j].mandatory):
        best, best_d = _cheapest(plan, j, 3)
        if best is not None and (best_d < 0 or w.p.patients[j].mandatory):
            d += best_d
            plan.move(j, best)
    return d


def _cheapest(plan: _Plan, i: int, max_days: int) -> tuple[Place | None, int]:
    """The cheapest place of patient i (now at home) on its first `max_days` open days, and
    its cost change. The theatre's share of the cost (S5, S6) does not depend on the room,
    nor the room's (S1-S4) on the theatre: each day's theatre is chosen once."""
    w = plan.w
    best, best_d = None, 0
    for day, rooms, theaters in open_days(w, i):
        theater = min(theaters, key=lambda t: w.delta(i, (day, rooms[0], t)))
        for room in rooms:
            d = plan.delta(i, (day, room, theater))
            if best is None or d < best_d:
                best, best_d = (day, room, theater), d
        max_days -= 1
        if not max_days:
            break
    return best, best_d


class _Search:
    """The annealing: picks a move, prices it, accepts or undoes it; keeps the best plan."""

    def __init__(self, plan: _Plan, rng: random.Random, clock: _Clock,
                 on_progress: ProgressCallback | None = None, cooling: Cooling = SCRATCH) -> None:
        self.plan, self.rng, self.clock = plan, rng, clock
        self.on_progress = on_progress
        self.cooling = cooling
        p = plan.p
        self.movable = [i for i in range(len(p.patients)) if i not in plan.frozen]
        self.n = len(self.movable)
        self.mandatory = [i for i in self.movable if p.patients[i].mandatory]
        self.optional = [i for i in self.movable if not p.patients[i].mandatory]
        self.optional_set = set(self.optional)
        self.by_surgeon: list[list[int]] = [[] for _ in p.surgeons]
        for i in self.movable:
            self.by_surgeon[p.patients[i].surgeon].append(i)
        self.first_shift = plan.first_day * p.shifts_per_day
        self.rooms, self.shifts = len(p.rooms), p.shifts
        self.cost = plan.total()
        self.best_cost = self.cost
        self.best: tuple[list[Place | None], list[int]] | None = None  # None: current
        self.patient_moves = self.nurse_moves = 0
        self.windows = self.windows_better = 0
        # The next window's first day (patients, nurses): never before the frozen past.
        self.window_first = [plan.first_day, plan.first_day]
        self.window_rate = [0.0, 0.0]  # cost lowered per second, a moving average
        self.window_seconds: dict[str, float] = {}  # wall time per window kind
        self.share: Exchange | None = None  # with threads: the checkpoints (`_share`)
        self.restarts = 0  # from a peer's cheaper plan

    # -- acceptance --------------------------------------------------------------------
    def _accept(self, d: int, temp: float) -> bool:
        """Metropolis; never a move that leaves a mandatory patient out, however hot."""
        if d <= 0:
            return True
        return d < MISSING // 2 and self.rng.random() < math.exp(-d / temp)

    def _commit(self, d: int) -> None:
        """Keep the journaled changes of this move (cost change d), saving the best plan
        first if the move leaves it."""
        plan = self.plan
        if d > 0 and self.best is None:
            entries = list(plan.journal)
            plan.undo(0)
            self.best = plan.snapshot()
            plan.redo(entries)
        self.cost += d
        if self.cost < self.best_cost:
            self.best_cost, self.best = self.cost, None
        plan.journal.clear()

    # -- moves -------------------------------------------------------------------------
    def _missing(self) -> list[int]:
        place = self.plan.w.place
        return [i for i in self.mandatory if place[i] is None]

    def _patient_move(self, temp: float, missing: list[int]) -> None:
        plan, rng = self.plan, self.rng
        w = plan.w
        self.patient_moves += 1
        outside = None
        if not missing and rng.random() < EJECT:
            outside = [j for j in self.optional if w.place[j] is None]
        if missing or outside:
            d = _eject(plan, rng.choice(missing or outside), rng)
            if d is None:
                return
            if self._accept(d, temp):
                self._commit(d)
            else:
                plan.undo(0)
            return
        i = self.movable[int(rng.random() * self.n)]
        cur = w.place[i]
        kind = rng.random()
        if cur is not None and kind < PAIR:
            self._pair_move(i, temp)
            return
        if cur is not None and i in self.optional_set and rng.random() < 0.1:
            new = None
        elif cur is not None and kind < PAIR + SHIFT:
            # A day or two earlier or later, in the same room (and theatre if it fits).
            p = w.p.patients[i]
            day = cur[0] + rng.choice((-2, -1, 1, 2))
            if not p.release_day <= day <= min(w.p.last_admission_day(p), w.p.days - 1):
                return
            theater = cur[2]
            if not w.fits(i, day, cur[1], theater, cur):
                theater = int(rng.random() * len(w.p.theaters))
                if not w.fits(i, day, cur[1], theater, cur):
                    return
            new = (day, cur[1], theater)
        else:
            new = _random_place(w, i, rng)
            if new is None or new == cur:
                return
        d = plan.delta(i, new)
        if self._accept(d, temp):
            plan.move(i, new)
            self._commit(d)

    def _pair_move(self, i: int, temp: float) -> None:
        """Two admitted patients swap rooms, or (same surgeon) swap admission days."""
        plan, rng, w = self.plan, self.rng, self.plan.w
        pi = w.place[i]
        if rng.random() < 0.5:
            peers = self.by_surgeon[w.p.patients[i].surgeon]
            j = peers[int(rng.random() * len(peers))]
            pj = w.place[j]
            if pj is None or pj[0] == pi[0]:
                return
            new_i, new_j = (pj[0], pi[1], pj[2]), (pi[0], pj[1], pi[2])
        else:
            j = self.movable[int(rng.random() * self.n)]
            pj = w.place[j]
            if pj is None or pj[1] == pi[1]:
                return
            new_i, new_j = (pi[0], pj[1], pi[2]), (pj[0], pi[1], pj[2])
        for k, new in ((i, new_i), (j, new_j)):
            q = w.p.patients[k]
            if not q.release_day <= new[0] <= min(w.p.last_admission_day(q), w.p.days - 1):
                return
        d = plan.delta(i, None)
        plan.move(i, None)
        d += plan.delta(j, None)
        plan.move(j, None)
        for k, new in ((i, new_i), (j, new_j)):
            if not w.fits(k, *new):
                plan.undo(0)
                return
            d += plan.delta(k, new)
            plan.move(k, new)
        if self._accept(d, temp):
            self._commit(d)
        else:
            plan.undo(0)

    def _nurse_move(self, temp: float) -> None:
        plan, rng, roster = self.plan, self.rng, self.plan.r
        shifts, first = self.shifts, self.first_shift
        if first >= shifts:
            return  # all in the frozen past
        r, s = rng.randrange(self.rooms), first + rng.randrange(shifts - first)
        rs = r * shifts + s
        if not roster.people[rs] or len(roster.working[s]) < 2:
            return
        self.nurse_moves += 1
        kind = rng.random()
        d = 0
        if kind < 0.25:
            # Two rooms of one shift swap nurses.
            r2 = rng.randrange(self.rooms)
            rs2 = r2 * shifts + s
            n1, n2 = roster.assign[rs], roster.assign[rs2]
            if n1 == n2:
                return
            d = plan.nurse_delta(rs, n2)
            plan.set_nurse(rs, n2)
            d += plan.nurse_delta(rs2, n1)
            plan.set_nurse(rs2, n1)
        else:
            n = -1
            spd = roster.spd
            if rng.random() < 0.4:
                # The room's nurse in a shift of the day before or after (nurses work one
                # shift a day, so continuity links a room's shifts across days).
                t = s + rng.choice((-1, 1)) * rng.randint(1, spd + 1)
                if 0 <= t < shifts and roster.assign[r * shifts + t] in roster.works[s]:
                    n = roster.assign[r * shifts + t]
            if n < 0:
                working = roster.working[s]
                n = working[int(rng.random() * len(working))]
            if n == roster.assign[rs]:
                return
            d = plan.nurse_delta(rs, n)
            plan.set_nurse(rs, n)
            if kind >= 0.6:
                # The same nurse takes the room in every shift they work over the next (or
                # the previous) one to three days.
                step = 1 if rng.random() < 0.5 else -1
                t = s + step
                for _ in range(rng.randint(1, 3) * spd):
                    if not first <= t < shifts:
                        break
                    rt = r * shifts + t
                    if n in roster.works[t] and roster.people[rt] and roster.assign[rt] != n:
                        d += plan.nurse_delta(rt, n)
                        plan.set_nurse(rt, n)
                    t += step
        if self._accept(d, temp):
            self._commit(d)
        else:
            plan.undo(0)

    def window_step(self, first: int, seconds: float, wall: float = math.inf) -> int:
        """Re-plan with CP-SAT the patients admitted on a few days from `first`, and those
        left out who could come then, on any of those days; keep the result if it is
        cheaper. The window grows to WINDOW_DAYS days while it frees at most WINDOW_PATIENTS
        patients (at least one day). Returns the cost change made."""
        from hra_tui.solver.ihtc._window import replan  # CP-SAT only for long searches

        plan = self.plan
        w = plan.w
        free: dict[int, range] = {}
        for last in range(first, min(first + WINDOW_DAYS, w.days)):
            days = range(first, last + 1)
            chosen = {i: days for i, pl in enumerate(w.place) if i not in plan.frozen and (
                (pl is not None and pl[0] in days)
                or (pl is None and any(d in days for d in w.op_days[i])))}
            if free and len(chosen) > WINDOW_PATIENTS:
                break
            free = chosen
        if not free:
            return 0
        self.windows += 1
        hint = {i: w.place[i] for i in free}
        d = 0
        for i in free:
            d += plan.delta(i, None)
            plan.move(i, None)
        out = replan(w, plan.r, free, range(len(w.p.rooms)), hint, seconds, wall,
                     self.rng.randrange(1 << 30), ROOM_CHOICES, self.clock.stop, plan.c)
        if out is not None:
            for i in free:
                new = out[i]
                if new is not None:
                    if not w.fits(i, *new):
                        out = None
                        break
                    d += plan.delta(i, new)
                    plan.move(i, new)
        if out is None:
            plan.undo(0)
            return 0
        return self._keep_if_cheaper(d)

    def nurse_window_step(self, first: int, seconds: float, wall: float = math.inf) -> int:
        """Re-plan with CP-SAT the nurses of every occupied room-shift of the day `first`;
        keep the result if it is cheaper. Returns the cost change made."""
        from hra_tui.solver.ihtc._nurse_window import replan_nurses

        plan = self.plan
        roster = plan.r
        spd = roster.spd
        shifts = range(first * spd, (first + 1) * spd)
        self.windows += 1
        out = replan_nurses(roster, shifts, seconds, wall, self.rng.randrange(1 << 30),
                            self.clock.stop, plan.c)
        if out is None:
            return 0
        d = 0
        for rs, n in out.items():
            if roster.assign[rs] != n:
                d += plan.nurse_delta(rs, n)
                plan.set_nurse(rs, n)
        return self._keep_if_cheaper(d)

    def _keep_if_cheaper(self, d: int) -> int:
        """Commit a window's journaled changes (cost change d) if they lower the cost, else
        undo them; return the change kept."""
        if d >= 0:
            self.plan.undo(0)
            return 0
        self.windows_better += 1
        self._commit(d)
        return d

    def _window(self, wall: float) -> None:
        """One window re-plan of the kind (patients or nurses) that has lately lowered the
        cost fastest, the other one time in five; each kind sweeps the horizon a day at a
        time."""
        kinds = (self.window_step, self.nurse_window_step)
        rate = self.window_rate
        k = 0 if rate[0] >= rate[1] else 1
        if self.rng.random() < 0.2:
            k = 1 - k
        began = time.monotonic()
        gain = -kinds[k](self.window_first[k], WINDOW_SECONDS, wall)
        after = self.window_first[k] + 1
        self.window_first[k] = after if after < self.plan.w.days else self.plan.first_day
        took = time.monotonic() - began
        rate[k] = 0.7 * rate[k] + 0.3 * gain / max(1e-3, took)
        part = WINDOW_PARTS.get(kinds[k].__name__, kinds[k].__name__)
        self.window_seconds[part] = self.window_seconds.get(part, 0.0) + took

    def effort(self, seconds: float) -> Effort:
        """Where the search's `seconds` went: the windows as timed, the annealing the rest
        (this search counts no kinds of move; the compiled one does)."""
        windows = sum(self.window_seconds.values())
        return Effort({ANNEALING: max(0.0, seconds - windows), **self.window_seconds})

    def _meet(self) -> bool:
        """A checkpoint with the other threads (`_share`): post the best plan; if a peer's
        is cheaper, go on from that one at the current temperature. Whether it restarted."""
        assert self.share is not None
        best = self.best if self.best is not None else self.plan.snapshot()
        shared = self.share.meet(self.best_cost, best, self.clock.budget is not None)
        if shared is None:
            return False
        self.plan.restore(shared[1])
        self.cost = self.best_cost = shared[0]
        self.best = None
        self.restarts += 1
        return True

    # -- the loop ----------------------------------------------------------------------
    def _first_temperature(self) -> float:
        """The start of the cooling in cost units."""
        cooling = self.cooling
        return cooling.start * (self._start_temperature() if cooling.relative else 1.0)

    def _start_temperature(self) -> float:
        """The mean worsening of sampled one-patient and one-nurse moves."""
        plan, rng, roster = self.plan, self.rng, self.plan.r
        worse = []
        for _ in range(200):
            i = self.movable[rng.randrange(self.n)] if self.n else -1
            if i >= 0:
                new = _random_place(plan.w, i, rng)
                if new is not None:
                    d = plan.delta(i, new)
                    if 0 < d < MISSING // 2:
                        worse.append(d)
            rs = rng.randrange(self.rooms * self.shifts)
            working = roster.working[rs % self.shifts]
            if roster.people[rs] and working:
                d = plan.nurse_delta(rs, working[rng.randrange(len(working))])
                if d > 0:
                    worse.append(d)
        return max(1.0, sum(worse) / len(worse)) if worse else 1.0

    def report(self) -> None:
        """The best plan so far: its cost S1-S8, the mandatory patients it leaves out, the
        moves made and the share of the time (or move budget) spent."""
        if self.on_progress is not None:
            clock = self.clock
            left_out, cost = divmod(self.best_cost, MISSING)
            self.on_progress(Progress(wall_time=time.monotonic() - clock.start, objective=cost,
                                      left_out=left_out, moves=clock.count,
                                      fraction=min(1.0, clock.frac)))

    def run(self) -> None:
        rng, clock = self.rng, self.clock
        t0 = self._first_temperature()
        missing = self._missing()
        self.report()
        windows = clock.budget is None and self.n > 0 and self.plan.first_day < self.plan.w.days
        next_window = 0.0
        while not clock.done():
            if (clock.count & REPORT_EVERY) == 0:
                self.report()
                if self.share is not None and self.share.due(clock.frac) and self._meet():
                    missing = self._missing()
                if windows and not missing and clock.frac >= WINDOW_FROM \
                        and time.monotonic() >= next_window:
                    began = time.monotonic()
                    left = clock.deadline - began
                    if left > 1.0:
                        self._window(left / 2)
                        took = time.monotonic() - began
                        next_window = began + took / WINDOW_SHARE
            temp = self.cooling.at(t0, clock.frac)
            if missing and (self.plan.c is not None or rng.random() < MISSING_EJECT):
                self._patient_move(temp, missing)
                missing = self._missing()
            elif self.n and rng.random() >= NURSE_SHARE:
                self._patient_move(temp, [])
                missing = self._missing() if missing else missing
            else:
                self._nurse_move(temp)
        if self.best is not None:
            self.plan.restore(self.best)
            self.cost = self.best_cost
        self.report()
