"""The public holidays a ward's intake and discharges follow (England and Wales's bank holidays),
pure date arithmetic: the demo draws its history with them and the forecast takes them as a
regressor, so both agree on which days are holidays."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache


def _easter(year: int) -> date:
    """Easter Sunday (the Gregorian computus, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lw = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lw) // 451
    month, day = divmod(h + lw - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _monday(year: int, month: int, last: bool) -> date:
    """The first (or last) Monday of a month."""
    if last:
        end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return end - timedelta(days=end.weekday())
    start = date(year, month, 1)
    return start + timedelta(days=(7 - start.weekday()) % 7)


@cache
def holidays(year: int) -> frozenset[date]:
    """The year's bank holidays (a weekend Christmas or New Year is kept on its own day)."""
    easter = _easter(year)
    return frozenset({date(year, 1, 1), easter - timedelta(days=2), easter + timedelta(days=1),
                      _monday(year, 5, last=False), _monday(year, 5, last=True),
                      _monday(year, 8, last=True), date(year, 12, 25), date(year, 12, 26)})


def is_holiday(day: date) -> bool:
    return day in holidays(day.year)
