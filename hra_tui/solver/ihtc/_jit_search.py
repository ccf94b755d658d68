"""The annealing with its inner loop compiled (`_jit_moves`): the search `solve` runs by
default for a plan from scratch.

`CompiledSearch` is the pure-Python `_Search` (its start temperature, its progress reports,
its CP-SAT windows and its stop) with the moves run in compiled batches of 4,096 between
reports: the plan lives in numpy arrays while the batches run and is copied back to the
Python plan (`_Plan`) for a window, a report of the end, or the result. The Python search
stays the reference: the same moves with the same prices, which the tests compare move by
move. Only this module and `_jit_moves` import numba, and only when a search runs.
"""

from __future__ import annotations

import time

import numpy as np

from hra_tui.solver.ihtc import _jit_moves as jit
from hra_tui.solver.ihtc._annealing import (
    COLD,
    REPORT_EVERY,
    WINDOW_FROM,
    WINDOW_SHARE,
    Place,
    _Search,
)
from hra_tui.solver.ihtc.effort import MOVE_KINDS, Effort

I64 = np.int64


def _padded(rows: list[list[int]], width: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Rows of different lengths as one array (padded with -1) and their lengths."""
    width = max([width, *(len(r) for r in rows)])
    out = np.full((max(1, len(rows)), width), -1, I64)
    for k, row in enumerate(rows):
        out[k, :len(row)] = row
    return out, np.array([len(r) for r in rows] or [0], I64)


def static(plan) -> np.ndarray:
    """The instance as `_jit_moves` reads it (`S`)."""
    p, w, r = plan.p, plan.w, plan.r
    pts, occ = p.patients, p.occupants
    days, rooms, theaters, shifts, spd = p.days, len(p.rooms), len(p.theaters), p.shifts, \
        p.shifts_per_day
    npat = len(pts)
    dims = np.array([days, w.ages, rooms, theaters, shifts, spd, r.levels, len(p.nurses), npat,
                     npat + len(occ)], I64)
    wt = np.array([w.w_age, r.w_skill, r.w_cont, r.w_load, w.w_open, w.w_transfer,
                   w.w_delay, w.w_unsched], I64)

    def col(f) -> np.ndarray:
        return np.array([f(q) for q in pts] or [0], I64)

    incompat = np.zeros((max(1, npat), rooms), I64)
    for i, q in enumerate(pts):
        for room in q.incompatible_rooms:
            incompat[i, room] = 1
    op_days, n_op = _padded(w.op_days)
    wl, nsh = _padded([list(x) for x in r.workload])
    sk, _ = _padded([list(x) for x in r.skill], wl.shape[1])
    wl[wl < 0] = 0
    sk[sk < 0] = 0
    working, n_working = _padded(r.working)
    works = np.zeros((shifts, len(p.nurses)), I64)
    for s, nurses in enumerate(r.working):
        works[s, nurses] = 1
    by_surgeon, n_by = _padded([[i for i in range(npat) if pts[i].surgeon == s]
                                for s in range(len(p.surgeons))])
    occ_info = np.array([[o.length_of_stay, 0 if o.gender == "A" else 1, o.age_group]
                         for o in occ], I64).reshape(-1, 3)
    return jit.flat([dims, wt, col(lambda q: q.length_of_stay), np.array(w.sex or [0], I64),
            col(lambda q: q.age_group), col(lambda q: q.surgeon),
            col(lambda q: q.surgery_duration), col(lambda q: q.release_day),
            col(lambda q: min(p.last_admission_day(q), days - 1)),
            col(lambda q: int(q.mandatory)), incompat, op_days, wl, sk, nsh,
            np.array(w.cap, I64), np.array(w.surgeon_max, I64), np.array(w.theater_max, I64),
            np.array(r.level or [0], I64), np.array(r.load_max or [0], I64), working,
            n_working, occ_info, np.array([i for i in range(npat) if pts[i].mandatory], I64),
            n_by, by_surgeon, n_op, np.array([o.room for o in occ], I64),
            np.array([i for i in range(npat) if not pts[i].mandatory], I64), works])


def state(plan) -> np.ndarray:
    """Room for the plan and its tallies (`D`), filled by `load`."""
    p = plan.p
    days, rooms, shifts, spd = p.days, len(p.rooms), p.shifts, p.shifts_per_day
    npat, nurses, ages = len(p.patients), len(p.nurses), len(p.age_groups)
    rd, rs = rooms * days, rooms * shifts
    in_room = [sum(o.room == room for o in p.occupants) for room in range(rooms)]
    beds = max([r.capacity + in_room[k] for k, r in enumerate(p.rooms)] or [0]) + 1
    journal = 2 * npat + 3 * spd + 8
    people = npat + len(p.occupants)
    return jit.flat([np.full((max(1, npat), 3), -1, I64), np.zeros(rd, I64), np.zeros((2, rd), I64),
            np.zeros(rd * ages, I64), np.zeros(rd, I64),
            np.zeros(len(p.surgeons) * days, I64), np.zeros(len(p.theaters) * days, I64),
            np.zeros(len(p.theaters) * days, I64),
            np.zeros((len(p.surgeons) * days, len(p.theaters)), I64),
            np.zeros(len(p.surgeons) * days, I64), np.zeros((rs, beds), I64),
            np.zeros(rs, I64), np.zeros((rs, plan.r.levels), I64), np.zeros(rs, I64),
            np.full(rs, -1, I64), np.zeros(nurses * shifts, I64),
            np.zeros((max(1, people), max(1, nurses)), I64), np.zeros(max(1, people), I64),
            np.zeros(journal, I64), np.zeros(journal, I64), np.zeros((journal, 3), I64),
            np.full((max(1, npat), 3), -1, I64), np.full(rs, -1, I64), np.zeros(10, I64),
            np.zeros(max(1, nurses), I64), np.zeros((len(MOVE_KINDS), 3), I64)])


def scratch(plan) -> np.ndarray:
    """Working room for the ejection and the moves' new places."""
    p = plan.p
    npat = max(1, len(p.patients))
    return jit.flat([np.zeros(len(p.rooms), I64), np.zeros(p.days, I64),
                     np.zeros(len(p.rooms), I64), np.zeros((4, len(p.theaters)), I64),
                     np.zeros(npat, I64), np.zeros(npat, I64), np.zeros(npat, I64),
                     np.zeros((1, 3), I64), np.zeros((1, 3), I64)])


def places_of(plan) -> np.ndarray:
    out = np.full((max(1, len(plan.w.place)), 3), -1, I64)
    for i, pl in enumerate(plan.w.place):
        if pl is not None:
            out[i] = pl
    return out


def load(D: np.ndarray, S: np.ndarray, plan) -> None:
    """The Python plan into the arrays (every tally rebuilt)."""
    jit.rebuild(D, S, places_of(plan), np.array(plan.r.assign, I64))


def _snapshot(places: np.ndarray, assign: np.ndarray, n: int
              ) -> tuple[list[Place | None], list[int]]:
    rows = places[:n].tolist()
    return [tuple(row) if row[0] >= 0 else None for row in rows], assign.tolist()


class CompiledSearch(_Search):
    """`_Search` with the moves compiled; windows, reports and the stop as there."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        plan = self.plan
        self.S, self.D, self.scratch = static(plan), state(plan), scratch(plan)
        jit.seed(self.D, self.rng.randrange(1 << 31))
        self._to_arrays()

    def field(self, k: int) -> np.ndarray:
        """Field k of the compiled plan (`_jit_moves`' layout of `D`)."""
        return jit.view(self.D, k)

    def _to_arrays(self) -> None:
        """The Python plan, its cost and best cost into the compiled state."""
        load(self.D, self.S, self.plan)
        st = self.field(23)
        st[jit.COST], st[jit.BEST] = self.cost, self.best_cost
        st[jit.CURRENT] = self.best is None
        st[jit.PMOVES], st[jit.NMOVES] = self.patient_moves, self.nurse_moves
        st[jit.MISSING_N] = len(self._missing())

    def _to_python(self) -> None:
        """The compiled plan (and counts) back into the Python plan."""
        D = self.D
        st = jit.view(D, 23)
        n = len(self.plan.w.place)
        self.plan.restore(_snapshot(jit.view(D, 0), jit.view(D, 14), n))
        self.cost, self.best_cost = int(st[jit.COST]), int(st[jit.BEST])
        self.best = None if st[jit.CURRENT] else _snapshot(jit.view(D, 21), jit.view(D, 22), n)
        self.patient_moves, self.nurse_moves = int(st[jit.PMOVES]), int(st[jit.NMOVES])

    def effort(self, seconds: float) -> Effort:
        """`_Search.effort` with the compiled loop's moves per kind (field 25)."""
        counts = self.field(25)
        spent = super().effort(seconds)
        return Effort(spent.seconds, {kind: (int(counts[k, 0]), int(counts[k, 1]),
                                             int(counts[k, 2]))
                                      for k, kind in enumerate(MOVE_KINDS)})

    def report(self) -> None:
        self.best_cost = int(self.field(23)[jit.BEST])
        super().report()

    def run(self) -> None:
        clock = self.clock
        t0, cooling = self._first_temperature(), self.cooling
        self.report()
        windows = clock.budget is None and self.n > 0 and self.plan.first_day < self.plan.w.days
        next_window = 0.0
        per_move = 1e-6  # seconds a move, measured on each batch
        span = max(1e-6, clock.deadline - clock.start)
        while not (clock.stop is not None and clock.stop()):
            batch = REPORT_EVERY + 1
            if clock.budget is not None:
                batch = min(batch, clock.budget - clock.count)
                if batch <= 0:
                    break
                frac, dfrac = clock.count / clock.budget, 1.0 / clock.budget
            else:
                now = time.monotonic()
                if now >= clock.deadline and clock.count:
                    break  # one batch at least: loading the compiled code may take the limit
                frac, dfrac = (now - clock.start) / span, per_move / span
            began = time.monotonic()
            jit.run(self.D, self.S, batch, t0, COLD, cooling.linear, cooling.until, frac,
                    dfrac, self.scratch)
            per_move = max(1e-9, (time.monotonic() - began) / batch)
            clock.count += batch
            clock.frac = frac + batch * dfrac
            self.report()
            if self.share is not None and self.share.due(clock.frac):
                self._to_python()
                if self._meet():
                    self._to_arrays()
            if windows and not self.field(23)[jit.MISSING_N] and clock.frac >= WINDOW_FROM \
                    and time.monotonic() >= next_window:
                began = time.monotonic()
                left = clock.deadline - began
                if left > 1.0:
                    self._to_python()
                    self._window(left / 2)
                    self._to_arrays()
                    next_window = began + (time.monotonic() - began) / WINDOW_SHARE
        self._to_python()
        if self.best is not None:
            self.plan.restore(self.best)
            self.cost = self.best_cost
        super().report()


def warm() -> None:
    """Compile the compiled search's code into numba's cache (the install does, `make`), so
    that no solve spends its time limit compiling (a minute or more of one core)."""
    flat, plan_rows = "int64[::1]", "int64[:, ::1]"
    jit.rebuild.compile(f"({flat}, {flat}, {plan_rows}, {flat})")
    jit.total.compile(f"({flat}, {flat})")
    jit.run.compile(f"({flat}, {flat}, int64, float64, float64, boolean, float64, float64, "
                    f"float64, {flat})")
