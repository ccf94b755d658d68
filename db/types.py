"""Column types shared by the tables: timestamps stored as UTC, read back timezone-aware."""

from __future__ import annotations

from datetime import datetime

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
