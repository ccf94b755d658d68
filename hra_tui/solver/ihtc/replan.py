"""Re-planning from a plan in force: what is frozen, what a change is, and what it costs.

When the world changes after a plan was applied (a theatre closes, a nurse is away), a plan
from scratch may move half the ward's patients to fix one hole. A re-plan starts from the
plan in force (`Reference`) and prices every change to it on top of the competition's cost,
so it moves only what pays. The competition's checker is untouched: the change cost is
reported apart (`diff`), never folded into S1-S8.

What counts as one change, per the plan in force:

- a patient's admission day, room or theatre differing (one each: moving a patient to
  another day and room is two changes);
- a patient the plan in force admitted left out, or one it left out now admitted (one);
- an occupied room-shift whose nurse differs from the plan in force's nurse of that
  room-shift (one). A room-shift the plan in force had nobody in, or that is empty now, has
  no nurse to keep: a patient moving in or out is already counted as the patient's change.

Patients the plan in force does not know (requests added since) cost nothing to place.
What is before `first_day` (today) is frozen: patients admitted then keep their day, room
and theatre, nurses keep their rooms in those shifts, and no one new is admitted then.

Pure Python, like the checker: no OR-Tools.
"""

from __future__ import annotations

from dataclasses import dataclass

from hra_tui.solver.ihtc.problem import Problem, Weights
from hra_tui.solver.ihtc.solution import Admission, Solution


@dataclass(frozen=True)
class Reference:
    """The plan in force, from which day re-planning may change it, and the price of a
    change: `admission_weight` per changed day, room or theatre of a patient (or a patient
    in or out), `nurse_weight` per room-shift given another nurse."""

    solution: Solution
    first_day: int
    admission_weight: int
    nurse_weight: int


def default_weights(weights: Weights) -> tuple[int, int]:
    """The change weights when the clerk names none, from the horizon's own weights.

    A patient's change costs what leaving an optional patient out costs (S8): a clerk would
    rather not admit one more optional patient than ring someone already told their day. A
    nurse's room changes for no less than one unit of the dearest nurse-side cost (S2, S3,
    S4): it moves only where a patient's care gains from it."""
    return (max(1, weights.unscheduled_optional),
            max(1, weights.room_nurse_skill, weights.continuity_of_care,
                weights.nurse_excessive_workload))


@dataclass(frozen=True)
class AdmissionChange:
    """A patient the re-plan places otherwise: before and after (None: not admitted)."""

    patient: str
    before: Admission | None
    after: Admission | None
    count: int  # changes: days, rooms, theatres differing, or 1 for in or out


@dataclass(frozen=True)
class NurseChange:
    """An occupied room-shift whose nurse changes (`after` None: no nurse at all)."""

    room: str
    day: int
    shift: str
    before: str
    after: str | None


@dataclass(frozen=True)
class Diff:
    """What a re-plan changes in the plan in force, and what the changes cost."""

    admissions: tuple[AdmissionChange, ...]
    nurses: tuple[NurseChange, ...]
    new: tuple[Admission, ...]  # patients the plan in force did not know, as now placed
    admission_weight: int
    nurse_weight: int

    @property
    def patients_moved(self) -> int:
        return len(self.admissions)

    @property
    def count(self) -> int:
        return sum(c.count for c in self.admissions) + len(self.nurses)

    @property
    def cost(self) -> int:
        return (self.admission_weight * sum(c.count for c in self.admissions)
                + self.nurse_weight * len(self.nurses))


def admission_changes(before: Admission | None, after: Admission | None) -> int:
    """Changes between two decisions for one patient (None: not admitted)."""
    placed = (before is not None and before.day is not None,
              after is not None and after.day is not None)
    if placed == (True, True):
        return ((before.day != after.day) + (before.room != after.room)
                + (before.theater != after.theater))
    return int(placed[0] != placed[1])


def diff(problem: Problem, reference: Reference, solution: Solution) -> Diff:
    """The changes `solution` makes to the plan in force, as the search prices them."""
    was = {a.patient: a for a in reference.solution.admissions}
    now = {a.patient: a for a in solution.admissions}
    moved, new = [], []
    for patient in problem.patients:
        after = now.get(patient.id)
        if patient.id not in was:
            if after is not None and after.day is not None:
                new.append(after)
            continue
        before = was[patient.id]
        count = admission_changes(before, after)
        if count:
            moved.append(AdmissionChange(patient.id, _placed(before), _placed(after), count))
    before_nurse = room_nurses(problem, reference.solution)
    after_nurse = room_nurses(problem, solution)
    nurses = []
    spd = problem.shifts_per_day
    for key in sorted(occupied(problem, solution)):
        old = before_nurse.get(key)
        if old is not None and after_nurse.get(key) != old:
            room, shift = key
            nurses.append(NurseChange(room, shift // spd, problem.shift_types[shift % spd],
                                      old, after_nurse.get(key)))
    return Diff(tuple(moved), tuple(nurses), tuple(new), reference.admission_weight,
                reference.nurse_weight)


def _placed(admission: Admission | None) -> Admission | None:
    return admission if admission is not None and admission.day is not None else None


def room_nurses(problem: Problem, solution: Solution) -> dict[tuple[str, int], str]:
    """(room, global shift) -> the nurse a solution names for it (the last named, as the
    checker reads a room given twice); entries the problem cannot place are left out."""
    out: dict[tuple[str, int], str] = {}
    spd, types = problem.shifts_per_day, problem.shift_type_index
    for roster in solution.nurses:
        for a in roster.assignments:
            if a.shift in types and a.day < problem.days:
                for room in a.rooms:
                    out[room, a.day * spd + types[a.shift]] = roster.nurse
    return out


def occupied(problem: Problem, solution: Solution) -> set[tuple[str, int]]:
    """(room, global shift) of every room-shift someone is in under `solution`."""
    spd, shifts = problem.shifts_per_day, problem.shifts
    out: set[tuple[str, int]] = set()
    for o in problem.occupants:
        room = problem.rooms[o.room].id
        out.update((room, s) for s in range(min(o.length_of_stay * spd, shifts)))
    stays = {p.id: p.length_of_stay for p in problem.patients}
    for a in solution.admissions:
        if a.day is not None and a.patient in stays:
            first = a.day * spd
            out.update((a.room, s) for s in range(first, min(first + stays[a.patient] * spd,
                                                             shifts)))
    return out
