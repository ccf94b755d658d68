"""Where a search's time and moves went, for `hra ihtc solve --json` and `bench/ihtc.py`.

The compiled search counts its moves per kind (`_jit_moves` numbers them in the order of
`MOVE_KINDS`); the Python side times the annealing and each kind of CP-SAT window. The
pure-Python search times its parts but counts no kinds (its table of moves stays empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The compiled loop's kinds of move, in its numbering. "empty room-shift": a nurse move
# drawn on a room-shift nobody occupies, which ends at once.
MOVE_KINDS = ("patient move", "day shift", "room swap", "day swap", "send home", "ejection",
              "admission", "nurse move", "nurse swap", "nurse run", "empty room-shift")
# Window kinds by the `_Search` method that runs them (another kind shows by its method).
WINDOW_PARTS = {"window_step": "patients' windows", "nurse_window_step": "nurses' windows"}
ANNEALING = "annealing"


@dataclass(frozen=True)
class Effort:
    """`seconds` of wall time per part of the search (the annealing, with its reports and
    copies, then each window kind); `moves` per kind: (tried, accepted, improving the best)."""

    seconds: dict[str, float] = field(default_factory=dict)
    moves: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def plus(self, other: Effort) -> Effort:
        """Both searches' effort summed (the threads of one solve)."""
        seconds = dict(self.seconds)
        for part, s in other.seconds.items():
            seconds[part] = seconds.get(part, 0.0) + s
        moves = dict(self.moves)
        for kind, counts in other.moves.items():
            mine = moves.get(kind, (0, 0, 0))
            moves[kind] = (mine[0] + counts[0], mine[1] + counts[1], mine[2] + counts[2])
        return Effort(seconds, moves)

    def shares(self) -> dict[str, float]:
        """Each part's share of the search's time."""
        whole = sum(self.seconds.values())
        return {part: s / whole if whole > 0 else 0.0 for part, s in self.seconds.items()}

    def to_json(self) -> dict[str, object]:
        return {"seconds": {part: round(s, 3) for part, s in self.seconds.items()},
                "moves": {kind: {"tried": t, "accepted": a, "best": b}
                          for kind, (t, a, b) in self.moves.items()}}
