"""The pure forecast: what it learns from, what it refuses, and whether its numbers hold up
on a demo ward's drawn history (small series, so each test fits in well under a second)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from db.history_demo import ward_history
from hra_tui.forecast import TooLittleHistory, WardHistory, forecast_ward, model
from hra_tui.forecast.backtest import backtest_ward
from hra_tui.forecast.history import MIN_DAYS
from hra_tui.forecast.model import one_step


def drawn(kind: str, days: int, first: date, seed: int = 3) -> WardHistory:
    rows = ward_history(kind, first, days, np.random.default_rng(seed))
    return WardHistory(f"Ward — {kind}", first, *(tuple(int(v) for v in rows[:, k])
                                                 for k in range(3)))


@pytest.fixture
def history(now) -> WardHistory:
    return drawn("Medical", 400, now.date() - timedelta(days=400))


def test_a_forecast_starts_the_day_after_the_history_and_nests_its_intervals(history):
    forecast = forecast_ward(history, 14)
    assert forecast.origin == history.end and len(forecast.days) == 14
    assert [d.day for d in forecast.days] == [history.end + timedelta(days=k) for k in range(14)]
    for day in forecast.days:
        for band in (day.admitted, day.discharged, day.occupied):
            assert 0 <= band.low95 <= band.low80 <= band.mean <= band.high80 <= band.high95
    # Further ahead is less certain: the census's 80 % interval widens.
    first, last = forecast.days[0].occupied, forecast.days[-1].occupied
    assert last.high80 - last.low80 > first.high80 - first.low80


def test_the_forecast_learns_the_weekly_pattern(history):
    """The demo's wards take more emergencies on Mondays than on Saturdays."""
    forecast = forecast_ward(history, 14)
    monday = np.mean([d.admitted.mean for d in forecast.days if d.day.weekday() == 0])
    saturday = np.mean([d.admitted.mean for d in forecast.days if d.day.weekday() == 5])
    assert monday > saturday


def test_a_forecast_uses_no_data_after_its_origin(history):
    """The history cut at an origin gives the forecast made that morning, whatever came after:
    days after the origin changed beyond recognition change nothing."""
    origin = history.first + timedelta(days=300)
    spoiled = replace(history, occupied=history.occupied[:300] + (99,) * 100,
                      admitted=history.admitted[:300] + (50,) * 100)
    assert forecast_ward(history.until(origin), 7) == forecast_ward(spoiled.until(origin), 7)
    assert forecast_ward(history.until(origin), 7) != forecast_ward(history, 7)


def test_each_backtest_forecast_uses_only_the_days_before_it(history):
    """One-step forecasts over a rolling origin: the one for day t is the same whatever the
    days from t on hold."""
    values = np.asarray(history.occupied, dtype=float)
    origin, t = 310, 350
    before = one_step(values, history.first, origin)
    changed = values.copy()
    changed[t:] += 40
    after = one_step(changed, history.first, origin)
    assert np.array_equal(before.mean[:t - origin + 1], after.mean[:t - origin + 1])
    assert before.mean[t - origin + 1] != after.mean[t - origin + 1]


def test_a_ward_with_too_little_history_is_refused_saying_how_much_it_has(now):
    short = drawn("Surgical", 20, now.date() - timedelta(days=20))
    with pytest.raises(TooLittleHistory, match=f"has 20 days of history; a forecast needs "
                                               f"at least {MIN_DAYS}"):
        forecast_ward(short, 14)
    with pytest.raises(TooLittleHistory, match="has 20 days of history; a backtest"):
        backtest_ward(short)


def test_the_backtest_beats_last_weeks_figure_with_honest_intervals(history):
    scores = backtest_ward(history).scores
    occupancy = scores["occupied"]
    assert occupancy.days == 90
    assert occupancy.mase < 1
    assert 0.65 <= occupancy.coverage80 <= 0.95
    assert occupancy.coverage95 >= occupancy.coverage80


def test_the_closed_form_forecast_is_statsmodels_own(history):
    """The forecast's mean and variance are what statsmodels' get_prediction says for the
    same fitted smoothing (without the calendar, which is added on top)."""
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    values = np.asarray(history.occupied, dtype=float)
    fitted = model.fit(values, history.first)
    rest = (values - fitted.calendar(history.first, len(values)))[fitted.start:]
    results = ETSModel(pd.Series(rest), error="add", trend=None, seasonal="add",
                       seasonal_periods=7, initialization_method="heuristic"
                       ).smooth(fitted.params)
    prediction = results.get_prediction(start=len(rest), end=len(rest) + 20)
    path = model.forecast(fitted, 21)
    calendar = fitted.calendar(history.end, 21)
    assert np.allclose(path.mean - calendar, np.asarray(prediction.predicted_mean))
    bounds = np.asarray(prediction.pred_int(alpha=0.2))
    assert np.allclose(path.lower[80] - calendar, bounds[:, 0])
    assert np.allclose(path.upper[80] - calendar, bounds[:, 1])
