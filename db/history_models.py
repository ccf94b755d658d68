"""A ward's past as daily counts: what the bed-demand forecast learns from.

One row per ward and day: patients admitted that day, discharged that day, and in a bed at the
day's end (the midnight census). Counts rather than stays: two years of a hospital's stays
would be hundreds of thousands of admissions rows, each needing a patient and a bed and bound
by the one-active-stay rules, to give the forecast nothing it does not get from these few
thousand rows. `hra demo` draws them; `hra import` loads them from a CSV.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from db.types import checks

DAY_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
DAY_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # the same rule where there is no GLOB


def day_checks() -> tuple[CheckConstraint, ...]:
    """`day` is YYYY-MM-DD: SQLite's GLOB, PostgreSQL's regular expression."""
    name = "ck_ward_history_day"
    return (CheckConstraint(f"day GLOB '{DAY_GLOB}'", name=name).ddl_if(dialect="sqlite"),
            CheckConstraint(f"day ~ '{DAY_PATTERN}'", name=name).ddl_if(dialect="postgresql"))


class WardDay(SQLModel, table=True):
    """One ward's admissions, discharges and census on one day (`day` as YYYY-MM-DD)."""

    __tablename__ = "ward_history"
    __table_args__ = (*day_checks(), *checks(
        "ward_history", counts="admitted >= 0 AND discharged >= 0 AND occupied >= 0"))

    ward_id: int = Field(foreign_key="wards.id", primary_key=True)
    day: str = Field(primary_key=True)
    admitted: int
    discharged: int
    occupied: int
