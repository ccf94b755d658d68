"""Wards and beds: add, rename, deactivate, add a bed, edit it, retire it; every refusal
leaves the database as it was, and every write has its audit row."""

from __future__ import annotations

import re

import pytest

from hra_tui.services.errors import Invalid, NotAllowed, NotFound, Refused
from hra_tui.services.plain_records import BedForm


async def _last_audit(ward):
    row = (await ward.audit.recent(limit=1))[0]
    return row.action, row.entity, row.detail


async def test_add_a_ward_then_a_bed_in_a_room(ward):
    east = await ward.layout.add_ward("  East   wing ")
    assert (east.name, east.active, east.beds, east.occupied) == ("East wing", True, 0, 0)
    bed = await ward.layout.add_bed(BedForm(label=" e1 ", ward="east WING", type="ICU",
                                            room="r-2"))
    assert (bed.label, bed.ward, bed.type, bed.room, bed.status, bed.occupant) == \
        ("E1", "East wing", "icu", "R-2", "free", None)
    assert await _last_audit(ward) == ("add", "bed", "bed E1 (icu) on East wing room R-2")
    assert "E1" in [cell.label for cell in await ward.beds.free("East wing")]
    assert (await ward.layout.ward("east wing")).beds == 1


@pytest.mark.parametrize(("name", "message"), [
    ("", "Ward name is required"),
    ("north", "There is already a ward named North"),
    ("x" * 61, "Ward name is too long (at most 60 characters)"),
])
async def test_a_ward_name_must_be_new_and_sane(ward, db_dump, name, message):
    before = db_dump()
    with pytest.raises(Refused, match=re.escape(message)):
        await ward.layout.add_ward(name)
    assert db_dump() == before


async def test_a_clerk_may_not_change_the_layout(open_ward, seed, db_dump):
    before = db_dump()
    async with open_ward(seed.clerk) as ward:
        with pytest.raises(NotAllowed):
            await ward.layout.add_ward("East")
        with pytest.raises(NotAllowed):
            await ward.layout.retire_bed("2A")
    assert db_dump() == before


async def test_rename_and_deactivate_a_ward(ward):
    south = await ward.layout.edit_ward("South", new_name="South annex")
    assert south.name == "South annex"
    off = await ward.layout.edit_ward("south annex", active=False)
    assert not off.active
    assert await ward.beds.wards() == ["North"]
    assert [cell.label for cell in await ward.beds.board()] == ["1A", "1B", "2A", "10A"]
    with pytest.raises(NotFound, match="No bed S1"):
        await ward.beds.admit("P000002", "S1")
    assert (await ward.layout.edit_ward("South annex", active=True)).active
    action, entity, detail = await _last_audit(ward)
    assert (action, entity, detail) == ("edit", "ward", "ward South annex: active False -> True")


async def test_a_ward_with_patients_stays_active(ward, db_dump):
    before = db_dump()
    with pytest.raises(Refused, match="Ward North has 1 occupied bed; move or discharge the "
                                      "patient first"):
        await ward.layout.edit_ward("North", active=False)
    with pytest.raises(Refused, match="Nothing to change for ward North"):
        await ward.layout.edit_ward("North", new_name=" North ", active=True)
    with pytest.raises(Refused, match="already a ward named South"):
        await ward.layout.edit_ward("North", new_name="SOUTH")
    with pytest.raises(NotFound, match="No ward named 'West'"):
        await ward.layout.edit_ward("West", active=False)
    assert db_dump() == before


@pytest.mark.parametrize(("form", "message"), [
    (BedForm(label="1b", ward="North"), "Bed 1B already exists"),
    (BedForm(label="3 A", ward="North"), "Bed label must be letters, digits and '-'"),
    (BedForm(label="3A", ward="West"), "No ward named 'West'"),
    (BedForm(label="3A", ward="North", type="sofa"), "Type must be one of general, icu"),
    (BedForm(label="3A", ward="North", room="room 1"), "Room must be letters, digits"),
])
async def test_add_bed_refusals(ward, db_dump, form, message):
    before = db_dump()
    with pytest.raises(Refused, match=re.escape(message)):
        await ward.layout.add_bed(form)
    assert db_dump() == before


async def test_no_bed_goes_on_an_inactive_ward(ward, db_dump):
    await ward.layout.edit_ward("South", active=False)
    before = db_dump()
    with pytest.raises(Refused, match="Ward South is inactive; reactivate it first"):
        await ward.layout.add_bed(BedForm(label="S3", ward="South"))
    with pytest.raises(Refused, match="Ward South is inactive"):
        await ward.layout.edit_bed("2A", BedForm(label="2A", ward="South"))
    assert db_dump() == before


async def test_edit_a_free_bed_everything(ward):
    bed = await ward.layout.edit_bed("2a", BedForm(label="2C", ward="South", type="maternity",
                                                   room="R1"))
    assert (bed.label, bed.ward, bed.type, bed.room) == ("2C", "South", "maternity", "R1")
    action, _entity, detail = await _last_audit(ward)
    assert action == "edit"
    assert detail == ("bed 2A: label '2A' -> '2C', type 'general' -> 'maternity', "
                      "room '' -> 'R1', ward 'North' -> 'South'")
    assert "2C" in [cell.label for cell in await ward.beds.board("South")]


async def test_an_occupied_bed_keeps_its_ward_but_may_be_relabelled(ward, seed, db_dump):
    before = db_dump()
    with pytest.raises(Refused, match=r"Bed 1A is occupied by Jane Doe \(P\d+\); it stays on "
                                      "its ward until the patient leaves it"):
        await ward.layout.edit_bed("1A", BedForm(label="1A", ward="South"))
    with pytest.raises(Refused, match="Nothing to change for bed 1A"):
        await ward.layout.edit_bed("1A", BedForm(label="1a", ward="north"))
    with pytest.raises(Refused, match="Bed 1B already exists"):
        await ward.layout.edit_bed("1A", BedForm(label="1B", ward="North"))
    assert db_dump() == before
    bed = await ward.layout.edit_bed("1A", BedForm(label="1AX", ward="North", type="icu"))
    assert (bed.label, bed.occupant) == ("1AX", f"Jane Doe ({seed.admitted})")
    assert (await ward.patients.get(seed.admitted)).patient.bed == "1AX"


async def test_retire_a_bed(ward, db_dump):
    retired = await ward.layout.retire_bed("2A")
    assert retired.label == "2A"
    assert "2A" not in [cell.label for cell in await ward.beds.board()]
    assert await _last_audit(ward) == ("retire", "bed", "bed 2A on North")
    before = db_dump()
    with pytest.raises(Refused, match=r"Bed 2A already exists \(retired; a label is never "
                                      "reused\\)"):
        await ward.layout.add_bed(BedForm(label="2A", ward="North"))
    with pytest.raises(NotFound, match="No bed 2A"):
        await ward.layout.retire_bed("2A")
    assert db_dump() == before


async def test_an_occupied_or_reserved_bed_is_not_retired(ward, seed, db_dump):
    from datetime import timedelta

    from hra_tui.services.times import utcnow

    await ward.beds.reserve("1B", seed.waiting, utcnow() + timedelta(hours=2))
    before = db_dump()
    with pytest.raises(Refused, match="Bed 1A is occupied by Jane Doe"):
        await ward.layout.retire_bed("1A")
    with pytest.raises(Refused, match="Bed 1B is reserved; release it first"):
        await ward.layout.retire_bed("1B")
    assert db_dump() == before


def test_the_bed_form_reads_like_the_import():
    from hra_tui.services.validation import validate_bed_form

    assert validate_bed_form({"label": "", "ward": "", "type": "", "room": "a b"}) == {
        "label": "Bed label must be letters, digits and '-', up to 12, like 3B",
        "ward": "Ward name is required",
        "room": "Room must be letters, digits and '-', up to 12, like R12"}
    with pytest.raises(Invalid):
        from hra_tui.services.validation import bed_form_from_values
        bed_form_from_values({"label": "3A", "ward": "North", "type": "x"})
