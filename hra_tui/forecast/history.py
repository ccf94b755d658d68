"""A ward's daily history as plain data: what every forecast and backtest starts from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# The fewest days a forecast learns from: eight weeks, so the weekly pattern is seen eight
# times over (the exponential smoothing's start needs two).
MIN_DAYS = 8 * 7


class TooLittleHistory(ValueError):
    """A ward's history is too short to forecast from; says how much it has and needs."""


@dataclass(frozen=True)
class WardHistory:
    """Consecutive days from `first`: admitted, discharged and in a bed at the day's end."""

    ward: str
    first: date
    admitted: tuple[int, ...]
    discharged: tuple[int, ...]
    occupied: tuple[int, ...]

    def __post_init__(self) -> None:
        if not len(self.admitted) == len(self.discharged) == len(self.occupied):
            raise ValueError("a history's three series must be of one length")

    @property
    def days(self) -> int:
        return len(self.occupied)

    @property
    def end(self) -> date:
        """The day after the last day held: a forecast's first day."""
        return self.first + timedelta(days=self.days)

    def series(self, name: str) -> tuple[int, ...]:
        return getattr(self, name)

    def until(self, day: date) -> WardHistory:
        """The history before `day` alone: what a forecast made that morning could know."""
        n = max(0, min(self.days, (day - self.first).days))
        return WardHistory(self.ward, self.first, self.admitted[:n], self.discharged[:n],
                           self.occupied[:n])

    def require(self, days: int, purpose: str = "a forecast") -> None:
        """Refuse, naming what the ward has, unless it holds at least `days` days."""
        if self.days < days:
            have = f"{self.days} day{'s' if self.days != 1 else ''}"
            raise TooLittleHistory(f"{self.ward} has {have} of history; {purpose} needs at "
                                   f"least {days}")
