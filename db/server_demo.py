"""The demo on a PostgreSQL ward. It is built in a private SQLite file (the bulk load SQLite is
fast at) and copied in, verified: into a new, empty ward the whole file (db/copy); into a ward
that already has users, settings or (with --force) records, the demo's record tables replace
the ward's in one transaction under the ward's writer lock, keeping its users and audit trail
and auditing the replacement, as `hra demo --force` does on a file."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, delete, func, insert, select

from db import tables
from db.copy import (
    CopyMismatch,
    advance_sequences,
    batches,
    copy_into_server,
    copy_ward,
    holds_records,
    table_sums,
)
from db.demo_terms import DATA_TABLES, DemoRefused, DemoSummary
from db.engine import make_engine
from db.location import ServerWard
from hra_tui.domain import Role


def server_demo(ward: ServerWard, force: bool, user: str, owner: str, now: datetime,
                build: Callable[[Path, str], DemoSummary]) -> DemoSummary:
    """The demo `build(file, owner)` makes in a file, into `ward`, acting as `user`;
    refusals as on a file."""
    with tempfile.TemporaryDirectory(prefix="hra-demo-") as folder:
        built = Path(folder) / "ward.db"
        if holds_records(ward) is None:
            if user != owner:  # a new ward's owner is about to become its admin
                raise DemoRefused(f"Only an admin can load the demo; {user} is not one")
            summary = build(built, owner)
            copy_ward(built, ward)
            return summary
        _check_before(ward, user, owner, force)
        summary = build(built, user)  # the ward's admin, checked above, builds the file
        _replace_records(built, ward, summary, force, user, owner, now)
    return summary


def _check_before(ward: ServerWard, user: str, owner: str, force: bool) -> None:
    """Refuse before building the demo, as a file ward does."""
    engine = make_engine(ward, writer=False)
    try:
        with engine.connect() as conn:
            _check_allowed(conn, user, owner, force)
    finally:
        engine.dispose()


def _held(conn: Connection) -> dict[str, int]:
    return {t: conn.execute(select(func.count()).select_from(tables.metadata.tables[t]))
            .scalar_one() for t in ("patients", "beds", "staff", "wards")}


def _has_users(conn: Connection) -> bool:
    return bool(conn.execute(select(func.count()).select_from(tables.users)).scalar_one())


def _check_allowed(conn: Connection, user: str, owner: str, force: bool) -> None:
    """The file demo's refusals: records without --force, anyone but an admin (on a ward
    without users, anyone but its owner, about to become its admin)."""
    held = _held(conn)
    if any(held.values()) and not force:
        raise DemoRefused(f"This database already holds ward records ({held['patients']} "
                          f"patients, {held['beds']} beds, {held['staff']} staff); use --force "
                          "to replace them")
    if _has_users(conn):
        row = conn.execute(select(tables.users.c.role, tables.users.c.active)
                           .where(tables.users.c.name == user)).first()
        is_admin = row is not None and row.role == Role.ADMIN.value and row.active
    else:
        is_admin = user == owner
    if not is_admin:
        raise DemoRefused(f"Only an admin can load the demo; {user} is not one")


def _replace_records(built: Path, ward: ServerWard, summary: DemoSummary, force: bool,
                     user: str, owner: str, now: datetime) -> None:
    """The ward's record tables emptied and filled from the demo file in one transaction,
    verified table by table before it commits; the ward's users and audit log stay."""
    reader, writer = make_engine(built, writer=False, create=False), make_engine(ward)
    filled = [t for t in tables.metadata.sorted_tables if t.name in DATA_TABLES]  # parents 1st
    try:
        with reader.connect() as src, src.begin(), writer.begin() as dst:
            _check_allowed(dst, user, owner, force)  # again, under the writer lock
            held = _held(dst)
            verb = ("replaced the ward's records with" if held["patients"] + held["beds"]
                    else "loaded")
            for table in reversed(filled):
                dst.execute(delete(table))
            for table in filled:
                copy_into_server(dst, table, batches(src, table))
            advance_sequences(dst)
            if table_sums(src, DATA_TABLES) != table_sums(dst, DATA_TABLES):
                raise CopyMismatch(f"{ward} did not read back as the demo; nothing was kept")
            if not _has_users(dst):
                added = dst.execute(insert(tables.users).values(
                    name=owner, role=Role.ADMIN.value, active=True, created_at=now)
                    .returning(tables.users.c.id)).scalar_one()
                dst.execute(insert(tables.audit_log).values(
                    at=now, user=user, action="add", entity="user", entity_id=added,
                    detail=f"{owner} as admin"))
            dst.execute(insert(tables.audit_log).values(
                at=now, user=user, action="demo", entity="database", entity_id=None,
                detail=f"{verb} the {summary.size} demo (seed {summary.seed}): {summary.line()}"))
    finally:
        reader.dispose()
        writer.dispose()
