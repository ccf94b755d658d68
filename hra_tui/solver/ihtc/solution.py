"""A solution in the competition's JSON format: patients' admissions and nurses' rooms.

    {"patients": [{"id": "p0", "admission_day": 4, "room": "r2", "operating_theater": "t0"},
                  {"id": "p1", "admission_day": "none"}, ...],
     "nurses": [{"id": "n0", "assignments": [{"day": 0, "shift": "early",
                                              "rooms": ["r1", "r4"]}, ...]}, ...]}

A patient absent from "patients", or with "admission_day": "none", is not admitted. The
solution holds names as written; `checker.check` resolves them against the instance. Other
top-level members (the organisers' test solutions carry "costs") are kept as `extra`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hra_tui.solver.errors import MalformedInput
from hra_tui.solver.ihtc._fields import Fields, read_document


class SolutionError(MalformedInput):
    """A solution file that is malformed, or that names what the instance does not have."""


@dataclass(frozen=True)
class Admission:
    """One patient's decision: admission day, room and operating theatre, or not admitted."""

    patient: str
    day: int | None  # None: not admitted in this period
    room: str | None = None
    theater: str | None = None

    def to_json(self) -> dict[str, Any]:
        if self.day is None:
            return {"id": self.patient, "admission_day": "none"}
        return {"id": self.patient, "admission_day": self.day, "room": self.room,
                "operating_theater": self.theater}


@dataclass(frozen=True)
class Assignment:
    """The rooms a nurse looks after in one shift."""

    day: int
    shift: str
    rooms: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day, "shift": self.shift, "rooms": list(self.rooms)}


@dataclass(frozen=True)
class NurseRoster:
    nurse: str
    assignments: tuple[Assignment, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.nurse, "assignments": [a.to_json() for a in self.assignments]}


@dataclass(frozen=True)
class Solution:
    admissions: tuple[Admission, ...]
    nurses: tuple[NurseRoster, ...]
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    source: str = field(default="solution", compare=False)  # file name, for messages

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"patients": [a.to_json() for a in self.admissions],
                                "nurses": [n.to_json() for n in self.nurses]}
        data.update((k, v) for k, v in self.extra.items() if k not in data)
        return data

    def save(self, path: str | Path) -> None:
        import json

        Path(path).write_text(json.dumps(self.to_json(), indent=2) + "\n")

    @classmethod
    def from_json(cls, data: Any, source: str = "solution") -> Solution:
        top = Fields(data, "", source, SolutionError)
        admissions = []
        for f in top.objects("patients"):
            patient = f.string("id")
            if f.raw("admission_day") == "none":
                admissions.append(Admission(patient, None))
            else:
                admissions.append(Admission(patient, f.integer("admission_day", minimum=0),
                                            f.string("room"), f.string("operating_theater")))
        nurses = []
        for f in top.objects("nurses"):
            assignments = []
            for a in f.objects("assignments"):
                rooms = a.array("rooms")
                for i, room in enumerate(rooms):
                    if not isinstance(room, str):
                        raise a.fail(f"expected a room id, got {room!r}", f"rooms[{i}]")
                assignments.append(Assignment(a.integer("day", minimum=0), a.string("shift"),
                                              tuple(rooms)))
            nurses.append(NurseRoster(f.string("id"), tuple(assignments)))
        extra = {k: v for k, v in top.value.items() if k not in ("patients", "nurses")}
        return cls(tuple(admissions), tuple(nurses), extra, source)


def load_solution(path: str | Path) -> Solution:
    """Read a solution file. OSError if it cannot be read; SolutionError if malformed."""
    path = Path(path)
    return Solution.from_json(read_document(path, SolutionError), source=path.name)
