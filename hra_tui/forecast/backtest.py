"""How far to trust a forecast: one-day-ahead forecasts of each of a ward's last `WINDOW` days,
each made from the days before it (a rolling origin), against what happened and against the
seasonal-naive forecast (the same weekday a week before).

MASE here is the forecast's mean absolute error over the seasonal-naive one's on the same
days: below 1, the forecast beats last week's figure. Coverage is the share of days whose
value fell inside the 80 % (95 %) interval: near 0.8 (0.95) when the intervals are honest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hra_tui.forecast import model
from hra_tui.forecast.history import MIN_DAYS, WardHistory
from hra_tui.forecast.ward import SERIES

WINDOW = 90


@dataclass(frozen=True)
class Score:
    """One series' backtest: absolute errors summed (the model's and the naive one's), and
    the days inside each interval, over `days` days, so scores add up across wards."""

    days: int
    error: float
    naive_error: float
    inside80: int
    inside95: int

    @property
    def mae(self) -> float:
        return self.error / self.days

    @property
    def naive_mae(self) -> float:
        return self.naive_error / self.days

    @property
    def mase(self) -> float:
        return self.error / self.naive_error if self.naive_error else float("inf")

    @property
    def coverage80(self) -> float:
        return self.inside80 / self.days

    @property
    def coverage95(self) -> float:
        return self.inside95 / self.days

    def __add__(self, other: Score) -> Score:
        return Score(self.days + other.days, self.error + other.error,
                     self.naive_error + other.naive_error, self.inside80 + other.inside80,
                     self.inside95 + other.inside95)


@dataclass(frozen=True)
class WardBacktest:
    ward: str
    window: int
    scores: dict[str, Score]  # by series name


def score(values: np.ndarray, path: model.Path, origin: int) -> Score:
    actual = values[origin:]
    naive = values[origin - model.SEASON:len(values) - model.SEASON]
    inside = {level: int(np.sum((actual >= path.lower[level]) & (actual <= path.upper[level])))
              for level in model.LEVELS}
    return Score(len(actual), float(np.abs(path.mean - actual).sum()),
                 float(np.abs(naive - actual).sum()), inside[80], inside[95])


def backtest_ward(history: WardHistory, window: int = WINDOW) -> WardBacktest:
    """Score one-day-ahead forecasts of the last `window` days; refuses a history too short
    to learn from before them."""
    history.require(MIN_DAYS + window, f"a backtest over {window} days")
    origin = history.days - window
    scores = {}
    for name in SERIES:
        values = np.asarray(history.series(name), dtype=float)
        scores[name] = score(values, model.one_step(values, history.first, origin), origin)
    return WardBacktest(history.ward, window, scores)
