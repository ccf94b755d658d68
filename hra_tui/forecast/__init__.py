"""Bed-demand forecasting as a pure layer: a ward's daily history in, expected admissions,
discharges and census with intervals out, and the backtest that says how far to trust them.
No database, no console, no solver: plain data in and out (see docs/forecast.md)."""

from hra_tui.forecast.history import TooLittleHistory, WardHistory
from hra_tui.forecast.ward import SERIES, Band, WardForecast, forecast_ward

__all__ = ["SERIES", "Band", "TooLittleHistory", "WardForecast", "WardHistory", "forecast_ward"]
