"""`hra db copy FROM TO`: a whole ward, every row and audit entry, into an empty ward on
either engine (SQLite to PostgreSQL and back), verified before it is kept.

The rows go through the Core tables (db/tables), so each engine's types carry them (SQLite's
text times and 0/1 booleans become PostgreSQL's timestamps and booleans and back); into
PostgreSQL they go by COPY. The
source is read in one consistent snapshot, the target written in one transaction; before it
commits, every table's row count and checksum in the target must equal the source's, or
nothing is kept. The copy is exact, so it adds no audit row of its own: the target's audit log
is the source's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Connection, Table, func, insert, select, text

from db import tables
from db.engine import make_engine
from db.errors import Unusable
from db.location import Location, ServerWard
from db.schema import ensure_schema, is_current, refuse_newer, require_ward
from db.sequences import advance_statements
from db.time_codec import naive_utc, sql_time

BATCH = 5000


@dataclass(frozen=True)
class TableSum:
    """One table's row count and the SHA-256 of its rows in key order, engine-independent."""

    table: str
    rows: int
    checksum: str


class CopyMismatch(Exception):
    """The target did not read back as the source: nothing was kept."""


def _cell(value: Any) -> Any:
    """A value as the same JSON on either engine: times as stored UTC text, JSON sorted."""
    if isinstance(value, datetime):
        return sql_time(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return value


def _ordered(table: Table):
    return select(table).order_by(*table.primary_key.columns)


def table_sums(conn: Connection, only: Collection[str] | None = None) -> list[TableSum]:
    """Every table's count and checksum (or those named in `only`), read on `conn` (one
    snapshot when it is in one transaction)."""
    sums = []
    for table in tables.metadata.sorted_tables:
        if only is not None and table.name not in only:
            continue
        digest, count = hashlib.sha256(), 0
        for part in conn.execute(_ordered(table)).partitions(BATCH):
            for row in part:
                digest.update(json.dumps([_cell(v) for v in row], default=str).encode())
                digest.update(b"\n")
                count += 1
        sums.append(TableSum(table.name, count, digest.hexdigest()))
    return sums


def batches(conn: Connection, table: Table) -> Iterable[list[dict[str, Any]]]:
    for part in conn.execute(_ordered(table)).partitions(BATCH):
        yield [dict(row._mapping) for row in part]


def _server_cells(table: Table):
    """How each column's Python value goes into PostgreSQL's COPY: times as naive UTC (the
    stored form, whatever the session's time zone), JSON wrapped as JSON."""
    from psycopg.types.json import Json

    from db.types import UTCDateTime

    def cell(column):
        if isinstance(column.type, UTCDateTime):
            return lambda v: None if v is None else naive_utc(v)
        if isinstance(column.type, JSON):
            return lambda v: None if v is None else Json(v)
        return lambda v: v

    return [cell(column) for column in table.columns]


def copy_into_server(dst: Connection, table: Table, rows_in_batches) -> None:
    """Rows into PostgreSQL through COPY, many times faster than INSERTs for a hospital."""
    cells = _server_cells(table)
    names = ", ".join(f'"{c.name}"' for c in table.columns)
    cursor = dst.connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for rows in rows_in_batches:
            for row in rows:
                copy.write_row([cell(row[c.name]) for cell, c in zip(cells, table.columns,
                                                                     strict=True)])


def advance_sequences(conn: Connection) -> None:
    """Copied ids did not move PostgreSQL's sequences (db/sequences)."""
    for statement in advance_statements():
        conn.execute(text(statement))


def _first_filled(conn: Connection) -> str | None:
    """The first table that holds rows, or None for an empty ward."""
    for table in tables.metadata.sorted_tables:
        if conn.execute(select(func.count()).select_from(table)).scalar_one():
            return table.name
    return None


def holds_records(ward: Location) -> str | None:
    """The first table of `ward` that holds rows (None: a new or empty ward). Sync."""
    ensure_schema(ward, True)
    engine = make_engine(ward, writer=False)
    try:
        with engine.connect() as conn:
            return _first_filled(conn)
    finally:
        engine.dispose()


def _require_empty(conn: Connection, target: Location) -> None:
    filled = _first_filled(conn)
    if filled:
        raise Unusable(f"{target} already holds ward records ({filled}); copy into a new, "
                       "empty ward")


def _source_snapshot(conn: Connection, source: Location) -> Connection:
    """One snapshot of the source: SQLite's read transaction holds one already; on
    PostgreSQL ask for repeatable read."""
    if isinstance(source, ServerWard):
        return conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


def copy_ward(source: Location, target: Location) -> list[TableSum]:
    """Copy every row of the ward at `source` into the new or empty ward at `target`, verified;
    returns the tables' counts and checksums. Refuses (Unusable) a missing source, one not at
    this hra's schema, and a target that holds records; raises CopyMismatch (nothing kept)
    when the target does not read back the same. Sync."""
    require_ward(source)
    refuse_newer(source)
    if not is_current(source):
        raise Unusable(f"{source} is at an older schema; run `hra db upgrade` on it first")
    ensure_schema(target, True)
    reader, writer = make_engine(source, writer=False, create=False), make_engine(target)
    try:
        with _source_snapshot(reader.connect(), source) as src, src.begin():
            with writer.begin() as dst:
                _require_empty(dst, target)
                for table in tables.metadata.sorted_tables:
                    if isinstance(target, ServerWard):
                        copy_into_server(dst, table, batches(src, table))
                        continue
                    for rows in batches(src, table):
                        dst.execute(insert(table), rows)
                if isinstance(target, ServerWard):
                    advance_sequences(dst)
                copied, read_back = table_sums(src), table_sums(dst)
                if copied != read_back:
                    wrong = [a.table for a, b in zip(copied, read_back, strict=True) if a != b]
                    raise CopyMismatch(f"{target} did not read back as {source} "
                                       f"({', '.join(wrong)}); nothing was kept")
    finally:
        reader.dispose()
        writer.dispose()
    return copied


def ward_sums(ward: Location) -> list[TableSum]:
    """The counts and checksums of a ward as it is now (to compare two copies). Sync."""
    require_ward(ward)
    engine = make_engine(ward, writer=False, create=False)
    try:
        with _source_snapshot(engine.connect(), ward) as conn, conn.begin():
            return table_sums(conn)
    finally:
        engine.dispose()
