"""A file ward opened without an event loop (`Ward.open(..., sync=True)`, what `hra patient
list`, `hra bed list` and `hra admit` run on) reads, writes and refuses exactly as the loop's
paths do: each write runs once without a loop (seeded_db) and once in SQLAlchemy's write
transaction (a twin copy) at one moment, and the two files are compared row by row."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta

import pytest

from hra_tui.cli.session import to_the_end
from hra_tui.services import context as context_module
from hra_tui.services.context import Context
from hra_tui.services.errors import NotAllowed, NotFound, Refused
from hra_tui.services.records import beds as beds_module
from hra_tui.services.ward import NoUsersYet, Ward

pytestmark = pytest.mark.sqlite_only(reason="a file ward opened on sqlite3 without a loop")


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


async def outcome(path, user, work, *, sync):
    """`work(ward)`'s result, or the refusal it raised as (kind, message)."""
    async with await Ward.open(path, user, sync=sync) as ward:
        try:
            return await work(ward)
        except (Refused, NotFound, NotAllowed) as refusal:
            return type(refusal).__name__, str(refusal)


async def on_both(seeded_db, twin, monkeypatch, user, work):
    """`work` without a loop on seeded_db (stepped to its end: it must never suspend), then
    on the loop in SQLAlchemy's write transaction on the twin."""
    without_loop = to_the_end(outcome(seeded_db, user, work, sync=True))
    with monkeypatch.context() as patch:
        patch.setattr(Context, "write_plain", Context.write)
        on_loop = await outcome(twin, user, work, sync=False)
    return without_loop, on_loop


async def test_admit_writes_the_same_rows_and_audit_row_without_a_loop(
        seeded_db, twin, monkeypatch, seed):
    plain, engine = await on_both(seeded_db, twin, monkeypatch, seed.clerk,
                                  lambda ward: ward.beds.admit(seed.waiting, "2a",
                                                               prescription="Fluids"))
    assert plain == engine
    assert (plain.label, plain.status, plain.patient_mrn) == ("2A", "occupied", seed.waiting)
    assert dump(seeded_db) == dump(twin)
    assert any("'admit'" in line and "into bed 2A" in line for line in dump(seeded_db))


@pytest.mark.parametrize("work", [
    "admit into the occupied bed", "admit the admitted patient", "admit an unknown MRN",
    "admit into an unknown bed", "a viewer admits",
])
async def test_refusals_are_the_same_and_write_nothing_without_a_loop(
        seeded_db, twin, monkeypatch, seed, work):
    before = dump(seeded_db)
    actions = {
        "admit into the occupied bed": (seed.clerk,
                                        lambda ward: ward.beds.admit(seed.waiting, "1A")),
        "admit the admitted patient": (seed.clerk,
                                       lambda ward: ward.beds.admit(seed.admitted, "2A")),
        "admit an unknown MRN": (seed.clerk, lambda ward: ward.beds.admit("P999999", "2A")),
        "admit into an unknown bed": (seed.clerk,
                                      lambda ward: ward.beds.admit(seed.waiting, "99Z")),
        "a viewer admits": (seed.viewer, lambda ward: ward.beds.admit(seed.waiting, "2A")),
    }
    user, action = actions[work]
    plain, engine = await on_both(seeded_db, twin, monkeypatch, user, action)
    assert plain == engine
    assert isinstance(plain, tuple), plain  # refused
    assert dump(seeded_db) == before == dump(twin)


async def test_a_clerk_deactivated_since_opening_writes_nothing_without_a_loop(
        seeded_db, db_dump, seed, open_ward):
    ward = to_the_end(Ward.open(seeded_db, seed.clerk, sync=True))
    try:
        # the admin's write runs on the loop between the sync open and the sync admit
        async with open_ward() as admin:
            await admin.users.set_active(seed.clerk, False)
        after_deactivation = db_dump()
        with pytest.raises(NotAllowed, match="deactivated"):
            to_the_end(ward.beds.admit(seed.waiting, "2A"))
    finally:
        to_the_end(ward.close())
    assert after_deactivation == db_dump()


def test_a_write_that_fails_half_way_is_rolled_back_without_a_loop(
        seeded_db, db_dump, seed, monkeypatch):
    """The audit row fails after the bed and the admission were written: neither stays, and
    the next write on the same connection goes through."""
    before = db_dump()

    async def broken_audit(*_args):
        raise sqlite3.IntegrityError("CHECK constraint failed: audit")

    ward = to_the_end(Ward.open(seeded_db, seed.clerk, sync=True))
    try:
        with monkeypatch.context() as patch:
            patch.setattr(context_module.Tx, "audit", broken_audit)
            with pytest.raises(Exception, match="nothing was saved"):
                to_the_end(ward.beds.admit(seed.waiting, "2A"))
        assert db_dump() == before
        cell = to_the_end(ward.beds.admit(seed.waiting, "2A"))
    finally:
        to_the_end(ward.close())
    assert cell.patient_mrn == seed.waiting and db_dump() != before


async def test_the_listings_read_the_same_without_a_loop(seeded_db, seed):
    async def listings(ward):
        return (await ward.beds.board(), await ward.beds.wards(),
                await ward.patient_list.search("", 100, 0), await ward.patient_list.count(""))

    without_loop = to_the_end(outcome(seeded_db, seed.viewer, listings, sync=True))
    assert without_loop == await outcome(seeded_db, seed.viewer, listings, sync=False)
    board, _wards, patients, total = without_loop
    assert any(cell.patient_mrn == seed.admitted for cell in board)
    assert total == len(patients) > 0


def test_a_ward_without_users_is_not_opened_without_a_loop(seeded_db):
    """Its first admin is made through SQLAlchemy, on the loop: `hra` opens it that way."""
    with sqlite3.connect(seeded_db) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM users")
    with pytest.raises(NoUsersYet):
        to_the_end(Ward.open(seeded_db, sync=True))
