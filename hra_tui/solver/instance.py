"""The paper's model instance (`hra-paper-instance/1`), as plain data.

One `Instance` is what the optimizer needs and nothing more, so the solver can be
tested and benchmarked without a database or a screen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from hra_tui.handed_files import read_json
from hra_tui.solver.errors import MalformedInput

FORMAT = "hra-paper-instance/1"
LIMIT = 10**9  # every number lies within ±LIMIT, so CP-SAT's integer sums cannot overflow


def array_shapes(N: int, T: int, P: int, K: int, R: int) -> dict[str, tuple[int, ...]]:  # noqa: N803
    """Each array's shape at these sizes; M (staff × patients × tasks × slots) is the largest."""
    return {
        "W": (N, T), "I": (N, N, T), "C": (P, T), "D": (R, T), "Pen": (P, T),
        "O": (N,), "U": (P,), "S": (N,), "M": (N, P, K, T), "H": (N,), "Dt": (T,),
        "F": (N, N),
    }


class InstanceError(MalformedInput):
    """An instance file that does not follow `hra-paper-instance/1`; the message says where."""


@dataclass(frozen=True)
class Instance:
    """Sizes and parameters of the paper's model; every index is 0-based (paper symbol in ())."""

    name: str
    N: int  # staff
    T: int  # time slots
    P: int  # patients
    K: int  # tasks
    R: int  # resources
    W: list[list[int]]  # [N][T] staff weight (W_it)
    I: list[list[list[int]]]  # noqa: E741  [N][N][T] interaction (I_ijt)
    C: list[list[int]]  # [P][T] patient cost (C_pt)
    D: list[list[int]]  # [R][T] resource cost (D_rt)
    Pen: list[list[int]]  # [P][T] patient penalty (P_pt, the paper's Q)
    O: list[int]  # noqa: E741  [N] overtime weight (O_i)
    U: list[int]  # [P] patient weight (U_p)
    S: list[int]  # [N] skill level (S_i)
    M: list[list[list[list[int]]]]  # [N][P][K][T] minimum skill (M_ipkt)
    H: list[int]  # [N] maximum working slots (H_i)
    Dt: list[int]  # [T] staff demand per slot (D_t)
    B: int  # budget
    F: list[list[int]]  # [N][N] maximum difference in worked slots (F_ij)

    def skill_minimum(self, t: int) -> int | None:
        """The binding skill row of slot t: max over i, p, k of M[i][p][k][t]; None when the
        model has no skill row at all (N, P or K is 0), so no skill constraint applies."""
        return max(
            (self.M[i][p][k][t] for i in range(self.N) for p in range(self.P)
             for k in range(self.K)),
            default=None,
        )

    def to_json(self) -> dict:
        data = {"format": FORMAT}
        for key in ("name", "N", "T", "P", "K", "R", "W", "I", "C", "D", "Pen", "O", "U",
                    "S", "M", "H", "Dt", "B", "F"):
            data[key] = getattr(self, key)
        return data

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), separators=(",", ":")))

    @classmethod
    def from_json(cls, data: dict) -> Instance:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InstanceError(f"not an instance file: 'format' must be {FORMAT!r}")
        try:
            inst = cls(name=str(data.get("name", "")),
                       **{k: data[k] for k in ("N", "T", "P", "K", "R", "W", "I", "C", "D",
                                               "Pen", "O", "U", "S", "M", "H", "Dt", "B", "F")})
        except KeyError as missing:
            raise InstanceError(f"instance file lacks the key {missing}") from None
        inst.validate()
        return inst

    @classmethod
    def load(cls, path: str | Path) -> Instance:
        """Read through the one reader (`handed_files`): `Unreadable` if the file cannot be
        used, InstanceError if it is not an instance."""
        return cls.from_json(read_json(path, "an instance file", InstanceError))


    def validate(self) -> None:
        """Check every array's shape against N, T, P, K, R; name the first that is wrong."""
        N, T, P, K, R = self.N, self.T, self.P, self.K, self.R
        for name, value in (("N", N), ("T", T), ("P", P), ("K", K), ("R", R)):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10_000:
                raise InstanceError(f"{name} must be an integer from 0 to 10,000")
        for name, shape in array_shapes(N, T, P, K, R).items():
            _check_shape(name, getattr(self, name), shape)
        _check_shape("B", self.B, ())


def _check_shape(name: str, value, shape: tuple[int, ...], where: str = "") -> None:
    if not shape:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InstanceError(f"{name}{where} must be an integer")
        if not -LIMIT <= value <= LIMIT:
            raise InstanceError(f"{name}{where} must lie within ±{LIMIT:,}")
        return
    if not isinstance(value, list) or len(value) != shape[0]:
        raise InstanceError(f"{name}{where} must be a list of length {shape[0]}")
    for idx, item in enumerate(value):
        _check_shape(name, item, shape[1:], f"{where}[{idx}]")
