"""Bulk writes on the driver's sqlite3 connection, for loads of 100,000 rows where the ORM's
per-row work would cost more than SQLite's insert. Callers hold one transaction around them;
integrity is still SQLite's (foreign keys, CHECKs and unique indexes apply to every row)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

# Timestamps are written in the exact text UTCDateTime stores, "YYYY-MM-DD HH:MM:SS.ffffff"
# (naive UTC, microseconds always written), so rows written
# here compare, sort and read back exactly like rows written through the ORM.


class Cursor(Protocol):
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], /) -> Any: ...


def sql_time(value: datetime) -> str:
    """An aware datetime in the stored form; naive input is refused as UTCDateTime does."""
    if value.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    # isoformat is several times faster than strftime; [:26] drops the "+00:00".
    return value.astimezone(UTC).isoformat(" ", "microseconds")[:26]


def parse_sql_time(text: str) -> datetime:
    """A stored timestamp back as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def insert_sql(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({marks})'


def insert_rows(cursor: Cursor, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> None:
    """One prepared INSERT run over every row (sqlite3's executemany)."""
    cursor.executemany(insert_sql(table, columns), rows)
