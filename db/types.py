"""Column types and checks shared by the tables: timestamps stored as UTC, read back
timezone-aware; CHECK constraints named after their table and rule."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column
from sqlalchemy.types import DateTime, TypeDecorator

from db.time_codec import aware_utc, naive_utc


class UTCDateTime(TypeDecorator):
    """Stores naive UTC in SQLite (db/time_codec); refuses naive input."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        return None if value is None else naive_utc(value)

    def process_result_value(self, value: datetime | None, dialect):
        return None if value is None else aware_utc(value)


def timestamp(nullable: bool = False, index: bool = False, unique: bool = False) -> Column:
    """A UTCDateTime column."""
    return Column(UTCDateTime(), nullable=nullable, index=index, unique=unique)


def one_of(column: str, enum: type[StrEnum]) -> str:
    """The SQL condition that `column` holds one of the enum's values."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return f"{column} IN ({values})"


def checks(table: str, **rules: str) -> tuple[CheckConstraint, ...]:
    """One CHECK per rule, named ck_<table>_<rule>, in the order given."""
    return tuple(CheckConstraint(sql, name=f"ck_{table}_{rule}") for rule, sql in rules.items())
