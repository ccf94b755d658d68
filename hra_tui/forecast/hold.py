"""Beds to keep free for emergencies: on each day, the forecast's upper bound of the ward's
admissions at the chosen level, rounded up. Those admitted on a day need a free bed that day;
those admitted before are in the records by the time the next plan is made."""

from __future__ import annotations

import math

from hra_tui.forecast.ward import WardForecast

HOLD_LEVELS = (80, 95)  # the upper bounds a hold may take, in percent
DEFAULT_HOLD = 80  # what the forecast_hold setting is when the ward has not set it


def beds_to_hold(forecast: WardForecast, level: int) -> list[int]:
    """Beds per forecast day (from the forecast's origin); level 0 holds none."""
    if level == 0:
        return [0] * len(forecast.days)
    if level not in HOLD_LEVELS:
        raise ValueError(f"a hold takes the 80 % or 95 % upper bound, not {level} %")
    return [math.ceil(day.admitted.upper(level) - 1e-9) for day in forecast.days]
