"""The services behind the clerk's day: edits, reservations and reversals refuse in words and
write one audit row each."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hra_tui.services.errors import Invalid, Refused
from hra_tui.services.plain_records import PatientDetails
from hra_tui.services.times import utcnow


def _details(**changes) -> PatientDetails:
    base = dict(name="John Roe", address="", age=67, gender="M", phone="", urgency=5)
    return PatientDetails(**(base | changes))


async def test_patient_edit_uses_registrations_rules(ward, seed, db_dump):
    before = db_dump()
    with pytest.raises(Refused, match="Nothing to change for John Roe"):
        await ward.patients.edit(seed.waiting, _details())
    with pytest.raises(Invalid):
        await ward.patients.edit(seed.waiting, _details(age=131))
    with pytest.raises(Invalid):
        await ward.patients.edit(seed.waiting, _details(phone="12"))
    assert db_dump() == before
    row = await ward.patients.edit(seed.waiting, _details(name="  John  Roe-Smith ", urgency=9))
    assert (row.name, row.urgency) == ("John Roe-Smith", 9)


async def test_reactivate_refuses_an_active_member(ward, seed):
    with pytest.raises(Refused, match="already active"):
        await ward.staff.reactivate(seed.doctor_id)


async def test_reassigning_to_the_same_or_an_inactive_doctor_is_refused(ward, seed, db_dump):
    before = db_dump()
    with pytest.raises(Refused, match="other than Ann Lee"):
        await ward.staff.deactivate(seed.doctor_id, reassign_to=seed.doctor_id)
    with pytest.raises(Refused, match="no longer active"):
        await ward.staff.deactivate(seed.doctor_id, reassign_to=seed.retired_id)
    assert db_dump() == before


async def test_reservation_refusals(ward, seed):
    later = utcnow() + timedelta(hours=2)
    with pytest.raises(Refused, match="already in bed 1A"):
        await ward.beds.reserve("1B", seed.admitted, later)
    with pytest.raises(Refused, match="only a free bed can be reserved"):
        await ward.beds.reserve("1A", seed.waiting, later)
    with pytest.raises(Invalid, match="past"):
        await ward.beds.reserve("1B", seed.waiting, utcnow() - timedelta(hours=1))
    await ward.beds.reserve("1B", seed.waiting, later)
    with pytest.raises(Refused, match="already has bed 1B reserved"):
        await ward.beds.reserve("2A", seed.waiting, later)
    with pytest.raises(Refused, match="reserved for John Roe"):
        await ward.beds.transfer(seed.admitted, "1B")
    with pytest.raises(Refused, match="not reserved"):
        await ward.beds.release("2A")


async def test_undo_discharge_refuses_when_the_bed_was_taken(ward, seed):
    await ward.beds.discharge(seed.admitted)
    await ward.beds.mark_clean("1A")
    await ward.beds.admit(seed.waiting, "1A")
    with pytest.raises(Refused, match="occupied by John Roe"):
        await ward.beds.undo_discharge(seed.admitted, "1A")


async def test_undo_pay_refuses_an_unpaid_invoice(ward, seed):
    invoice = (await ward.patients.get(seed.admitted)).invoices[0]
    with pytest.raises(Refused, match="is not paid"):
        await ward.billing.undo_pay(invoice.id)
