"""Bulk writes on the driver's sqlite3 connection, for loads of 100,000 rows where the ORM's
per-row work would cost more than SQLite's insert. Callers hold one transaction around them;
integrity is still SQLite's (foreign keys, CHECKs and unique indexes apply to every row).
Timestamps go in through db/time_codec, in the text the ORM stores."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol


class Cursor(Protocol):
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], /) -> Any: ...


def insert_sql(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({marks})'


def insert_rows(cursor: Cursor, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> None:
    """One prepared INSERT run over every row (sqlite3's executemany)."""
    cursor.executemany(insert_sql(table, columns), rows)
