"""What a solve returns: status, the numbers the paper's Tables 2-3 report, and assignments.

A `Plan` is plain data so charts, the CLI and the services can all read it without the solver.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path


class Status(StrEnum):
    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    MODEL_INVALID = "MODEL_INVALID"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class Progress:
    """One progress event: posted by the solver thread, read by whoever draws it."""

    wall_time: float
    objective: float | None  # incumbent, None before the first solution
    bound: float
    gap: float | None  # relative, 0.0 = proven; None before the first solution
    solutions: int


@dataclass(frozen=True)
class ModelSize:
    variables: int
    constraints: int
    nonzeros: int


@dataclass
class Plan:
    """The result of one solve.

    Assignments are 0/1 matrices indexed like the instance: x [N][T] staff on duty,
    y [P][T] patient slot, z [R][T] resource slot, o [N] overtime, v [N][P] patient-staff.
    They are empty lists when no solution was found.
    """

    status: Status
    objective: float | None
    bound: float | None
    gap: float | None
    solutions: int
    wall_time: float
    size: ModelSize
    x: list[list[int]] = field(default_factory=list)
    y: list[list[int]] = field(default_factory=list)
    z: list[list[int]] = field(default_factory=list)
    o: list[int] = field(default_factory=list)
    v: list[list[int]] = field(default_factory=list)
    explanation: str = ""  # in words: why infeasible, or what stopped the search
    progress: list[Progress] = field(default_factory=list)
    method: str = ""  # how it was solved, in words (formulation and solver)

    @property
    def has_solution(self) -> bool:
        return bool(self.x)

    def staff_slots(self) -> dict[int, list[int]]:
        """Table 4: staff -> slots worked."""
        return {i: [t for t, on in enumerate(row) if on] for i, row in enumerate(self.x)}

    def patient_slots(self) -> dict[int, int | None]:
        """Table 5: patient -> slot."""
        return {p: next((t for t, on in enumerate(row) if on), None)
                for p, row in enumerate(self.y)}

    def resource_slots(self) -> dict[int, int | None]:
        """Table 6: resource -> slot."""
        return {r: next((t for t, on in enumerate(row) if on), None)
                for r, row in enumerate(self.z)}

    def solution_json(self) -> dict:
        """The solution file of `paper-instance.md`: x, y, z, o, v, objective, status."""
        return {"status": str(self.status), "objective": self.objective, "x": self.x,
                "y": self.y, "z": self.z, "o": self.o, "v": self.v}

    def save_solution(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.solution_json()))

    def summary_json(self) -> dict:
        """The CLI's `--json` object: the Table 2/3 numbers and the model size."""
        return {"status": str(self.status), "objective": self.objective, "bound": self.bound,
                "gap": self.gap, "solutions": self.solutions, "wall_time": self.wall_time,
                "size": asdict(self.size), "explanation": self.explanation,
                "method": self.method}
