"""One daily series forecast: the calendar (yearly wave, bank holidays) by least squares, then
exponential smoothing with a weekly season (ETS(A,N,A), statsmodels' `ETSModel`) on what the
calendar leaves. The smoothing learns from the last `FIT_DAYS` days only: its level and weekly
pattern follow the recent weeks, and fitting stays fast enough for a hospital of 50 wards.

Everything here sees only the values it is given: a forecast made at an origin is made from
the history cut there (`WardHistory.until`), and the backtest's one-step predictions come from
parameters learnt before its first origin (`one_step`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from hra_tui.forecast.seasons import YEARLY_FROM, regressors
from hra_tui.holidays import is_holiday

SEASON = 7
FIT_DAYS = 26 * 7  # half a year of weeks for the smoothing's parameters
LEVELS = (80, 95)  # the intervals every forecast gives
_Z = {80: 1.2815515655446004, 95: 1.959963984540054}


@dataclass(frozen=True)
class Fitted:
    """A series' calendar coefficients and smoothing, learnt from its first `n` days."""

    first: date
    n: int
    yearly: bool
    holidays: bool
    beta: np.ndarray
    start: int  # the first day the smoothing saw
    params: np.ndarray
    sigma: float  # the one-step error's standard deviation
    results: object  # statsmodels' ETSResults

    def calendar(self, first: date, n: int) -> np.ndarray:
        return regressors(first, n, yearly=self.yearly, holidays=self.holidays) @ self.beta


def _ets(values: np.ndarray):
    import pandas as pd  # statsmodels' intervals need an indexed series
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel  # the cost of `import`

    return ETSModel(pd.Series(values), error="add", trend=None, seasonal="add",
                    seasonal_periods=SEASON, initialization_method="heuristic")


def fit(values: np.ndarray, first: date) -> Fitted:
    """Learn a series of at least `history.MIN_DAYS` days starting on `first`."""
    n = len(values)
    yearly = n >= YEARLY_FROM
    holidays = any(is_holiday(first + timedelta(days=k)) for k in range(n))
    x = regressors(first, n, yearly=yearly, holidays=holidays)
    beta = np.linalg.lstsq(x, values, rcond=None)[0]
    rest = values - x @ beta
    start = max(0, n - FIT_DAYS)
    with warnings.catch_warnings():  # convergence chatter of a short or flat series
        warnings.simplefilter("ignore")
        results = _ets(rest[start:]).fit(disp=False)
    sigma = float(np.sqrt(max(results.mse, 1e-12)))
    return Fitted(first, n, yearly, holidays, beta, start, np.asarray(results.params), sigma,
                  results)


@dataclass(frozen=True)
class Path:
    """A forecast's mean and its intervals' bounds by level, one value a day."""

    mean: np.ndarray
    lower: dict[int, np.ndarray]
    upper: dict[int, np.ndarray]


def forecast(fitted: Fitted, days: int) -> Path:
    """The next `days` days after the fitted ones, with 80 % and 95 % prediction intervals
    (ETS(A,N,A)'s exact forecast variance, normal errors)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prediction = fitted.results.get_prediction(start=fitted.n - fitted.start,
                                                   end=fitted.n - fitted.start + days - 1)
    base = fitted.calendar(fitted.first + timedelta(days=fitted.n), days)
    mean = np.asarray(prediction.predicted_mean) + base
    sd = np.sqrt(np.asarray(prediction.forecast_variance))
    return Path(mean, {level: mean - _Z[level] * sd for level in LEVELS},
                {level: mean + _Z[level] * sd for level in LEVELS})


def one_step(values: np.ndarray, first: date, origin: int) -> Path:
    """One-day-ahead forecasts of every day from `origin` on, each from the days before it:
    calendar and smoothing parameters learnt from the days before `origin`, the smoothing's
    state then carried forward one observed day at a time (a rolling origin)."""
    fitted = fit(values[:origin], first)
    rest = values - fitted.calendar(first, len(values))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        smoothed = _ets(rest[fitted.start:]).smooth(fitted.params)
    mean = np.asarray(smoothed.fittedvalues)[origin - fitted.start:] + \
        fitted.calendar(first, len(values))[origin:]
    return Path(mean, {level: mean - _Z[level] * fitted.sigma for level in LEVELS},
                {level: mean + _Z[level] * fitted.sigma for level in LEVELS})
