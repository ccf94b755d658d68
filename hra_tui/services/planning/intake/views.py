"""An admissions plan as a clerk reads it: the cost in words, and the boards the console and
the command line show (who is in each room each day, theatre minutes, nurses per room-shift).

Pure functions of the problem and the plan: no database, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from hra_tui.services.planning.intake.problem import TO_GENDER
from hra_tui.solver.ihtc import CheckResult, Problem, Solution

# The soft costs S1-S8 in the clerk's words, grouped as the ward weighs them.
COST_WORDS: tuple[tuple[str, str, str], ...] = (
    ("S7", "waiting", "admission delay (days past ready)"),
    ("S8", "waiting", "optional patients not scheduled"),
    ("S1", "quality", "age mix in a room"),
    ("S2", "quality", "nurse skill short of need"),
    ("S3", "quality", "continuity of care (nurses per patient)"),
    ("S4", "quality", "nurse overload"),
    ("S5", "cost", "open theatres (theatre-days)"),
    ("S6", "cost", "surgeon moving between theatres"),
)
# The hard rules H1-H8 in the same words (a plan breaking one cannot be applied).
RULE_WORDS = {
    "RoomGenderMix": "women and men in one room",
    "PatientRoomCompatibility": "patient in a room not suited to them",
    "SurgeonOvertime": "surgeon minutes over the day's maximum",
    "OperatingTheaterOvertime": "theatre minutes over what is open",
    "MandatoryUnscheduledPatients": "patients who must come in, left out",
    "AdmissionDay": "admitted before ready or after due",
    "RoomCapacity": "more patients than beds in a room",
    "NursePresence": "nurse given a shift they do not work",
    "UncoveredRoom": "occupied room without a nurse",
}


@dataclass(frozen=True)
class CostLine:
    code: str
    group: str  # waiting, quality or cost
    words: str
    count: int
    weight: int
    cost: int


def cost_lines(result: CheckResult) -> list[CostLine]:
    """S1-S8 in the clerk's words, waiting first, then quality, then cost."""
    terms = {term.code: term for term in result.soft}
    return [CostLine(code, group, words, terms[code].count, terms[code].weight or 0,
                     terms[code].cost) for code, group, words in COST_WORDS]


def broken_rules(result: CheckResult) -> list[tuple[str, int]]:
    """The hard rules the plan breaks, in words, with how often."""
    return [(RULE_WORDS[term.name], term.count) for term in result.hard if term.count]


@dataclass(frozen=True)
class Stay:
    """Someone in a room: a patient the plan admits, or an occupant already there."""

    who: str
    gender: str  # F or M, as the ward records it
    age_group: int  # index into the problem's age groups, youngest first
    first_day: int
    last_day: int  # the last day in the horizon
    occupant: bool


def stays_by_room(problem: Problem, solution: Solution) -> list[list[Stay]]:
    """For each room (in the problem's order), everyone in it over the horizon."""
    rooms: list[list[Stay]] = [[] for _ in problem.rooms]
    last = problem.days - 1
    for o in problem.occupants:
        rooms[o.room].append(Stay(o.id, TO_GENDER[o.gender], o.age_group, 0,
                                  min(last, o.length_of_stay - 1), True))
    index = {room.id: k for k, room in enumerate(problem.rooms)}
    patients = {p.id: p for p in problem.patients}
    for a in solution.admissions:
        if a.day is None:
            continue
        p = patients[a.patient]
        rooms[index[a.room]].append(Stay(p.id, TO_GENDER[p.gender], p.age_group, a.day,
                                         min(last, a.day + p.length_of_stay - 1), False))
    for stays in rooms:
        stays.sort(key=lambda s: (s.first_day, s.who))
    return rooms


def age_marks(problem: Problem) -> list[str]:
    """One character per age group: its initial when the initials differ, else its number."""
    initials = [group[:1].lower() or "?" for group in problem.age_groups]
    if len(set(initials)) == len(initials):
        return initials
    return [str(k + 1)[-1] for k in range(len(problem.age_groups))]


def room_cell(stays: list[Stay], day: int, marks: list[str]) -> str:
    """A room on one day: head count, gender, youngest and oldest age group ("2Fae"), or ""."""
    here = [s for s in stays if s.first_day <= day <= s.last_day]
    if not here:
        return ""
    genders = "".join(sorted({s.gender for s in here}))
    young = min(s.age_group for s in here)
    old = max(s.age_group for s in here)
    return f"{len(here)}{genders}{marks[young]}{marks[old] if old != young else ''}"


def theatre_minutes(problem: Problem, solution: Solution) -> list[list[tuple[int, int]]]:
    """For each theatre and day: (minutes booked, minutes open)."""
    used = [[0] * problem.days for _ in problem.theaters]
    index = {theatre.id: k for k, theatre in enumerate(problem.theaters)}
    patients = {p.id: p for p in problem.patients}
    for a in solution.admissions:
        if a.day is not None:
            used[index[a.theater]][a.day] += patients[a.patient].surgery_duration
    return [[(used[k][d], theatre.availability[d]) for d in range(problem.days)]
            for k, theatre in enumerate(problem.theaters)]


def nurse_of_room(problem: Problem, solution: Solution) -> list[list[str]]:
    """For each shift of the horizon (day × shift type), the nurse of every room ("" none)."""
    spd = problem.shifts_per_day
    index = {room.id: k for k, room in enumerate(problem.rooms)}
    board = [[""] * len(problem.rooms) for _ in range(problem.days * spd)]
    for roster in solution.nurses:
        for a in roster.assignments:
            shift = a.day * spd + problem.shift_types.index(a.shift)
            for room in a.rooms:
                board[shift][index[room]] = roster.nurse
    return board
