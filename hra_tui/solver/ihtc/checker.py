"""The exact IHTC-2024 check: every hard violation count and every weighted soft cost.

The numbers are those of the organisers' validator (IHTP_Validator.cc): the same rules, the
same units, the same totals. Its nine violation counters map to the specification's hard
constraints H1-H7 plus H8, the nurse cover, counted in two parts as the validator does:

    H1 RoomGenderMix             per room and day, the smaller of the two genders' head counts
    H2 PatientRoomCompatibility  admitted patients in one of their incompatible rooms
    H3 SurgeonOvertime           minutes of surgery beyond a surgeon's daily maximum
    H4 OperatingTheaterOvertime  minutes of surgery beyond a theatre's daily availability
    H5 MandatoryUnscheduled      mandatory patients not admitted
    H6 AdmissionDay              patients admitted before release or after their last day
                                 (the due day if mandatory, else the last day of the horizon)
    H7 RoomCapacity              per room and day, patients beyond the capacity
    H8 NursePresence             room-shifts given to a nurse who does not work that shift
    H8 UncoveredRoom             shifts of an occupied room without a nurse

and the soft costs, each its instance weight times the count:

    S1 RoomAgeMix                per occupied room and day, oldest minus youngest age group
    S2 RoomSkillLevel            per patient and shift, skill levels the room's nurse lacks
    S3 ContinuityOfCare          per patient (and occupant), distinct nurses over the stay
    S4 ExcessiveNurseWorkload    per nurse and working shift, workload above the maximum
    S5 OpenOperatingTheater      theatre-days with at least one surgery
    S6 SurgeonTransfer           per surgeon and day, theatres used minus one
    S7 PatientDelay              days between release and admission
    S8 ElectiveUnscheduled       optional patients not admitted

Occupants count everywhere a patient in a room counts (H1, H7, H8, S1-S4). Only days inside
the horizon count: a stay running past the last day costs nothing after it. Where several
nurses are given the same room in the same shift, the last one in the file is the room's
nurse (S2, S3) while each of them carries its workload (S4), as in the validator.

Two cases the validator does not reach: it stops with an error on a nurse given a shift
outside their roster, where this checker counts it (H8 NursePresence) and goes on; and for a
shift with no nurse (H8 UncoveredRoom) it reads an undefined skill level, where this checker
counts no skill shortfall. A solution naming what the instance lacks (a patient, room,
theatre, nurse or shift type), admitting a patient twice, or naming a day outside the
horizon is refused with a `SolutionError`, as the validator refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hra_tui.solver.ihtc.problem import Problem
from hra_tui.solver.ihtc.solution import Solution, SolutionError

HARD = (
    ("H1", "RoomGenderMix", "patients of both genders in a room"),
    ("H2", "PatientRoomCompatibility", "patient in an incompatible room"),
    ("H3", "SurgeonOvertime", "surgeon minutes beyond the daily maximum"),
    ("H4", "OperatingTheaterOvertime", "theatre minutes beyond availability"),
    ("H5", "MandatoryUnscheduledPatients", "mandatory patient not admitted"),
    ("H6", "AdmissionDay", "admitted before release or after the due day"),
    ("H7", "RoomCapacity", "patients beyond a room's capacity"),
    ("H8", "NursePresence", "nurse given a shift outside their roster"),
    ("H8", "UncoveredRoom", "occupied room without a nurse in a shift"),
)

SOFT = (
    ("S1", "RoomAgeMix", "age-group spread in a room"),
    ("S2", "RoomSkillLevel", "skill levels the room's nurse lacks"),
    ("S3", "ContinuityOfCare", "distinct nurses per patient"),
    ("S4", "ExcessiveNurseWorkload", "workload above a nurse's maximum"),
    ("S5", "OpenOperatingTheater", "theatre-days open"),
    ("S6", "SurgeonTransfer", "extra theatres per surgeon-day"),
    ("S7", "PatientDelay", "days from release to admission"),
    ("S8", "ElectiveUnscheduledPatients", "optional patient not admitted"),
)


@dataclass(frozen=True)
class Term:
    """One line of the check: a hard constraint (weight None) or a weighted soft cost."""

    code: str
    name: str
    description: str
    count: int
    weight: int | None = None

    @property
    def cost(self) -> int:
        return self.count if self.weight is None else self.weight * self.count

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "name": self.name, "count": self.count}
        if self.weight is not None:
            data.update(weight=self.weight, cost=self.cost)
        return data


@dataclass(frozen=True)
class CheckResult:
    hard: tuple[Term, ...]  # the nine violation counters, H1..H8
    soft: tuple[Term, ...]  # the eight weighted costs, S1..S8

    @property
    def total_violations(self) -> int:
        return sum(term.count for term in self.hard)

    @property
    def total_cost(self) -> int:
        return sum(term.cost for term in self.soft)

    @property
    def feasible(self) -> bool:
        return self.total_violations == 0

    def to_json(self) -> dict[str, Any]:
        return {"feasible": self.feasible, "total_violations": self.total_violations,
                "total_cost": self.total_cost, "violations": [t.to_json() for t in self.hard],
                "costs": [t.to_json() for t in self.soft]}


@dataclass
class _Stay:
    """Someone in a room: an occupant, or an admitted patient."""

    gender: str
    age_group: int
    workload: tuple[int, ...]
    skill_required: tuple[int, ...]
    room: int
    first_shift: int  # global shift where the profiles start (admission day's first shift)
    end_shift: int  # first global shift after the stay, at most the horizon's end


def check(problem: Problem, solution: Solution) -> CheckResult:
    """Every hard violation count and soft cost of `solution`; SolutionError if it names
    what the instance does not have."""
    spd, days = problem.shifts_per_day, problem.days
    horizon = problem.shifts
    admitted = _admissions(problem, solution)
    room_nurse, nurse_rooms = _nurse_cover(problem, solution)

    stays = [_Stay(o.gender, o.age_group, o.workload, o.skill_required, o.room, 0,
                   o.length_of_stay * spd) for o in problem.occupants]
    for p, (day, room, _theater) in admitted.items():
        patient = problem.patients[p]
        stays.append(_Stay(patient.gender, patient.age_group, patient.workload,
                           patient.skill_required, room, day * spd,
                           min(days, day + patient.length_of_stay) * spd))
    in_room: list[list[list[_Stay]]] = [[[] for _ in range(days)] for _ in problem.rooms]
    for stay in stays:
        for d in range(stay.first_shift // spd, stay.end_shift // spd):
            in_room[stay.room][d].append(stay)

    gender_mix = capacity = uncovered = age_mix = skill = 0
    for r, room in enumerate(problem.rooms):
        nurses_of_room = room_nurse[r]
        for d in range(days):
            people = in_room[r][d]
            if not people:
                continue
            a = sum(1 for stay in people if stay.gender == "A")
            gender_mix += min(a, len(people) - a)
            capacity += max(0, len(people) - room.beds_on(d))
            ages = [stay.age_group for stay in people]
            age_mix += max(ages) - min(ages)
            for s in range(d * spd, (d + 1) * spd):
                n = nurses_of_room[s]
                if n < 0:
                    uncovered += 1
                    continue
                level = problem.nurses[n].skill_level
                for stay in people:
                    need = stay.skill_required[s - stay.first_shift]
                    if need > level:
                        skill += need - level

    presence = sum(1 for r in range(len(problem.rooms)) for s in range(horizon)
                   if room_nurse[r][s] >= 0
                   and not problem.nurses[room_nurse[r][s]].works(s))

    continuity = 0
    for stay in stays:
        cover = room_nurse[stay.room]
        continuity += len({cover[s] for s in range(stay.first_shift, stay.end_shift)} - {-1})

    workload = 0
    for n, nurse in enumerate(problem.nurses):
        for s in nurse.working_shifts:
            load = 0
            for r in nurse_rooms.get((n, s), ()):
                for stay in in_room[r][s // spd]:
                    load += stay.workload[s - stay.first_shift]
            workload += max(0, load - nurse.max_load[s])

    theater_minutes: dict[tuple[int, int], int] = {}
    surgeon_minutes: dict[tuple[int, int], int] = {}
    surgeon_theaters: dict[tuple[int, int], set[int]] = {}
    incompatible = late_or_early = delay = 0
    for p, (day, room, theater) in admitted.items():
        patient = problem.patients[p]
        theater_minutes[theater, day] = (theater_minutes.get((theater, day), 0)
                                         + patient.surgery_duration)
        key = (patient.surgeon, day)
        surgeon_minutes[key] = surgeon_minutes.get(key, 0) + patient.surgery_duration
        surgeon_theaters.setdefault(key, set()).add(theater)
        incompatible += room in patient.incompatible_rooms
        late_or_early += (day < patient.release_day
                          or day > problem.last_admission_day(patient))
        delay += max(0, day - patient.release_day)
    theater_overtime = sum(max(0, minutes - problem.theaters[t].availability[d])
                           for (t, d), minutes in theater_minutes.items())
    surgeon_overtime = sum(max(0, minutes - problem.surgeons[u].max_surgery_time[d])
                           for (u, d), minutes in surgeon_minutes.items())
    transfers = sum(len(theaters) - 1 for theaters in surgeon_theaters.values())
    mandatory_out = sum(1 for p, patient in enumerate(problem.patients)
                        if patient.mandatory and p not in admitted)
    optional_out = sum(1 for p, patient in enumerate(problem.patients)
                       if not patient.mandatory and p not in admitted)

    hard_counts = (gender_mix, incompatible, surgeon_overtime, theater_overtime, mandatory_out,
                   late_or_early, capacity, presence, uncovered)
    soft_counts = (age_mix, skill, continuity, workload, len(theater_minutes), transfers, delay,
                   optional_out)
    return CheckResult(
        hard=tuple(Term(code, name, text, count)
                   for (code, name, text), count in zip(HARD, hard_counts, strict=True)),
        soft=tuple(Term(code, name, text, count, weight)
                   for (code, name, text), count, weight in zip(
                       SOFT, soft_counts, problem.weights.as_tuple(), strict=True)))


def _admissions(problem: Problem, solution: Solution) -> dict[int, tuple[int, int, int]]:
    """Admitted patient index -> (day, room index, theatre index), in the file's order."""
    def fail(i: int, message: str) -> SolutionError:
        return SolutionError(f"{solution.source}: patients[{i}]: {message}")

    admitted: dict[int, tuple[int, int, int]] = {}
    for i, a in enumerate(solution.admissions):
        p = problem.patient_index.get(a.patient)
        if p is None:
            raise fail(i, f"unknown patient {a.patient!r}")
        if a.day is None:
            continue
        if p in admitted:
            raise fail(i, f"patient {a.patient!r} is admitted twice")
        if a.day >= problem.days:
            raise fail(i, f"admission day {a.day} is past the last day {problem.days - 1}")
        room = problem.room_index.get(a.room or "")
        if room is None:
            raise fail(i, f"unknown room {a.room!r}")
        theater = problem.theater_index.get(a.theater or "")
        if theater is None:
            raise fail(i, f"unknown operating theater {a.theater!r}")
        admitted[p] = (a.day, room, theater)
    return admitted


def _nurse_cover(problem: Problem, solution: Solution
                 ) -> tuple[list[list[int]], dict[tuple[int, int], list[int]]]:
    """room -> shift -> its nurse (-1 none; the last assignment wins), and
    (nurse, shift) -> the rooms given, repeats included."""
    spd = problem.shifts_per_day
    room_nurse = [[-1] * problem.shifts for _ in problem.rooms]
    nurse_rooms: dict[tuple[int, int], list[int]] = {}
    for i, roster in enumerate(solution.nurses):
        n = problem.nurse_index.get(roster.nurse)
        if n is None:
            raise SolutionError(f"{solution.source}: nurses[{i}]: unknown nurse "
                                f"{roster.nurse!r}")
        for j, a in enumerate(roster.assignments):
            where = f"{solution.source}: nurses[{i}].assignments[{j}]"
            shift_type = problem.shift_type_index.get(a.shift)
            if shift_type is None:
                raise SolutionError(f"{where}: unknown shift {a.shift!r}")
            if a.day >= problem.days:
                raise SolutionError(f"{where}: day {a.day} is past the last day "
                                    f"{problem.days - 1}")
            s = a.day * spd + shift_type
            for k, room_id in enumerate(a.rooms):
                r = problem.room_index.get(room_id)
                if r is None:
                    raise SolutionError(f"{where}.rooms[{k}]: unknown room {room_id!r}")
                room_nurse[r][s] = n
                nurse_rooms.setdefault((n, s), []).append(r)
    return room_nurse, nurse_rooms
