"""How a moment is stored, in one place: naive UTC text "YYYY-MM-DD HH:MM:SS.ffffff".

The ORM column type (db/types.UTCDateTime), the raw-driver writes (db/driver), the bulk loads
(db/demo, the CSV importer) and the CSV export all encode and decode through these functions,
so rows written any way compare, sort and read back alike. Only aware datetimes are stored:
a naive one is refused, so local times never slip in unconverted.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def naive_utc(value: datetime) -> datetime:
    """An aware datetime as naive UTC; naive input is refused."""
    if value.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return value.astimezone(UTC).replace(tzinfo=None)


def aware_utc(value: datetime) -> datetime:
    """A naive UTC datetime read back from storage, made aware."""
    return value.replace(tzinfo=UTC)


def sql_time(value: datetime) -> str:
    """An aware datetime in the stored text form; naive input is refused."""
    return naive_utc(value).isoformat(" ", "microseconds")  # several times faster than strftime


def parse_sql_time(stored: str | datetime) -> datetime:
    """A stored timestamp back as an aware UTC datetime. A PostgreSQL ward gives the naive UTC
    datetime itself where SQLite gives its text (a raw read, as the census's)."""
    if isinstance(stored, datetime):
        return aware_utc(stored)
    return aware_utc(datetime.fromisoformat(stored))


def sql_time_as_iso(stored: str | datetime | None) -> str:
    """'2026-03-12 09:30:00.000000' (stored) -> '2026-03-12T09:30:00+00:00'; '' for none. A
    PostgreSQL ward gives the naive UTC datetime itself."""
    if isinstance(stored, datetime):
        return aware_utc(stored).isoformat(timespec="seconds")
    return f"{stored[:10]}T{stored[11:19]}+00:00" if stored else ""
