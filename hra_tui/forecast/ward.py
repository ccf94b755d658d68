"""A ward's forecast: its admissions, discharges and census for the next days, each with a
mean and 80 % and 95 % intervals. Counts are never negative, so neither are the bounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from hra_tui.forecast import model
from hra_tui.forecast.history import MIN_DAYS, WardHistory

SERIES = ("admitted", "discharged", "occupied")
MAX_DAYS = 90  # the farthest a forecast looks
RECENT = 28  # days of census a forecast carries, to be shown beside it


@dataclass(frozen=True)
class Band:
    """One series on one day: the expected value and its 80 % and 95 % intervals."""

    mean: float
    low80: float
    high80: float
    low95: float
    high95: float

    def upper(self, level: int) -> float:
        return {80: self.high80, 95: self.high95}[level]


@dataclass(frozen=True)
class ForecastDay:
    day: date
    admitted: Band
    discharged: Band
    occupied: Band

    def band(self, series: str) -> Band:
        return getattr(self, series)


@dataclass(frozen=True)
class WardForecast:
    """What the ward's history, up to the day before `origin`, says of the days from it."""

    ward: str
    origin: date
    history_days: int
    days: tuple[ForecastDay, ...]
    recent: tuple[int, ...] = ()  # the census of the last RECENT days before `origin`


def forecast_ward(history: WardHistory, days: int) -> WardForecast:
    """Forecast `days` days (1 to MAX_DAYS) after the history's last day; refuses a history
    shorter than MIN_DAYS, saying how much it has."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"a forecast looks 1 to {MAX_DAYS} days ahead, not {days}")
    history.require(MIN_DAYS)
    bands = {}
    for name in SERIES:
        fitted = model.fit(np.asarray(history.series(name), dtype=float), history.first)
        path = model.forecast(fitted, days)
        bands[name] = [Band(*(max(0.0, float(v)) for v in values)) for values in zip(
            path.mean, path.lower[80], path.upper[80], path.lower[95], path.upper[95],
            strict=True)]
    start = history.end
    return WardForecast(history.ward, start, history.days, tuple(
        ForecastDay(start + timedelta(days=k), *(bands[name][k] for name in SERIES))
        for k in range(days)), history.occupied[-RECENT:])
