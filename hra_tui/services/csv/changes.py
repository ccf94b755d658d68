"""What an import does to a record its row matches by key: only the fields that differ are
written, in one UPDATE, with one audit row naming each field before and after (as the forms'
edits do); a row that matches its record already changes nothing and is only counted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from db.bulk import insert_sql
from hra_tui.services.context import Tx
from hra_tui.services.csv.store import number_past_imported
from hra_tui.services.plain_records import ImportResult


@dataclass
class Tally:
    """Rows that added a record, changed one, or matched one already."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0

    def result(self) -> ImportResult:
        return ImportResult(rows=self.added, changed=self.changed, unchanged=self.unchanged)


def differing(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Each field of `after` whose value differs from `before`'s, as (before, after)."""
    return {name: (before[name], value) for name, value in after.items()
            if before[name] != value}


def said(changes: Mapping[str, tuple[Any, Any]]) -> str:
    """"name 'Ann' -> 'Anne', age 41 -> 42", as the forms' edits audit them."""
    return ", ".join(f"{name} {old!r} -> {new!r}" for name, (old, new) in changes.items())


async def write_changes(tx: Tx, driver: Any, table: str, record_id: int,
                        changes: Mapping[str, tuple[Any, Any]], entity: str, who: str,
                        source: str, shown: Mapping[str, tuple[Any, Any]] | None = None) -> None:
    """Set the changed columns of one record and audit them; `shown` replaces `changes` in the
    audit when the columns hold ids or codes a person would not read (a doctor's name, not
    their id)."""
    columns = ", ".join(f'"{name}" = ?' for name in changes)
    await driver.execute(f'UPDATE "{table}" SET {columns} WHERE id = ?',
                         (*(new for _old, new in changes.values()), record_id))
    await tx.audit("edit", entity, record_id,
                   f"{who}: {said(shown if shown is not None else changes)} (import {source})")


async def add_rows(tx: Tx, driver: Any, sql: str, rows: list[tuple], entity: str, plural: str,
                   source: str) -> None:
    """Insert the records new keys bring, audited as one import row ("12 beds from x.csv")."""
    await driver.executemany(sql, rows)
    if rows:
        await tx.audit("import", entity, None, f"{len(rows)} {plural} from {source}")


async def add_numbered_rows(tx: Tx, driver: Any, table: str, fields: tuple[str, ...],
                            rows: list[tuple], entity: str, plural: str, source: str) -> None:
    """Insert new records whose rows (id first) may or may not name their id: those that do
    go in with it, then those that do not are numbered by the database, past every id given
    (PostgreSQL numbers no row whose id is NULL, as SQLite does: the column is left out)."""
    numbered = [row for row in rows if row[0] is not None]
    unnumbered = [row[1:] for row in rows if row[0] is None]
    if numbered:
        await driver.executemany(insert_sql(table, ("id", *fields)), numbered)
    if unnumbered:
        if numbered:
            await number_past_imported(tx)
        await driver.executemany(insert_sql(table, fields), unnumbered)
    if rows:
        await tx.audit("import", entity, None, f"{len(rows)} {plural} from {source}")
