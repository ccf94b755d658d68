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
    """One progress event of any planner's solve: posted by the solver's thread, read by
    whoever draws it (the console's charts, the CLI's progress line).

    Every planner reports it, so one chart, one screen worker and one test read them all. A
    CP-SAT solve (the paper's model, the ward roster) proves a bound and counts solutions; a
    local search (the admissions planner) proves none, but counts its moves, the share of its
    time spent and what its best plan leaves out. What a planner does not know stays None.
    """

    wall_time: float  # seconds since the solve began
    objective: float | None  # the best plan's, None before the first one
    bound: float | None = None  # the best bound proven (-inf before the first), None if none
    gap: float | None = None  # relative, 0.0 = proven; None without a plan and a bound
    solutions: int = 0  # plans CP-SAT found
    left_out: int | None = None  # what the best plan must hold but leaves out
    moves: int | None = None  # a local search's moves so far
    fraction: float | None = None  # the share of the time limit (or move budget) spent

    @property
    def cost(self) -> float | None:
        """The objective by the admissions planner's name for it: its S1-S8 total."""
        return self.objective


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
