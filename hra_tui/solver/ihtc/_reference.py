"""The plan in force inside the search: the warm start, the frozen past, the price of changes.

`warm_start` builds the search's tallies from a `Reference` instead of the construction:
the past is closed (no surgeon or theatre minutes before the first day that may change, so
no move can admit anyone then), patients admitted before it are put back where they are and
frozen, every other patient goes back to its place in the plan in force if that place still
keeps every hard rule (else it starts left out, and the search's ejection re-places a
mandatory one first), and every room-shift keeps its nurse if they still work the shift.

`ChangeCosts` prices a move's changes to the plan in force exactly as `replan.diff` counts
them, from the tallies as they stand, so nothing needs journaling: a patient's own changes,
and the room-shifts whose nurse starts or stops counting because the patient is the first
to enter them or the last to leave.
"""

from __future__ import annotations

from hra_tui.solver.ihtc._roster import Roster
from hra_tui.solver.ihtc._wards import Wards
from hra_tui.solver.ihtc.problem import Problem
from hra_tui.solver.ihtc.replan import Reference

Place = tuple[int, int, int]
# The minutes left on a past day: below any surgery, even one of 0 minutes.
CLOSED = -1
UNKNOWN = object()  # a patient the plan in force does not know: placing them costs nothing


class ChangeCosts:
    """The price of each change to the plan in force, per patient and per room-shift."""

    def __init__(self, problem: Problem, reference: Reference) -> None:
        self.spd, self.shifts = problem.shifts_per_day, problem.shifts
        self.w_adm, self.w_nurse = reference.admission_weight, reference.nurse_weight
        self.stay = [p.length_of_stay * self.spd for p in problem.patients]
        was = {a.patient: a for a in reference.solution.admissions}
        rooms, theatres = problem.room_index, problem.theater_index
        self.ref: list[object] = []  # per patient: Place, None (left out) or UNKNOWN
        for p in problem.patients:
            a = was.get(p.id)
            if a is None:
                self.ref.append(UNKNOWN)
            elif a.day is None:
                self.ref.append(None)
            else:  # a room or theatre gone since matches no place
                self.ref.append((a.day, rooms.get(a.room, -1), theatres.get(a.theater, -1)))
        self.nurse = [-1] * (len(problem.rooms) * self.shifts)  # per room-shift
        for roster in reference.solution.nurses:
            n = problem.nurse_index.get(roster.nurse)
            for a in roster.assignments:
                kind = problem.shift_type_index.get(a.shift)
                if n is None or kind is None or a.day >= problem.days:
                    continue
                for room in a.rooms:
                    if room in rooms:
                        self.nurse[rooms[room] * self.shifts + a.day * self.spd + kind] = n

    # -- a patient's own changes ---------------------------------------------------------
    def room_day(self, i: int, day: int, room: int) -> int:
        """The changes of being admitted on `day` to `room` (the theatre's apart)."""
        ref = self.ref[i]
        if ref is UNKNOWN:
            return 0
        if ref is None:
            return self.w_adm  # admitted, where the plan in force left them out
        return self.w_adm * ((day != ref[0]) + (room != ref[1]))

    def theatre(self, i: int, theatre: int) -> int:
        ref = self.ref[i]
        return self.w_adm * (theatre != ref[2]) if isinstance(ref, tuple) else 0

    def out(self, i: int) -> int:
        """The change of leaving patient i out."""
        return self.w_adm if isinstance(self.ref[i], tuple) else 0

    def place(self, i: int, place: Place | None) -> int:
        if place is None:
            return self.out(i)
        return self.room_day(i, place[0], place[1]) + self.theatre(i, place[2])

    # -- nurses --------------------------------------------------------------------------
    def room_shift(self, rs: int, n: int) -> int:
        """The change of nurse n looking after the occupied room-shift rs."""
        ref = self.nurse[rs]
        return self.w_nurse if ref >= 0 and n != ref else 0

    def nurse_delta(self, roster: Roster, rs: int, n: int) -> int:
        if not roster.people[rs]:
            return 0
        return self.room_shift(rs, n) - self.room_shift(rs, roster.assign[rs])

    def patient_delta(self, roster: Roster, i: int, old: Place | None,
                      new: Place | None) -> int:
        """The change cost if patient i moves from `old` to `new`: its own, and that of the
        room-shifts it alone occupies now or will be first to occupy."""
        if old == new:
            return 0
        d = self.place(i, new) - self.place(i, old)
        if not self.w_nurse:
            return d
        o_lo, o_hi = self._span(i, old)
        n_lo, n_hi = self._span(i, new)
        people, assign = roster.people, roster.assign
        for rs in range(o_lo, o_hi):
            if len(people[rs]) == 1 and not n_lo <= rs < n_hi:
                d -= self.room_shift(rs, assign[rs])
        for rs in range(n_lo, n_hi):
            if not people[rs] and not o_lo <= rs < o_hi:
                d += self.room_shift(rs, assign[rs])
        return d

    def _span(self, i: int, place: Place | None) -> tuple[int, int]:
        """The room-shifts of patient i's stay at `place`, as a range of indexes."""
        if place is None:
            return 0, 0
        first = place[0] * self.spd
        base = place[1] * self.shifts
        return base + first, base + min(first + self.stay[i], self.shifts)

    def total(self, wards: Wards, roster: Roster) -> int:
        cost = sum(self.place(i, place) for i, place in enumerate(wards.place))
        return cost + sum(self.room_shift(rs, n) for rs, n in enumerate(roster.assign)
                          if roster.people[rs])


def warm_start(problem: Problem, reference: Reference
               ) -> tuple[Wards, Roster, ChangeCosts, frozenset[int]]:
    """The tallies of the plan in force on today's problem, and the frozen patients."""
    first = max(0, min(reference.first_day, problem.days))
    wards = Wards(problem)
    days = wards.days
    for x in range(len(wards.surgeon_max)):
        if x % days < first:
            wards.surgeon_max[x] = CLOSED
    for x in range(len(wards.theater_max)):
        if x % days < first:
            wards.theater_max[x] = CLOSED
    wards.op_days = [[d for d in op if d >= first] for op in wards.op_days]
    costs = ChangeCosts(problem, reference)
    places = [ref if isinstance(ref, tuple) and min(ref) >= 0 and ref[0] < days else None
              for ref in costs.ref]
    frozen = frozenset(i for i, place in enumerate(places)
                       if place is not None and place[0] < first)
    for i in sorted(frozen):
        wards.put(i, places[i])  # it happened: kept even where today's records object
    for i in sorted((i for i, pl in enumerate(places) if pl is not None and i not in frozen),
                    key=lambda i: places[i]):
        p = problem.patients[i]
        if p.release_day <= places[i][0] <= min(problem.last_admission_day(p), days - 1) \
                and wards.fits(i, *places[i]):
            wards.put(i, places[i])
    roster = Roster(problem)
    for i, place in enumerate(wards.place):
        roster.move_patient(i, None, place)
    for rs, n in enumerate(costs.nurse):
        if n >= 0 and n in roster.works[rs % roster.shifts]:
            roster.set(rs, n)
    _fill(roster)
    return wards, roster, costs, frozen


def _fill(roster: Roster) -> None:
    """A nurse for every room-shift still without one (the plan in force had nobody there,
    or its nurse no longer works the shift): the cheapest working nurse, as the
    construction chooses."""
    shifts = roster.shifts
    for rs in sorted(range(len(roster.assign)), key=lambda rs: -roster.rs_load[rs]):
        working = roster.working[rs % shifts]
        if roster.assign[rs] < 0 and working:
            roster.set(rs, min(working, key=lambda n: (roster.delta(rs, n),
                                                       roster.load[n * shifts + rs % shifts],
                                                       n)))
