"""One daily series forecast: the calendar (yearly wave, bank holidays) by least squares, then
exponential smoothing with a weekly season, ETS(A,N,A), on what the calendar leaves. The
smoothing learns from the last `FIT_DAYS` days only: its level and weekly pattern follow the
recent weeks, and fitting stays fast enough for a hospital of 50 wards.

statsmodels' `ETSModel` estimates the smoothing parameters (maximum likelihood) and runs the
filter; the forecast and its variance are ETS(A,N,A)'s closed forms (Hyndman et al.,
*Forecasting with Exponential Smoothing*, 2008, class 1), the same numbers statsmodels'
`get_prediction` gives (a test holds them equal) without building its results objects, which
cost more than the fit.

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
_Z = {80: 1.2815515655446004, 95: 1.959963984540054}  # the normal's two-sided quantiles


@dataclass(frozen=True)
class Fitted:
    """A series' calendar coefficients and smoothing, learnt from its first `n` days."""

    first: date
    n: int
    yearly: bool
    holidays: bool
    beta: np.ndarray
    start: int  # the first day the smoothing saw
    params: np.ndarray  # smoothing_level (alpha), smoothing_seasonal (gamma)
    level: float  # the smoothed level after the last day
    season: np.ndarray  # the last SEASON seasonal states, oldest first
    sigma2: float  # the one-step errors' variance

    def calendar(self, first: date, n: int) -> np.ndarray:
        return regressors(first, n, yearly=self.yearly, holidays=self.holidays) @ self.beta


def ets_model(values: np.ndarray):
    """ETS(A,N,A) with a weekly season, started by the heuristic (no initial states to fit)."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel  # the cost of `import`

    return ETSModel(values, error="add", trend=None, seasonal="add", seasonal_periods=SEASON,
                    initialization_method="heuristic")


def _smooth(values: np.ndarray, params: np.ndarray | None) -> tuple[np.ndarray, np.ndarray,
                                                                    np.ndarray]:
    """(params, one-step predictions, states) of the smoothing over `values`; the parameters
    are estimated when not given."""
    model = ets_model(values)
    with warnings.catch_warnings():  # convergence chatter of a short or flat series
        warnings.simplefilter("ignore")
        if params is None:
            params = np.asarray(model.fit(disp=False, return_params=True))
        predicted, states = model.smooth(params, return_raw=True)
    return params, np.asarray(predicted), np.asarray(states)


def fit(values: np.ndarray, first: date) -> Fitted:
    """Learn a series of at least `history.MIN_DAYS` days starting on `first`."""
    n = len(values)
    yearly = n >= YEARLY_FROM
    holidays = any(is_holiday(first + timedelta(days=k)) for k in range(n))
    x = regressors(first, n, yearly=yearly, holidays=holidays)
    beta = np.linalg.lstsq(x, values, rcond=None)[0]
    start = max(0, n - FIT_DAYS)
    rest = (values - x @ beta)[start:]
    params, predicted, states = _smooth(rest, None)
    return Fitted(first, n, yearly, holidays, beta, start, params, float(states[-1, 0]),
                  states[-SEASON:, 1].copy(), float(np.mean((rest - predicted) ** 2)))


@dataclass(frozen=True)
class Path:
    """A forecast's mean and its intervals' bounds by level, one value a day."""

    mean: np.ndarray
    lower: dict[int, np.ndarray]
    upper: dict[int, np.ndarray]


def _path(mean: np.ndarray, sd: np.ndarray | float) -> Path:
    return Path(mean, {level: mean - _Z[level] * sd for level in LEVELS},
                {level: mean + _Z[level] * sd for level in LEVELS})


def forecast(fitted: Fitted, days: int) -> Path:
    """The next `days` days after the fitted ones, with 80 % and 95 % prediction intervals:
    mean l + s(h), variance sigma^2 (1 + (h-1) alpha^2 + k gamma (2 alpha + gamma)), k the
    whole weeks before h, normal errors."""
    h = np.arange(1, days + 1)
    alpha, gamma = fitted.params[0], fitted.params[1]
    k = (h - 1) // SEASON
    variance = fitted.sigma2 * (1 + (h - 1) * alpha**2 + k * gamma * (2 * alpha + gamma))
    mean = fitted.level + fitted.season[(h - 1) % SEASON] + \
        fitted.calendar(fitted.first + timedelta(days=fitted.n), days)
    return _path(mean, np.sqrt(variance))


def one_step(values: np.ndarray, first: date, origin: int) -> Path:
    """One-day-ahead forecasts of every day from `origin` on, each from the days before it:
    calendar and smoothing parameters learnt from the days before `origin`, the smoothing's
    state then carried forward one observed day at a time (a rolling origin)."""
    fitted = fit(values[:origin], first)
    calendar = fitted.calendar(first, len(values))
    _params, predicted, _states = _smooth((values - calendar)[fitted.start:], fitted.params)
    mean = predicted[origin - fitted.start:] + calendar[origin:]
    return _path(mean, np.sqrt(fitted.sigma2))
