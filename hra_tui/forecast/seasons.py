"""The calendar a forecast knows in advance: the season of the year and bank holidays, as
regressors taken out of a series before it is smoothed and put back into its forecast."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from hra_tui.holidays import is_holiday

YEAR = 365.25
# With a year of history or more, the yearly wave is learnt (two harmonics); with less it
# cannot be told from the level.
YEARLY_FROM = 365


@lru_cache(maxsize=64)  # a ward's three series, and its wards' one calendar, share them
def regressors(first: date, n: int, *, yearly: bool, holidays: bool) -> np.ndarray:
    """Columns for n days from `first`: a constant, then the yearly harmonics, then 1 on bank
    holidays, as asked (read-only: the array is shared)."""
    days = [first + timedelta(days=k) for k in range(n)]
    columns = [np.ones(n)]
    if yearly:
        t = np.array([d.toordinal() for d in days], dtype=float) * 2 * np.pi / YEAR
        columns += [np.sin(t), np.cos(t), np.sin(2 * t), np.cos(2 * t)]
    if holidays:
        columns.append(np.array([is_holiday(d) for d in days], dtype=float))
    matrix = np.column_stack(columns)
    matrix.flags.writeable = False
    return matrix
