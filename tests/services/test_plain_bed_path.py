"""The bed service on plain connections (`Context.write_plain`, records/states) writes and
refuses exactly as it did in SQLAlchemy's write transaction, and its board reads what the
SQLAlchemy query read: the same rows, the same audit rows, the same refusals, nothing
half-written. Each write runs once on each path, on two copies of the seeded ward at one moment,
and the two files are compared row by row."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import and_, select

from db import tables as t
from hra_tui.services import context as context_module
from hra_tui.services.context import Context
from hra_tui.services.errors import NotAllowed, NotFound, Refused
from hra_tui.services.records import beds as beds_module
from hra_tui.services.ward import Ward

pytestmark = pytest.mark.sqlite_only(reason="the plain-SQLite write path, compared file to file")


def dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def twin(seeded_db, tmp_path, monkeypatch, now):
    """A second copy of the seeded ward, and one moment for every write on either copy."""
    moment = now + timedelta(minutes=5)
    for module in (beds_module, context_module):
        monkeypatch.setattr(module, "utcnow", lambda: moment)
    path = tmp_path / "twin.db"
    shutil.copyfile(seeded_db, path)
    return path


async def on_both(seeded_db, twin, monkeypatch, user, work):
    """Run `work(ward)` on the plain path (seeded_db), then on SQLAlchemy's write transaction
    (twin); each outcome is the result or the refusal raised."""
    outcomes = []
    for path, plain in ((seeded_db, True), (twin, False)):
        with monkeypatch.context() as patch:
            if not plain:
                patch.setattr(Context, "write_plain", Context.write)
            async with await Ward.open(path, user) as ward:
                try:
                    outcomes.append(await work(ward))
                except (Refused, NotFound, NotAllowed) as refusal:
                    outcomes.append((type(refusal).__name__, str(refusal)))
    return outcomes


async def test_admit_writes_the_same_rows_and_audit_row_on_both_paths(
        seeded_db, twin, monkeypatch, seed):
    plain, engine = await on_both(
        seeded_db, twin, monkeypatch, seed.clerk,
        lambda ward: ward.beds.admit(seed.waiting, "2a", seed.doctor_id, "Fluids"))
    assert plain == engine
    assert (plain.label, plain.status, plain.patient_mrn) == ("2A", "occupied", seed.waiting)
    assert dump(seeded_db) == dump(twin)
    assert any("'admit'" in line and "into bed 2A" in line for line in dump(seeded_db))


@pytest.mark.parametrize("work", [
    "admit into the occupied bed", "admit the admitted patient", "admit an unknown MRN",
    "admit under a retired doctor", "transfer into the occupied bed", "block the occupied bed",
])
async def test_refusals_are_the_same_and_write_nothing_on_both_paths(
        seeded_db, twin, monkeypatch, seed, work):
    before = dump(seeded_db)
    actions = {
        "admit into the occupied bed": lambda ward: ward.beds.admit(seed.waiting, "1A"),
        "admit the admitted patient": lambda ward: ward.beds.admit(seed.admitted, "2A"),
        "admit an unknown MRN": lambda ward: ward.beds.admit("P999999", "2A"),
        "admit under a retired doctor": lambda ward: ward.beds.admit(seed.waiting, "2A",
                                                                     seed.retired_id),
        "transfer into the occupied bed": lambda ward: ward.beds.transfer(seed.waiting, "1A"),
        "block the occupied bed": lambda ward: ward.beds.block("1A", "leak"),
    }
    plain, engine = await on_both(seeded_db, twin, monkeypatch, seed.clerk, actions[work])
    assert plain == engine
    assert isinstance(plain, tuple), plain  # refused
    assert dump(seeded_db) == before == dump(twin)


async def test_a_viewer_and_a_deactivated_clerk_write_nothing_on_the_plain_path(
        open_ward, seeded_db, db_dump, seed):
    before = db_dump()
    async with open_ward(seed.viewer) as ward:
        with pytest.raises(NotAllowed):
            await ward.beds.admit(seed.waiting, "2A")
    async with open_ward(seed.clerk) as clerk, open_ward() as admin:
        await admin.users.set_active(seed.clerk, False)
        after_deactivation = db_dump()
        with pytest.raises(NotAllowed, match="deactivated"):
            await clerk.beds.admit(seed.waiting, "2A")
    assert before != after_deactivation == db_dump()


async def test_a_write_that_fails_half_way_is_rolled_back_on_the_plain_path(
        ward, db_dump, seed, monkeypatch):
    """The audit row fails after the bed and the admission were written: neither stays, and
    the next write on the same connection goes through."""
    before = db_dump()

    async def broken_audit(*_args):
        raise sqlite3.IntegrityError("CHECK constraint failed: audit")

    with monkeypatch.context() as patch:
        patch.setattr(context_module.Tx, "audit", broken_audit)
        with pytest.raises(Exception, match="nothing was saved"):
            await ward.beds.admit(seed.waiting, "2A")
    assert db_dump() == before
    assert (await ward.beds.admit(seed.waiting, "2A")).patient_mrn == seed.waiting


async def test_the_board_reads_what_the_sqlalchemy_query_read(ward, seed):
    await ward.beds.admit(seed.waiting, "S1")
    await ward.beds.block("2A", "leak")
    await ward.layout.retire_bed("10A")
    b, a, p = t.beds, t.admissions, t.patients
    query = (select(b.c.label, t.wards.c.name, b.c.type, b.c.status, b.c.status_since,
                    b.c.note, p.c.mrn, p.c.name)
             .join(t.wards, t.wards.c.id == b.c.ward_id)
             .outerjoin(a, and_(a.c.bed_id == b.c.id, a.c.discharged_at.is_(None)))
             .outerjoin(p, p.c.id == a.c.patient_id)
             .where(b.c.active.is_(True), t.wards.c.active.is_(True)))
    async with ward.context.read() as conn:
        expected = sorted(tuple(row) for row in await conn.execute(query))
    board = [(c.label, c.ward, c.type, c.status, c.since, c.note, c.patient_mrn, c.patient_name)
             for c in await ward.beds.board()]
    assert sorted(board) == expected
    assert [row[0] for row in board] == ["1A", "1B", "2A", "S1", "S2"]
    assert board[3][6:] == (seed.waiting, "John Roe")
    async with ward.context.read() as conn:
        names = [row.name for row in await conn.execute(
            select(t.wards.c.name).where(t.wards.c.active.is_(True)).order_by(t.wards.c.name))]
    assert await ward.beds.wards() == names == ["North", "South"]
