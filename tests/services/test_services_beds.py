"""Admit, transfer, discharge, clean, block: every rule, every refusal, bed status and
admissions always agreeing, an audit row per write, and nothing written when refused."""

from __future__ import annotations

import pytest
from support.wards import connect

from db.driver import Driver
from hra_tui.services.errors import NotAllowed, NotFound, Refused
from hra_tui.services.health import check_database
from hra_tui.services.records import beds as beds_module


def _status(cells, label):
    return next(cell for cell in cells if cell.label == label)


async def _audit_actions(ward, n=1):
    return [(row.user, row.action, row.detail) for row in await ward.audit.recent(limit=n)]


async def test_board_orders_labels_naturally_and_shows_occupants(ward, seed):
    board = await ward.beds.board()
    assert [cell.label for cell in board] == ["1A", "1B", "2A", "10A", "S1", "S2"]
    assert _status(board, "1A").patient_mrn == seed.admitted
    assert _status(board, "1A").status == "occupied"
    assert [cell.label for cell in await ward.beds.board("South")] == ["S1", "S2"]
    assert [cell.label for cell in await ward.beds.free("North")] == ["1B", "2A", "10A"]
    assert await ward.beds.wards() == ["North", "South"]


async def test_admit_occupies_the_bed_and_audits_as_the_clerk(open_ward, seed):
    async with open_ward(seed.clerk) as ward:
        cell = await ward.beds.admit(seed.waiting, "2a", seed.doctor_id, "Fluids")
        assert (cell.label, cell.status, cell.patient_mrn) == ("2A", "occupied", seed.waiting)
        detail = await ward.patients.get(seed.waiting)
        assert (detail.patient.bed, detail.patient.ward, detail.patient.doctor) == \
            ("2A", "North", "Ann Lee")
        assert detail.prescription == "Fluids"
        assert await _audit_actions(ward) == [
            ("clara", "admit", f"{seed.waiting} John Roe into bed 2A")]


async def test_admit_into_an_occupied_bed_names_the_occupant(ward, seed, db_dump):
    before = db_dump()
    with pytest.raises(Refused, match=r"^Bed 1A is occupied by Jane Doe since \d\d:\d\d$"):
        await ward.beds.admit(seed.waiting, "1A")
    assert db_dump() == before


async def test_admit_a_patient_already_in_a_bed_is_refused(ward, seed, db_dump):
    before = db_dump()
    with pytest.raises(Refused, match="^Jane Doe is already in bed 1A$"):
        await ward.beds.admit(seed.admitted, "2A")
    assert db_dump() == before


async def test_admit_into_cleaning_or_blocked_bed_is_refused(ward, seed, db_dump):
    await ward.beds.discharge(seed.admitted)  # 1A -> cleaning
    await ward.beds.block("2A", "broken rail")
    before = db_dump()
    with pytest.raises(Refused, match="Bed 1A is being cleaned"):
        await ward.beds.admit(seed.waiting, "1A")
    with pytest.raises(Refused, match="^Bed 2A is blocked: broken rail$"):
        await ward.beds.admit(seed.waiting, "2A")
    assert db_dump() == before


@pytest.mark.parametrize(("mrn", "bed", "doctor", "message", "kind"), [
    ("P999999", "2A", None, "No patient with MRN P999999", NotFound),
    ("waiting", "9Z", None, "No bed 9Z on any ward", NotFound),
    ("waiting", "2A", 999, "No staff member with id 999", NotFound),
    ("waiting", "2A", "retired", "Dr Old Doc is no longer active", Refused),
    ("waiting", "2A", "nurse", "Kim Wu is a nurse, not a doctor", Refused),
])
async def test_admit_refusals_write_nothing(ward, seed, db_dump, mrn, bed, doctor, message,
                                            kind):
    mrn = getattr(seed, mrn, mrn)
    doctor_id = getattr(seed, f"{doctor}_id", doctor) if doctor else None
    before = db_dump()
    with pytest.raises(kind, match=message):
        await ward.beds.admit(mrn, bed, doctor_id)
    assert db_dump() == before


async def test_a_surgeon_may_attend(ward, seed):
    cell = await ward.beds.admit(seed.waiting, "2A", seed.surgeon_id)
    assert cell.patient_mrn == seed.waiting


async def test_viewer_cannot_write_beds(open_ward, seed, db_dump):
    before = db_dump()
    async with open_ward(seed.viewer) as ward:
        for attempt in (ward.beds.admit(seed.waiting, "2A"), ward.beds.discharge(seed.admitted),
                        ward.beds.transfer(seed.admitted, "2A"), ward.beds.block("2A", "x"),
                        ward.beds.mark_clean("2A"), ward.beds.unblock("2A")):
            with pytest.raises(NotAllowed, match="vic is a viewer and cannot .*clerks and admins"):
                await attempt
        assert len(await ward.beds.board()) == 6  # reading is fine
    assert db_dump() == before


async def test_transfer_moves_the_stay_and_sends_the_old_bed_to_cleaning(open_ward, seed):
    async with open_ward(seed.clerk) as ward:
        cell = await ward.beds.transfer(seed.admitted, "s1")
        assert (cell.label, cell.ward, cell.patient_mrn) == ("S1", "South", seed.admitted)
        board = await ward.beds.board()
        assert _status(board, "1A").status == "cleaning"
        assert _status(board, "1A").patient_mrn is None
        detail = await ward.patients.get(seed.admitted)
        assert (detail.patient.bed, detail.patient.doctor, detail.prescription) == \
            ("S1", "Ann Lee", "Rest")
        assert await _audit_actions(ward) == [
            ("clara", "transfer", f"{seed.admitted} Jane Doe from bed 1A to bed S1")]


async def test_transfer_refusals(ward, seed, db_dump):
    await ward.beds.admit(seed.waiting, "2A")
    before = db_dump()
    with pytest.raises(Refused, match="^Mia Chen is not admitted to any bed$"):
        await ward.beds.transfer(seed.other, "1B")
    with pytest.raises(Refused, match="^Jane Doe is already in bed 1A$"):
        await ward.beds.transfer(seed.admitted, "1A")
    with pytest.raises(Refused, match="^Bed 2A is occupied by John Roe since"):
        await ward.beds.transfer(seed.admitted, "2A")
    assert db_dump() == before


async def test_discharge_then_clean_frees_the_bed(ward, seed):
    cell = await ward.beds.discharge(seed.admitted)
    assert (cell.label, cell.status, cell.patient_mrn) == ("1A", "cleaning", None)
    assert (await ward.patients.get(seed.admitted)).patient.bed is None
    with pytest.raises(Refused, match="^Jane Doe is not admitted to any bed$"):
        await ward.beds.discharge(seed.admitted)
    cell = await ward.beds.mark_clean("1A")
    assert cell.status == "free"
    assert [action for _, action, _ in await _audit_actions(ward, 2)] == ["clean", "discharge"]
    await ward.beds.admit(seed.other, "1A")  # the bed can be used again


async def test_mark_clean_only_a_bed_waiting_for_cleaning(ward, seed, db_dump):
    before = db_dump()
    with pytest.raises(Refused, match="^Bed 2A is free, not waiting for cleaning$"):
        await ward.beds.mark_clean("2A")
    with pytest.raises(Refused, match="Bed 1A is occupied by Jane Doe"):
        await ward.beds.mark_clean("1A")
    assert db_dump() == before


async def test_block_and_unblock(ward, seed, db_dump):
    cell = await ward.beds.block("2A", "  oxygen   leak ")
    assert (cell.status, cell.note) == ("blocked", "oxygen leak")
    before = db_dump()
    with pytest.raises(Refused, match="only a free or cleaning bed can be blocked"):
        await ward.beds.block("1A", "x")
    with pytest.raises(Refused, match="Bed 2A is blocked: oxygen leak"):
        await ward.beds.block("2A", "again")
    with pytest.raises(Refused, match="Give a reason"):
        await ward.beds.block("1B", "   ")
    with pytest.raises(Refused, match="^Bed 1B is not blocked$"):
        await ward.beds.unblock("1B")
    assert db_dump() == before
    cell = await ward.beds.unblock("2A")
    assert (cell.status, cell.note) == ("free", "")


async def test_status_column_and_admissions_agree_after_every_move(ward, seed, seeded_db):
    await ward.beds.admit(seed.waiting, "2A")
    await ward.beds.transfer(seed.waiting, "10A")
    await ward.beds.discharge(seed.admitted)
    await ward.beds.mark_clean("1A")
    await ward.beds.admit(seed.other, "1A")
    assert await check_database(seeded_db) == []


async def test_a_race_caught_by_the_unique_index_reads_like_the_checks(ward, seed, db_dump,
                                                                        monkeypatch):
    """Another clerk admitted into 2A between our read and our write: the partial unique
    index refuses, and the clerk reads who is in the bed, not a constraint name."""
    async with ward.context.reader.connect() as conn:
        free_2a = await beds_module.bed_state(await Driver.of(conn), "2A")
    await ward.beds.admit(seed.waiting, "2A")
    before = db_dump()

    real_lookup = beds_module.bed_state
    reads = []

    async def stale_lookup(driver, label):
        reads.append(label)  # the first read is from before the other clerk's commit
        return free_2a if len(reads) == 1 else await real_lookup(driver, label)

    monkeypatch.setattr(beds_module, "bed_state", stale_lookup)
    with pytest.raises(Refused, match=r"^Bed 2A is occupied by John Roe since \d\d:\d\d$"):
        await ward.beds.admit(seed.other, "2A")
    assert len(reads) == 2
    assert db_dump() == before


@pytest.mark.sqlite_only(reason="an SQLite trigger refuses the write")
async def test_refused_by_the_database_itself_rolls_back(seeded_db, ward, seed):
    """Even a write the rules let through but a CHECK refuses leaves nothing behind."""
    con = connect(seeded_db)
    con.execute("CREATE TRIGGER no_more BEFORE INSERT ON admissions "
                "BEGIN SELECT RAISE(ABORT, 'ward closed'); END")
    con.commit()
    con.close()
    audit_before = len(await ward.audit.recent())
    with pytest.raises(Refused, match="Could not admit patients: .*ward closed.*nothing was saved"):
        await ward.beds.admit(seed.waiting, "2A")
    assert len(await ward.audit.recent()) == audit_before
    assert (await ward.beds.cell("2A")).status == "free"
