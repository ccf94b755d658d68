"""The demo wards' past: two years of daily unplanned (emergency) admissions, discharges and
census per ward, ending yesterday, for the bed-demand forecast to learn from.

Drawn, like the rest of the demo, from a seeded stream of its own: arrivals are Poisson around
a rate by kind of ward, higher on Mondays and lower at weekends, higher in winter (respiratory
wards most), lower on bank holidays, with a day-to-day wobble; each patient stays a drawn
number of nights, and a discharge due on a weekend or bank holiday often waits for the next
working day. The census is the running sum, started from a warm-up so the first day is
already full. Called by `db.demo` inside its one transaction.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from db.bulk import insert_rows
from hra_tui.holidays import is_holiday

HISTORY_DAYS = 2 * 365
_WARM_UP = 120  # days drawn before the history starts, so its first census is steady
# Emergency admissions a day, by kind of ward (20 beds each).
_RATE = {"Medical": 3.0, "Surgical": 1.5, "Cardiac": 2.5, "Respiratory": 2.5,
         "Orthopaedic": 2.0, "Maternity": 3.0, "Paediatric": 2.5, "Critical care": 1.0,
         "Elderly care": 1.6, "Oncology": 1.5}
_WEEKDAY = np.array([1.18, 1.06, 1.0, 0.98, 1.04, 0.84, 0.9])  # Monday first
_WINTER = {"Respiratory": 0.3, "Elderly care": 0.2, "Paediatric": 0.2}  # else 0.12
_MEAN_STAY = {"Critical care": 5.0, "Elderly care": 6.0, "Maternity": 2.5}  # else 3.5


def ward_history(kind: str, first: date, days: int, rng: np.random.Generator) -> np.ndarray:
    """Rows of (admitted, discharged, occupied) for `days` days from `first`."""
    span = days + _WARM_UP
    start = first - timedelta(days=_WARM_UP)
    dates = [start + timedelta(days=k) for k in range(span)]
    weekday = np.array([d.weekday() for d in dates])
    holiday = np.array([is_holiday(d) for d in dates])
    closed = holiday | (weekday >= 5)  # few discharges go out these days
    doy = np.array([d.timetuple().tm_yday for d in dates])
    winter = 1 + _WINTER.get(kind, 0.12) * np.cos(2 * np.pi * (doy - 15) / 365.25)
    rate = (_RATE.get(kind, 2.5) * rng.uniform(0.85, 1.15) * _WEEKDAY[weekday] * winter
            * np.where(holiday, 0.8, 1.0) * rng.gamma(30, 1 / 30, span))
    admitted = rng.poisson(rate)
    patients = int(admitted.sum())
    admit_day = np.repeat(np.arange(span), admitted)
    mean_stay = _MEAN_STAY.get(kind, 3.5)
    out = admit_day + 1 + rng.negative_binomial(2, 2 / (2 + mean_stay - 1), patients)
    for _ in range(3):  # a discharge due on a closed day waits a day, two times in three
        wait = (out < span) & closed[np.minimum(out, span - 1)] & (rng.random(patients) < 0.67)
        out = out + wait
    discharged = np.bincount(out[out < span], minlength=span)
    occupied = np.cumsum(admitted) - np.cumsum(discharged)
    rows = np.column_stack([admitted, discharged, occupied])
    return rows[_WARM_UP:]


def insert_history_demo(cur, seed: int, wards: list[tuple[int, str]], today: date) -> int:
    """Insert `HISTORY_DAYS` days ending yesterday for every (ward id, kind); returns rows."""
    rng = np.random.default_rng(seed * 104729 + 3)
    first = today - timedelta(days=HISTORY_DAYS)
    days = [(first + timedelta(days=k)).isoformat() for k in range(HISTORY_DAYS)]
    rows = []
    for ward_id, kind in wards:
        counts = ward_history(kind, first, HISTORY_DAYS, rng)
        rows += [(ward_id, day, *map(int, row)) for day, row in zip(days, counts, strict=True)]
    insert_rows(cur, "ward_history", ("ward_id", "day", "admitted", "discharged", "occupied"),
                rows)
    return len(rows)
