"""The waiting list: who a cancelled slot is offered to (highest priority, then longest
waiting; for that doctor or that doctor's specialty; never the patient who cancelled nor one
booked elsewhere then), booking it for them in one audited step, and the refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from hra_tui.services.errors import Invalid, NotAllowed, Refused
from hra_tui.services.plain_records import PatientForm


async def _cancelled_slot(ward, now):
    """Jane's visit with Ann Lee (Cardiology) two days on, cancelled."""
    visit = (await ward.appointments.on_day((now + timedelta(days=2)).date()))[0]
    await ward.appointments.cancel(visit.id)
    return visit


async def _patient(ward, name: str) -> str:
    return (await ward.patients.register(PatientForm(name=name, address="", age=30, gender="F",
                                                     phone=""))).mrn


async def _wait(ward, now, days_ago: int, *args, **kwargs):
    with time_machine.travel(now - timedelta(days=days_ago), tick=True):
        return await ward.waiting.add(*args, **kwargs)


async def test_the_slot_goes_to_the_highest_priority_then_the_longest_waiting(ward, seed, now):
    pat = await _patient(ward, "Pat Kay")
    await _wait(ward, now, 9, seed.waiting, seed.doctor_id, priority=3)
    await _wait(ward, now, 5, pat, specialty="cardiology", priority=3)
    visit = await _cancelled_slot(ward, now)
    assert (await ward.waiting.offer(visit.id)).patient_mrn == seed.waiting  # waited longest
    await _wait(ward, now, 1, seed.other, specialty="Cardiology", priority=5)
    offered = await ward.waiting.offer(visit.id)
    assert offered.patient_mrn == seed.other  # a higher priority goes first
    assert offered.offered.startswith(f"offered to Mia Chen ({seed.other}), priority 5")
    assert [e.patient_mrn for e in await ward.waiting.waiting()] == [seed.other, seed.waiting,
                                                                     pat]


async def test_a_tie_in_priority_and_time_goes_to_whoever_was_put_on_first(ward, seed, now):
    with time_machine.travel(now - timedelta(days=2), tick=False):
        await ward.waiting.add(seed.other, seed.doctor_id, priority=4)
        await ward.waiting.add(seed.waiting, seed.doctor_id, priority=4)
    visit = await _cancelled_slot(ward, now)
    assert (await ward.waiting.offer(visit.id)).patient_mrn == seed.other


async def test_nobody_who_does_not_fit_is_offered_the_slot(ward, seed, now):
    pat = await _patient(ward, "Pat Kay")
    await _wait(ward, now, 4, seed.waiting, seed.surgeon_id, priority=5)  # another doctor
    await _wait(ward, now, 3, seed.admitted, seed.doctor_id, priority=5)  # who cancelled
    await _wait(ward, now, 2, pat, seed.doctor_id, priority=5)
    visit = await _cancelled_slot(ward, now)
    await ward.appointments.book(pat, seed.surgeon_id, visit.starts_at)  # busy then
    assert await ward.waiting.offer(visit.id) is None
    with pytest.raises(Refused, match="Nobody waiting fits"):
        await ward.waiting.fill(visit.id)
    with pytest.raises(Refused, match="waits for Dr Raj Patel, not Dr Ann Lee"):
        await ward.waiting.fill(visit.id, (await ward.waiting.waiting())[0].id)


async def test_filling_books_the_slot_closes_the_place_and_audits_both(ward, seed, now):
    place = await _wait(ward, now, 3, seed.waiting, specialty="Cardiology", priority=2)
    visit = await _cancelled_slot(ward, now)
    entry, booked = await ward.waiting.fill(visit.id)
    assert entry.id == place.id
    assert (booked.patient_mrn, booked.doctor_id, booked.starts_at, booked.status) == \
        (seed.waiting, seed.doctor_id, visit.starts_at, "booked")
    assert await ward.waiting.waiting() == []
    actions = [(row.action, row.entity) for row in await ward.audit.recent(limit=2)]
    assert sorted(actions) == [("book", "appointment"), ("fill", "waiting")]
    with pytest.raises(Refused, match="has John Roe booked"):
        await ward.appointments.undo_cancel(visit.id)  # the slot is taken now
    with pytest.raises(Refused, match="Dr Ann Lee already has John Roe booked"):
        await ward.waiting.fill(visit.id)
    with pytest.raises(Refused, match="not cancelled"):
        await ward.waiting.fill(booked.id)


async def test_a_slot_outside_the_clinic_hours_is_neither_offered_nor_filled(ward, seed, now):
    await _wait(ward, now, 3, seed.waiting, seed.doctor_id)
    visit = await _cancelled_slot(ward, now)
    assert (await ward.waiting.offer(visit.id)).patient_mrn == seed.waiting
    await ward.planning.set_setting("clinic_closes", 9)
    assert await ward.waiting.offer(visit.id) is None  # the clerk phones nobody for it
    with pytest.raises(Invalid, match="outside its hours"):
        await ward.appointments.undo_cancel(visit.id)
    with pytest.raises(Invalid, match="outside its hours"):
        await ward.waiting.fill(visit.id)
    assert len(await ward.waiting.waiting()) == 1  # nothing half done


async def test_a_place_is_for_a_doctor_or_a_specialty_and_one_per_patient(ward, seed):
    with pytest.raises(Invalid, match="a doctor or a specialty"):
        await ward.waiting.add(seed.waiting)
    with pytest.raises(Invalid, match="Priority must be from 1 to 5"):
        await ward.waiting.add(seed.waiting, seed.doctor_id, priority=9)
    with pytest.raises(Refused, match="No active doctor practises Dermatology"):
        await ward.waiting.add(seed.waiting, specialty="Dermatology")
    with pytest.raises(Refused, match="no longer active"):
        await ward.waiting.add(seed.waiting, seed.retired_id)
    place = await ward.waiting.add(seed.waiting, seed.doctor_id, note="Mornings only")
    with pytest.raises(Refused, match="already waiting for Dr Ann Lee"):
        await ward.waiting.add(seed.waiting, specialty="Cardiology")
    removed = await ward.waiting.remove(place.id)
    assert removed.patient_mrn == seed.waiting and await ward.waiting.waiting() == []
    with pytest.raises(Refused, match="no longer waiting"):
        await ward.waiting.remove(place.id)
    last = (await ward.audit.recent(limit=1))[0]
    assert (last.action, last.entity, last.entity_id) == ("remove", "waiting", place.id)


async def test_a_viewer_may_read_the_list_but_not_change_it(open_ward, seed):
    async with open_ward(seed.viewer) as ward:
        assert await ward.waiting.waiting() == []
        with pytest.raises(NotAllowed):
            await ward.waiting.add(seed.waiting, seed.doctor_id)


async def test_a_doctor_leaving_hands_their_waiting_patients_over(ward, seed):
    await ward.waiting.add(seed.waiting, seed.doctor_id, priority=2)
    await ward.staff.deactivate(seed.doctor_id, reassign_to=seed.surgeon_id)
    assert [(e.patient_mrn, e.doctor_name) for e in await ward.waiting.waiting()] == \
        [(seed.waiting, "Raj Patel")]
    last = (await ward.audit.recent(limit=1))[0]
    assert "1 waiting for a visit moved to Raj Patel" in last.detail
