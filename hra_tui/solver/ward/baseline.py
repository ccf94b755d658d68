"""A re-plan's starting point, as plain data: the plan in force, what of it is frozen, and
what a change costs.

A re-plan solves the horizon of the plan in force again. Slots that started before now are
frozen (kept exactly as the records hold them); after now, each assignment a plan changes
costs `change_weight` on top of the ward objective:

- a shift: a staff member on duty in a slot where the plan in force has them off, or off
  where it has them on (so one person taking another's shift is two changes);
- a visit the plan in force booked: moved to another slot or staff member, or cancelled.

Visits to patients still waiting are no change: the plan in force promised them nothing.

No OR-Tools here (the instance holds a `Baseline`); `changes` counts what a plan changes,
`replan` puts the same prices in the CP-SAT model.
"""

from __future__ import annotations

from dataclasses import dataclass

from hra_tui.solver.instance import InstanceError

DEFAULT_CHANGE_WEIGHT = 20
"""What one changed assignment costs unless the ward sets `change_weight`. With the default
weights (1, 1, 1) it is more than any one shift's wage in the demo ward (at most 15, 20 with
overtime) and more than a visit gains by coming one slot sooner (its urgency, at most 10), so
a re-plan never moves people to save a wage or a slot's wait; yet far less than leaving a
patient unseen (urgency times about two horizons), so it still adds the shift a waiting
patient needs. 0 re-plans from scratch (changes are counted, not priced)."""


@dataclass(frozen=True)
class Baseline:
    """The plan in force over the instance's slots, indexed like the instance."""

    on_duty: list[list[int]]  # [N][T] 1 where the plan in force has staff i on duty
    slot: list[int]  # [P] the slot the plan in force books request p in, or -1 (waiting)
    server: list[int]  # [P] the staff member who sees it there, or -1
    frozen: int = 0  # slots [0, frozen) started before now: kept as the records hold them
    change_weight: int = DEFAULT_CHANGE_WEIGHT

    def validate(self, N: int, T: int, P: int) -> None:
        if len(self.on_duty) != N or any(len(row) != T for row in self.on_duty):
            raise InstanceError(f"baseline on_duty must be a {N} x {T} grid")
        if len(self.slot) != P or len(self.server) != P:
            raise InstanceError(f"baseline slot and server must have length {P}")
        if any(not -1 <= t < T for t in self.slot) or any(not -1 <= i < N for i in self.server):
            raise InstanceError("baseline names a slot or staff member not in the instance")
        if not 0 <= self.frozen <= T or self.change_weight < 0:
            raise InstanceError("baseline frozen must be a slot count, change_weight >= 0")

    def booked(self, p: int) -> bool:
        """Whether the plan in force books request p after now (a visit a plan may change)."""
        return self.slot[p] >= self.frozen
