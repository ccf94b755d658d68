"""An IHTC-2024 planner: greedy construction, then one simulated annealing over the whole plan.

`solve(problem, time_limit, seed)` returns a `SolveResult` with a competition `Solution`.

1. Construction. Mandatory patients first, by due day (then by how few places they fit),
   each at the cheapest (day, room, theatre) that keeps every hard rule: release and due
   day, room capacity and gender on every day of the stay, incompatible rooms, the surgeon's
   and the theatre's minutes. Optional patients follow where they fit. Then every
   room-shift, occupied or not, gets one of the nurses working that shift (greedy).
2. Search. One simulated annealing over patients and nurses together, every move priced
   exactly on the full cost S1-S8 (a patient's move includes its skill, continuity and
   workload costs under the nurses of the room-shifts it leaves and enters), never leaving
   the feasible set. Moves: a patient to another day, room or theatre, or a day or two
   earlier or later (in or out for an optional one); two patients swapping rooms, or (one
   surgeon's) days; ejection, which admits a patient left out (a missing mandatory one,
   priced at MISSING, first) mostly on a day with surgeon time and in a room with a free
   bed, sends home whoever is still in the way and re-places them at their cheapest place;
   a room-shift to another working nurse; two rooms of one shift swapping
   nurses; one nurse taking a room over a run of consecutive shifts (continuity of care).
   The temperature falls in a straight line with the share of the time (or move budget)
   spent, from 25 to nearly zero at 90% of it, then a last descent (`_annealing.SCRATCH`).
   Under a clock, from 30% of the time on, half the time goes to CP-SAT window re-plans of
   two kinds: the patients admitted on one to three days, and those left out who could
   come then, re-placed together with everyone else and the nurses held
   (`_window.replan`: it packs surgeons' minutes, beds and room genders jointly, which
   one-patient moves reach slowly); and the nurses of every occupied room-shift of a day,
   the patients held (`_nurse_window.replan_nurses`). Each kind sweeps the horizon a day
   at a time; the kind that has lately lowered the cost faster goes four times in five; a
   cheaper result is kept. (A move budget, being for reproducible runs, does without them.)
3. With `threads` > 1, that many searches (seeds seed, seed+1, ...) run in separate
   processes and meet at checkpoints (`_share`: from 30% of the time or move budget on,
   every 10%), where each posts its best plan to the parent and one whose best is worse
   than the cheapest posted goes on from that plan, at its own temperature; the cheapest
   plan wins (the lowest seed on a tie). With a move budget the searches wait for each
   other at the checkpoints, so the run stays reproducible; under the clock none waits on
   a slow peer.

A re-plan (`reference`: the plan in force, `replan.py`) replaces the construction by that
plan (`_reference.warm_start`), never moves a patient admitted before its first day nor a
nurse's room in a shift before it, adds the price of every change to the plan in force to
each move's cost (and to the windows' models), and starts cool, to stay near that plan
(`_annealing.REPLAN`).

Deterministic for a seed (and thread count) when stopped by `iterations` rather than the
clock. `stop` (the planners' one `signals.StopSignal`, or any callable that turns true),
polled every few moves, ends the search early with the best plan so far; `on_progress` (one
search only) hears the best cost so far every few thousand moves as the planners' one
`plan.Progress` (cost, must-admit patients left out, moves, share of the time), for a live
cost line. A mandatory patient that fits nowhere is left out (H5); the caller's check
says so.
"""

from __future__ import annotations

import functools
import multiprocessing
import queue
import random
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from hra_tui.solver.ihtc._annealing import REPLAN, SCRATCH, _Clock, _Plan, _Search
from hra_tui.solver.ihtc._reference import warm_start
from hra_tui.solver.ihtc._roster import Roster
from hra_tui.solver.ihtc._share import Board, Exchange
from hra_tui.solver.ihtc._wards import MISSING, Wards, construct
from hra_tui.solver.ihtc.effort import Effort
from hra_tui.solver.ihtc.problem import Problem
from hra_tui.solver.ihtc.replan import Reference
from hra_tui.solver.ihtc.solution import Admission, Assignment, NurseRoster, Solution
from hra_tui.solver.plan import Progress
from hra_tui.solver.signals import ProgressCallback


@dataclass(frozen=True)
class SolveResult:
    solution: Solution
    seconds: float
    patient_moves: int
    nurse_moves: int
    unplaced_mandatory: int
    # The search's own total: S1-S8, plus MISSING per mandatory patient left out (and, in a
    # re-plan, the price of its changes to the plan in force).
    cost: int
    windows: int = 0  # window re-plans made
    windows_better: int = 0  # of which lowered the cost
    # The search's own wall and processor time (the construction not counted) and the moves
    # it tried: moves per second, measured with a move budget (no windows), are its speed
    # (per processor second on a busy machine; with threads, both times summed).
    search_seconds: float = 0.0
    search_cpu: float = 0.0
    moves_tried: int = 0
    # Where the search's time went (the annealing, each window kind) and, compiled, its moves
    # per kind: tried, accepted, improving the best (`effort.py`).
    effort: Effort = field(default_factory=Effort)
    restarts: int = 0  # with threads: restarts from a peer's cheaper plan at a checkpoint



def solve(problem: Problem, time_limit: float = 60.0, seed: int = 0,
          iterations: int | None = None, stop: Callable[[], bool] | None = None,
          threads: int = 1, on_progress: ProgressCallback | None = None,
          reference: Reference | None = None, compiled: bool = False) -> SolveResult:
    """Plan admissions, theatres and nurses within `time_limit` seconds.

    `iterations`, if given, replaces the clock by a move budget, so a run is reproducible
    move for move whatever the machine. `stop()` returning true (a `StopSignal` once stopped)
    ends the search early (within a fraction of a second) with the best plan so far.
    `threads` > 1 runs that many searches (seeds seed, seed+1, ...) in as many processes,
    which meet at checkpoints where the worse restart from the cheapest plan (`_share`;
    `SolveResult.restarts` counts them), and keeps the cheapest. `on_progress`, called from
    the searching thread, follows a single search (with `threads` > 1 it hears only the
    winner's cost at the end).

    `reference`, the plan in force, makes it a re-plan (`replan.py`): the search starts from
    that plan, keeps what is before its first day, and prices each change to it; the cost
    it reports (and progresses on) then includes the changes' price.

    `compiled` runs the annealing's moves compiled (`_jit_search`, numba): the same moves
    and prices some thirty times faster, with another random stream than the pure-Python
    search, which stays the reference (and the search of a re-plan).
    """
    if threads > 1:
        result = _solve_parallel(problem, time_limit, seed, iterations, stop, threads,
                                 reference, compiled)
        if on_progress is not None:
            on_progress(Progress(wall_time=result.seconds, objective=result.cost % MISSING,
                                 left_out=result.unplaced_mandatory,
                                 moves=result.patient_moves + result.nurse_moves,
                                 fraction=1.0))
        return result
    return _solve_one(problem, time_limit, seed, iterations, stop, on_progress, reference,
                      compiled)


def _solve_one(problem: Problem, time_limit: float, seed: int, iterations: int | None,
               stop: Callable[[], bool] | None, on_progress: ProgressCallback | None,
               reference: Reference | None, compiled: bool,
               share: Exchange | None = None) -> SolveResult:
    """One search (`share`: one of `threads` meeting at checkpoints)."""
    start = time.monotonic()
    rng = random.Random(seed)
    plan = start_plan(problem, rng) if reference is None else reference_plan(problem, reference)
    wards, roster = plan.w, plan.r
    deadline = start + time_limit * 0.97 - 0.05
    kind = _Search
    if compiled and reference is None:
        from hra_tui.solver.ihtc._jit_search import CompiledSearch  # numba only when used

        kind = CompiledSearch
    search = kind(plan, rng, _Clock(max(deadline, time.monotonic()), iterations, stop),
                  on_progress, SCRATCH if reference is None else REPLAN)
    search.share = share
    began, cpu = time.monotonic(), time.process_time()
    search.run()
    took = time.monotonic() - began
    return SolveResult(_solution(problem, wards, roster), time.monotonic() - start,
                       search.patient_moves, search.nurse_moves,
                       sum(p.mandatory and wards.place[i] is None
                           for i, p in enumerate(problem.patients)), search.cost,
                       search.windows, search.windows_better, took,
                       time.process_time() - cpu, search.clock.count, search.effort(took),
                       search.restarts)


def start_plan(problem: Problem, rng: random.Random) -> _Plan:
    """The construction: patients admitted greedily, then a nurse for every room-shift."""
    wards = Wards(problem)
    construct(wards, rng)
    roster = Roster(problem)
    for i, place in enumerate(wards.place):
        roster.move_patient(i, None, place)
    roster.construct()
    return _Plan(problem, wards, roster)


def reference_plan(problem: Problem, reference: Reference) -> _Plan:
    """The plan in force as the start of a re-plan (`_reference.warm_start`)."""
    wards, roster, changes, frozen = warm_start(problem, reference)
    return _Plan(problem, wards, roster, changes, frozen,
                 max(0, min(reference.first_day, problem.days)))


def _solve_parallel(problem: Problem, time_limit: float, seed: int, iterations: int | None,
                    stop: Callable[[], bool] | None, threads: int,
                    reference: Reference | None, compiled: bool) -> SolveResult:
    """`threads` searches in fresh processes; a shared event passes `stop` on to them, and
    the parent relays their best plans at the checkpoints (`_share.Board`)."""
    start = time.monotonic()
    # Forking is fast and safe from a single-threaded caller (the command line); from a
    # threaded one (the console) the searches start afresh instead.
    alone = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if alone else "spawn")
    halt = ctx.Event()
    # The searches post their best plans to the parent at checkpoints; it answers each in
    # its own inbox (`_share`).
    posts, inboxes = ctx.Queue(), [ctx.Queue() for _ in range(threads)]
    board = Board(threads, inboxes, iterations is not None)
    with ProcessPoolExecutor(threads, mp_context=ctx, initializer=_child_start,
                             initargs=(halt, posts, inboxes)) as pool:
        # The processes start while the clock runs: each gets what is left of the limit.
        jobs = [pool.submit(_child_solve, problem, time_limit, time.time(), seed + k, k,
                            iterations, reference, compiled) for k in range(threads)]
        while not all(job.done() for job in jobs):
            # A search that failed would leave the others waiting at a checkpoint.
            if (stop is not None and stop()) or any(
                    job.done() and job.exception() is not None for job in jobs):
                halt.set()
            try:
                board.take(*posts.get(timeout=0.02))
            except queue.Empty:
                pass
        results = [job.result() for job in jobs]
    for inbox in inboxes:
        _close(inbox)
    best = min(range(threads), key=lambda k: (results[k].cost, k))
    return SolveResult(results[best].solution, time.monotonic() - start,
                       sum(r.patient_moves for r in results),
                       sum(r.nurse_moves for r in results),
                       results[best].unplaced_mandatory, results[best].cost,
                       sum(r.windows for r in results), sum(r.windows_better for r in results),
                       sum(r.search_seconds for r in results),
                       sum(r.search_cpu for r in results), sum(r.moves_tried for r in results),
                       functools.reduce(Effort.plus, (r.effort for r in results)),
                       sum(r.restarts for r in results))


def _close(inbox: Any) -> None:
    """Drop what a search left unread (a late answer, under the clock) and end the queue's
    thread, so that the next solve starts from a single-threaded caller again (and forks)."""
    while True:
        try:
            inbox.get(timeout=0.05)
        except queue.Empty:
            break
    inbox.close()
    inbox.join_thread()


_halt: Any = None  # in a search process: the parent's stop event
_posts: Any = None  # and the queue of its posts to the parent, and every search's inbox
_inboxes: list[Any] = []


def _child_start(halt: Any, posts: Any, inboxes: list[Any]) -> None:
    global _halt, _posts, _inboxes
    _halt, _posts, _inboxes = halt, posts, inboxes
    posts.cancel_join_thread()  # a last post the parent no longer reads must not hold exit
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop


def _child_solve(problem: Problem, time_limit: float, started: float, seed: int, k: int,
                 iterations: int | None, reference: Reference | None,
                 compiled: bool) -> SolveResult:
    # What is left of the limit, less a margin for handing the plan back to the parent.
    left = max(0.1, time_limit - 0.1 - (time.time() - started))
    return _solve_one(problem, left, seed, iterations, _halt.is_set, None, reference,
                      compiled, Exchange(k, _posts, _inboxes[k], _halt.is_set))


def _solution(problem: Problem, wards: Wards, roster: Roster) -> Solution:
    admissions = []
    for i, p in enumerate(problem.patients):
        place = wards.place[i]
        if place is None:
            admissions.append(Admission(p.id, None))
        else:
            day, room, theater = place
            admissions.append(Admission(p.id, day, problem.rooms[room].id,
                                        problem.theaters[theater].id))
    spd, shifts = problem.shifts_per_day, problem.shifts
    rosters = []
    for n, nurse in enumerate(problem.nurses):
        out = []
        for s in nurse.working_shifts:
            rooms = tuple(problem.rooms[r].id for r in range(len(problem.rooms))
                          if roster.assign[r * shifts + s] == n and roster.people[r * shifts + s])
            out.append(Assignment(s // spd, problem.shift_types[s % spd], rooms))
        rosters.append(NurseRoster(nurse.id, tuple(out)))
    return Solution(tuple(admissions), tuple(rosters))
