"""Staff are added, edited and deactivated by admins only; nobody is ever deleted."""

from __future__ import annotations

import pytest

from hra_tui.services.errors import Invalid, NotAllowed, NotFound, Refused
from hra_tui.services.plain_records import StaffForm


async def test_lists_and_doctors(ward, seed):
    names = [row.name for row in await ward.staff.list()]
    assert names == ["Ann Lee", "Kim Wu", "Raj Patel"]
    everyone = await ward.staff.list(include_inactive=True)
    assert [row.name for row in everyone if not row.active] == ["Old Doc"]
    assert [row.name for row in await ward.staff.list(role="nurse")] == ["Kim Wu"]
    assert [row.name for row in await ward.staff.list("cardio")] == ["Ann Lee"]
    assert [row.name for row in await ward.staff.doctors()] == ["Ann Lee", "Raj Patel"]
    with pytest.raises(Invalid, match="Role must be one of"):
        await ward.staff.list(role="janitor")


async def test_add_edit_deactivate_with_audit(ward, seed):
    row = await ward.staff.add(StaffForm(name=" Eve  Ng ", role="Pharmacist", skill=4))
    assert (row.name, row.role, row.skill, row.active) == ("Eve Ng", "pharmacist", 4, True)
    edited = await ward.staff.edit(row.id, StaffForm(name="Eve Ng", role="pharmacist", skill=5,
                                                     phone="555 9999"))
    assert (edited.skill, edited.phone) == (5, "555 9999")
    gone = await ward.staff.deactivate(row.id)
    assert not gone.active
    assert row.id not in [s.id for s in await ward.staff.list()]
    audit = await ward.audit.recent(limit=3)
    assert [(a.user, a.action, a.entity_id) for a in audit] == [
        (seed.admin, "deactivate", row.id), (seed.admin, "edit", row.id),
        (seed.admin, "add", row.id)]
    assert "skill 4 -> 5" in audit[1].detail


async def test_staff_refusals(ward, seed, db_dump):
    before = db_dump()
    with pytest.raises(Refused, match="^Old Doc is already inactive$"):
        await ward.staff.deactivate(seed.retired_id)
    with pytest.raises(NotFound, match="No staff member with id 99"):
        await ward.staff.edit(99, StaffForm(name="X", role="doctor"))
    with pytest.raises(Refused, match="Nothing to change for Kim Wu"):
        await ward.staff.edit(seed.nurse_id, StaffForm(name="Kim Wu", role="nurse"))
    with pytest.raises(Invalid, match="Skill must be from 1 to 5"):
        await ward.staff.add(StaffForm(name="Bad", role="nurse", skill=9))
    with pytest.raises(Invalid, match="Name is required"):
        await ward.staff.add(StaffForm(name="", role="nurse"))
    assert db_dump() == before


async def test_a_deactivated_doctor_keeps_their_history(ward, seed):
    await ward.staff.deactivate(seed.doctor_id)
    jane = (await ward.patients.get(seed.admitted)).patient
    assert jane.doctor == "Ann Lee"
    assert seed.doctor_id not in [d.id for d in await ward.staff.doctors()]


@pytest.mark.parametrize("user", ["clara", "vic"])
async def test_only_admins_manage_staff(open_ward, seed, db_dump, user):
    before = db_dump()
    async with open_ward(user) as ward:
        with pytest.raises(NotAllowed, match=f"^{user} is a .* cannot add staff; only admins"):
            await ward.staff.add(StaffForm(name="Eve", role="nurse"))
        with pytest.raises(NotAllowed, match="cannot edit staff"):
            await ward.staff.edit(seed.nurse_id, StaffForm(name="Kim", role="nurse"))
        with pytest.raises(NotAllowed, match="cannot deactivate staff"):
            await ward.staff.deactivate(seed.nurse_id)
    assert db_dump() == before
