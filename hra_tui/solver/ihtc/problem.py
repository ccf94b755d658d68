"""An IHTC-2024 instance as plain, immutable data, read from the competition's JSON.

Names (rooms, nurses, shift types, age groups, ...) are resolved to 0-based indexes once, on
reading; a shift is numbered globally, `day * shifts_per_day + shift type`. Per-shift profiles
of a patient or occupant (workload, minimum skill) start at the first shift of their
admission day, so entry k is the k-th shift of their stay.

`load_problem` refuses a malformed file with one `ProblemError` line that names the place:
a missing or mistyped member, a negative count, an unknown room, surgeon, age group or shift,
a duplicate id, a profile of the wrong length, an occupant staying past the horizon, and any
count or size beyond the format's limits below (checked before anything is built from it, so a
`skill_levels` of 10^9 is one line, not gigabytes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from hra_tui.solver.errors import MalformedInput
from hra_tui.solver.ihtc._fields import Fields, read_document

GENDERS = ("A", "B")

# The eight soft-cost weights as the instance names them (S1..S8, in that order; the
# competition's files spell "eccessive").
WEIGHT_KEYS = (
    "room_mixed_age",
    "room_nurse_skill",
    "continuity_of_care",
    "nurse_eccessive_workload",
    "open_operating_theater",
    "surgeon_transfer",
    "patient_delay",
    "unscheduled_optional",
)


# The format's limits: far beyond the competition's instances (at most 28 days, 3 shift types,
# 5 skill levels, rooms of 4 beds, 50 rooms), small enough that no array the solver sizes by
# them outgrows memory.
MAX_DAYS = 366
MAX_SHIFT_TYPES = 24
MAX_SKILL = 9  # skill levels are 0..MAX_SKILL
MAX_ROOM_BEDS = 100
MAX_ROOMS = 1000
MAX_SLOTS = 2_000_000  # (rooms + nurses) x days x shift types


class ProblemError(MalformedInput):
    """An instance file that does not follow the IHTC-2024 format; one line says where."""


@dataclass(frozen=True)
class Occupant:
    """A patient already in a room on day 0, for `length_of_stay` days; nothing to decide."""

    id: str
    gender: str  # "A" or "B"
    age_group: int  # index into Problem.age_groups (ordered, youngest first)
    length_of_stay: int
    workload: tuple[int, ...]  # per shift of the stay
    skill_required: tuple[int, ...]  # per shift of the stay
    room: int


@dataclass(frozen=True)
class Patient:
    """A patient to admit (with surgery on the admission day) or, if optional, to postpone."""

    id: str
    mandatory: bool
    gender: str
    age_group: int
    length_of_stay: int
    release_day: int
    due_day: int | None  # mandatory patients only
    surgery_duration: int
    surgeon: int
    incompatible_rooms: frozenset[int]
    workload: tuple[int, ...]
    skill_required: tuple[int, ...]


@dataclass(frozen=True)
class Surgeon:
    id: str
    max_surgery_time: tuple[int, ...]  # per day; 0 = not operating


@dataclass(frozen=True)
class Theater:
    id: str
    availability: tuple[int, ...]  # minutes per day; 0 = closed


@dataclass(frozen=True)
class Room:
    """A room's beds; `held` (hra's own member `held_beds`, absent from the competition's
    files) keeps that many of them empty on each day, for emergencies the ward expects."""

    id: str
    capacity: int
    held: tuple[int, ...] = ()  # per day; () = none held

    def beds_on(self, day: int) -> int:
        """The beds the plan may fill on `day`."""
        return self.capacity - (self.held[day] if self.held else 0)


@dataclass(frozen=True)
class Nurse:
    id: str
    skill_level: int
    working_shifts: tuple[int, ...]  # global shift numbers of the roster, in file order
    max_load: dict[int, int] = field(hash=False)  # global shift -> maximum workload

    def works(self, shift: int) -> bool:
        return shift in self.max_load


@dataclass(frozen=True)
class Weights:
    """Weights of the soft costs S1..S8."""

    room_mixed_age: int
    room_nurse_skill: int
    continuity_of_care: int
    nurse_excessive_workload: int
    open_operating_theater: int
    surgeon_transfer: int
    patient_delay: int
    unscheduled_optional: int

    def as_tuple(self) -> tuple[int, ...]:
        return (self.room_mixed_age, self.room_nurse_skill, self.continuity_of_care,
                self.nurse_excessive_workload, self.open_operating_theater,
                self.surgeon_transfer, self.patient_delay, self.unscheduled_optional)


@dataclass(frozen=True)
class Problem:
    name: str
    days: int
    skill_levels: int
    shift_types: tuple[str, ...]
    age_groups: tuple[str, ...]
    weights: Weights
    occupants: tuple[Occupant, ...]
    patients: tuple[Patient, ...]
    surgeons: tuple[Surgeon, ...]
    theaters: tuple[Theater, ...]
    rooms: tuple[Room, ...]
    nurses: tuple[Nurse, ...]

    @property
    def shifts_per_day(self) -> int:
        return len(self.shift_types)

    @property
    def shifts(self) -> int:
        return self.days * len(self.shift_types)

    def last_admission_day(self, patient: Patient) -> int:
        """The latest admission day without a hard violation (H6)."""
        return patient.due_day if patient.mandatory else self.days - 1

    @cached_property
    def patient_index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.patients)}

    @cached_property
    def room_index(self) -> dict[str, int]:
        return {r.id: i for i, r in enumerate(self.rooms)}

    @cached_property
    def theater_index(self) -> dict[str, int]:
        return {t.id: i for i, t in enumerate(self.theaters)}

    @cached_property
    def nurse_index(self) -> dict[str, int]:
        return {n.id: i for i, n in enumerate(self.nurses)}

    @cached_property
    def shift_type_index(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.shift_types)}

    @classmethod
    def from_json(cls, data: Any, name: str = "instance", source: str | None = None
                  ) -> Problem:
        """Build from the decoded JSON; `source` names the file in error messages."""
        return _Reader(source or name).problem(data, name)


def load_problem(path: str | Path) -> Problem:
    """Read an instance file. `Unreadable` if it cannot be used; ProblemError if malformed."""
    return load_problem_document(path)[0]


def load_problem_document(path: str | Path) -> tuple[Problem, Any]:
    """The instance and the JSON it was read from (`hra ihtc import` keeps its members)."""
    path = Path(path)
    document = read_document(path, ProblemError)
    return Problem.from_json(document, name=path.stem, source=path.name), document


def _index(names: list[str], fields: Fields, key: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, item in enumerate(names):
        if not isinstance(item, str):
            raise fields.fail(f"entry {i} is not a string", key)
        if item in index:
            raise fields.fail(f"{item!r} appears twice", key)
        index[item] = i
    return index


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def problem(self, data: Any, name: str) -> Problem:
        top = Fields(data, "", self.source, ProblemError)
        days = top.integer("days", minimum=1, maximum=MAX_DAYS)
        skill_levels = top.integer("skill_levels", minimum=1, maximum=MAX_SKILL + 1)
        shift_names = top.array("shift_types")
        if not 1 <= len(shift_names) <= MAX_SHIFT_TYPES:
            raise top.fail(f"from 1 to {MAX_SHIFT_TYPES} shift types, got {len(shift_names)}",
                           "shift_types")
        for key, most in (("rooms", MAX_ROOMS), ("operating_theaters", None)):
            count = len(top.array(key))
            if count < 1 or (most is not None and count > most):
                bound = f"from 1 to {most} entries" if most else "at least one entry"
                raise top.fail(f"expected {bound}, got {count}", key)
        slots = (len(top.array("rooms")) + len(top.array("nurses"))) * days * len(shift_names)
        if slots > MAX_SLOTS:
            raise top.fail(f"(rooms + nurses) x days x shift types is {slots:,}; at most "
                           f"{MAX_SLOTS:,}")
        shift_index = _index(shift_names, top, "shift_types")
        age_index = _index(top.array("age_groups"), top, "age_groups")
        if not age_index:
            raise top.fail("no age groups", "age_groups")
        weight_fields = top.object("weights")
        weights = Weights(*(weight_fields.integer(key, minimum=0) for key in WEIGHT_KEYS))
        spd = len(shift_index)

        surgeons = tuple(Surgeon(self._id(f), f.ints("max_surgery_time", days, minimum=0))
                         for f in top.objects("surgeons"))
        theaters = tuple(Theater(self._id(f), f.ints("availability", days, minimum=0))
                         for f in top.objects("operating_theaters"))
        rooms = tuple(self._room(f, days) for f in top.objects("rooms"))
        for key, items in (("surgeons", surgeons), ("operating_theaters", theaters),
                           ("rooms", rooms)):
            _index([item.id for item in items], top, key)
        room_index = {room.id: i for i, room in enumerate(rooms)}
        surgeon_index = {surgeon.id: i for i, surgeon in enumerate(surgeons)}

        occupants = []
        for f in top.objects("occupants"):
            stay = f.integer("length_of_stay", minimum=1, maximum=days)
            occupants.append(Occupant(
                id=self._id(f), gender=f.string("gender", dict.fromkeys(GENDERS, 0)),
                age_group=age_index[f.string("age_group", age_index)],
                length_of_stay=stay,
                workload=f.ints("workload_produced", stay * spd, minimum=0),
                skill_required=f.ints("skill_level_required", stay * spd, minimum=0,
                                      maximum=MAX_SKILL),
                room=room_index[f.string("room_id", room_index)]))

        patients = []
        for f in top.objects("patients"):
            stay = f.integer("length_of_stay", minimum=1)
            mandatory = f.boolean("mandatory")
            incompatible: set[int] = set()
            if f.has("incompatible_room_ids"):
                for i, room_id in enumerate(f.array("incompatible_room_ids")):
                    if not isinstance(room_id, str) or room_id not in room_index:
                        raise f.fail(f"unknown room {room_id!r}", f"incompatible_room_ids[{i}]")
                    incompatible.add(room_index[room_id])
            patients.append(Patient(
                id=self._id(f), mandatory=mandatory,
                gender=f.string("gender", dict.fromkeys(GENDERS, 0)),
                age_group=age_index[f.string("age_group", age_index)],
                length_of_stay=stay,
                release_day=f.integer("surgery_release_day", minimum=0),
                due_day=f.integer("surgery_due_day", minimum=0) if mandatory else None,
                surgery_duration=f.integer("surgery_duration", minimum=0),
                surgeon=surgeon_index[f.string("surgeon_id", surgeon_index)],
                incompatible_rooms=frozenset(incompatible),
                workload=f.ints("workload_produced", stay * spd, minimum=0),
                skill_required=f.ints("skill_level_required", stay * spd, minimum=0,
                                      maximum=MAX_SKILL)))
        _index([o.id for o in occupants] + [p.id for p in patients], top,
               "patients and occupants")

        nurses = []
        for f in top.objects("nurses"):
            shifts: list[int] = []
            max_load: dict[int, int] = {}
            for w in f.objects("working_shifts"):
                shift = (w.integer("day", minimum=0, maximum=days - 1) * spd
                         + shift_index[w.string("shift", shift_index)])
                shifts.append(shift)
                max_load[shift] = w.integer("max_load", minimum=0)
            nurses.append(Nurse(self._id(f), f.integer("skill_level", minimum=0,
                                                       maximum=MAX_SKILL),
                                tuple(shifts), max_load))
        _index([n.id for n in nurses], top, "nurses")

        return Problem(name=name, days=days, skill_levels=skill_levels,
                       shift_types=tuple(shift_names), age_groups=tuple(age_index),
                       weights=weights, occupants=tuple(occupants), patients=tuple(patients),
                       surgeons=surgeons, theaters=theaters, rooms=rooms,
                       nurses=tuple(nurses))

    def _room(self, fields: Fields, days: int) -> Room:
        capacity = fields.integer("capacity", minimum=0, maximum=MAX_ROOM_BEDS)
        held = fields.ints("held_beds", days, minimum=0) if fields.has("held_beds") else ()
        if any(beds > capacity for beds in held):
            raise fields.fail(f"holds more beds than the room's {capacity}", "held_beds")
        return Room(self._id(fields), capacity, held)

    @staticmethod
    def _id(fields: Fields) -> str:
        value = fields.string("id")
        if not value:
            raise fields.fail("empty id", "id")
        return value
