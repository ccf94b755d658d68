"""The shared wards' copies on either engine: the suite's wards are built once in a file; on
SQLite each test gets a copy of the file, on PostgreSQL (HRA_TEST_ENGINE=postgresql) the file
is copied once into a template database (`hra db copy`'s `copy_ward`) and each test gets a
clone of it (CREATE DATABASE … TEMPLATE copies files, not rows: milliseconds)."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest

from db.copy import copy_ward, ward_sums
from db.location import Location, ServerWard
from support import postgres

ENGINES = ("sqlite", "postgresql")


def engine() -> str:
    """The engine the shared wards are on: HRA_TEST_ENGINE, else SQLite."""
    chosen = os.environ.get("HRA_TEST_ENGINE", "sqlite").lower()
    if chosen not in ENGINES:
        raise pytest.UsageError(f"HRA_TEST_ENGINE={chosen}: choose one of {', '.join(ENGINES)}")
    return chosen


def database_name(prefix: str, request) -> str:
    """A database name for this test (PostgreSQL keeps 63 characters of a name)."""
    return prefix + "".join(c if c.isalnum() else "_" for c in request.node.name)[-50:].lower()


def as_template(server: postgres.Cluster, path: Path, name: str) -> str:
    """Copy the ward file at `path` into a new database of `server` to clone wards from."""
    copy_ward(path, server.new_ward(name))
    return name


def fresh_ward(template: Path | str, server: postgres.Cluster | None, request,
               tmp_path: Path) -> Location:
    """A private copy of a template ward for one test: a copied file, or a cloned database."""
    if server is None:
        path = tmp_path / "ward.db"
        shutil.copyfile(template, path)
        path.chmod(0o600)
        return path
    return server.clone_ward(str(template), database_name("w_", request))


class _Rows:
    """A psycopg cursor whose fetches after a write give no rows, as sqlite3's do."""

    def __init__(self, cursor) -> None:
        self.cursor = cursor
        self.connection = cursor.connection

    def fetchall(self) -> list[tuple]:
        return self.cursor.fetchall() if self.cursor.description else []

    def fetchone(self) -> tuple | None:
        return self.cursor.fetchone() if self.cursor.description else None

    def __iter__(self):
        return iter(self.fetchall())


class _ServerConnection:
    """A psycopg connection that reads like sqlite3's for the suite's own SQL: `?`
    placeholders, `execute(...).fetchall()`. Each statement commits on its own (a refused one
    leaves the connection usable, as sqlite3's does)."""

    def __init__(self, url: str) -> None:
        import psycopg

        self._conn = psycopg.connect(url, autocommit=True)

    @staticmethod
    def _sql(statement: str) -> str:
        """`?` outside string literals becomes `%s`; a literal `%` is doubled."""
        return re.sub(r"'[^']*'|\?", lambda m: "%s" if m.group() == "?" else m.group(),
                      statement.replace("%", "%%"))

    def execute(self, statement: str, params: Sequence = ()) -> _Rows:
        if not params:
            return _Rows(self._conn.execute(statement))
        return _Rows(self._conn.execute(self._sql(statement), tuple(params)))

    def executemany(self, statement: str, rows: Iterable[Sequence]) -> None:
        with self._conn.cursor() as cursor:
            cursor.executemany(self._sql(statement), [tuple(r) for r in rows])

    def commit(self) -> None:
        """Nothing to do: every statement committed as it ran."""

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> _ServerConnection:
        return self

    def __exit__(self, *_exc) -> None:
        self._conn.close()


def integrity_errors() -> tuple[type[Exception], ...]:
    """What a refused constraint raises through `connect`, on either engine."""
    import psycopg

    return sqlite3.IntegrityError, psycopg.IntegrityError


def connect(ward: Location):
    """A plain connection to a ward on either engine, for a test's own SQL (sqlite3's `?`
    placeholders on both): to set up what only the clock or a race could make, or to read
    what a command wrote."""
    if isinstance(ward, ServerWard):
        return _ServerConnection(ward.url)
    return sqlite3.connect(ward)


def dump(ward: Location) -> list[str]:
    """Every row of a ward, to compare before and after a refused write: SQLite's dump as SQL
    text; a server ward's count and checksum per table (`hra db copy`'s check)."""
    if isinstance(ward, ServerWard):
        return [repr(table) for table in ward_sums(ward)]
    conn = sqlite3.connect(ward)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def day_before_last(conn, days: int) -> str:
    """The day `days` before the ward's last day of history (SQLite gives text, PostgreSQL a
    date): `DELETE FROM ward_history WHERE day < ?` keeps that many days and one."""
    (last,) = conn.execute("SELECT max(day) FROM ward_history").fetchone()
    return (date.fromisoformat(str(last)) - timedelta(days=days)).isoformat()
