"""Rows written plainly (`INSERT INTO t (columns) VALUES (?, …)`, as the CSV imports write them)
made right for PostgreSQL: SQLite takes 0 and 1 for a boolean column, PostgreSQL a boolean;
and SQLite's `INSERT OR REPLACE` is PostgreSQL's `ON CONFLICT (key) DO UPDATE`. The columns'
types and keys come from the Core tables (db/tables), so the statements stay written once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

_INSERT = re.compile(r'^\s*INSERT\s+(?P<replace>OR\s+REPLACE\s+)?INTO\s+"?(?P<table>\w+)"?\s*'
                     r'\((?P<columns>[^)]*)\)(?P<rest>.*)$', re.I | re.S)


@lru_cache(maxsize=256)
def server_insert(sql: str) -> tuple[str, tuple[int, ...]]:
    """(the statement for PostgreSQL, the positions of boolean columns among its values);
    any other statement comes back as it is, with none."""
    from sqlalchemy import Boolean

    from db.tables import metadata

    found = _INSERT.match(sql)
    if found is None or found["table"] not in metadata.tables:
        return sql, ()
    table = metadata.tables[found["table"]]
    columns = [c.strip().strip('"') for c in found["columns"].split(",")]
    booleans = tuple(i for i, c in enumerate(columns)
                     if c in table.c and isinstance(table.c[c].type, Boolean))
    if not found["replace"]:
        return sql, booleans
    keys = [c.name for c in table.primary_key.columns]
    updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in columns if c not in keys)
    quoted = ", ".join(f'"{c}"' for c in columns)
    keyed = ", ".join(f'"{k}"' for k in keys)
    return (f'INSERT INTO "{table.name}" ({quoted}){found["rest"]} '
            f"ON CONFLICT ({keyed}) DO UPDATE SET {updates}", booleans)


def as_booleans(rows: Iterable[Sequence[Any]], booleans: tuple[int, ...]) -> Iterable[tuple]:
    """Each row with its boolean columns' 0/1 as False/True (None stays None)."""
    for row in rows:
        yield tuple(bool(v) if i in booleans and v is not None else v
                    for i, v in enumerate(row))
