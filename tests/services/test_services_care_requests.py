"""Care requests: add, edit and cancel a waiting one, with the form's rules and the links
(patient, resource, slots) checked; a refusal leaves the database as it was."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import insert, update

from db import tables as t
from hra_tui.services.errors import Invalid, NotAllowed, NotFound, Refused
from hra_tui.services.plain_records import CareForm
from hra_tui.services.times import utcnow
from hra_tui.services.validation import care_form_from_values, validate_care_form


@pytest.fixture
async def slots(ward):
    """Three shifts from tomorrow, a CT scanner and a retired ventilator."""
    start = utcnow().replace(microsecond=0) + timedelta(days=1)
    async with ward.context.writer.begin() as conn:
        for n in range(3):
            await conn.execute(insert(t.time_slots).values(
                id=n + 1, label=f"shift {n + 1}", starts_at=start + timedelta(hours=8 * n),
                ends_at=start + timedelta(hours=8 * (n + 1)), demand=2, skill_min=0))
        await conn.execute(insert(t.resources).values(id=1, name="CT scanner", kind="imaging",
                                                      cost_per_slot=5, active=True))
        await conn.execute(insert(t.resources).values(id=2, name="Ventilator", kind="",
                                                      cost_per_slot=5, active=False))
    return start


async def test_add_a_request_with_every_field(ward, seed, slots):
    row = await ward.care.add(seed.waiting, CareForm(
        urgency=9, skill_min=3, care_cost=40, duration_min=45, reason=" wound check ",
        resource_id=1, earliest_slot_id=1, must_serve=True, due_slot_id=3))
    assert (row.patient_mrn, row.status, row.reason, row.resource, row.earliest, row.due) == \
        (seed.waiting, "waiting", "wound check", "CT scanner", "shift 1", "shift 3")
    assert (row.urgency, row.skill_min, row.care_cost, row.duration_min, row.must_serve) == \
        (9, 3, 40, 45, True)
    audit = (await ward.audit.recent(limit=1))[0]
    assert (audit.action, audit.entity, audit.entity_id) == ("add", "care request", row.id)
    assert audit.detail == f"{seed.waiting} John Roe: urgency 9, skill 3, 45 min, wound check"
    assert [r.id for r in await ward.care.list(mrn=seed.waiting)] == [row.id]
    assert [c.label for c in await ward.care.slots()] == ["shift 1", "shift 2", "shift 3"]
    assert [c.label for c in await ward.care.resources()] == ["CT scanner"]
    assert (await ward.care.slot_at(slots + timedelta(hours=9))).label == "shift 2"


@pytest.mark.parametrize(("mrn", "form", "message"), [
    ("P999999", CareForm(), "No patient with MRN P999999"),
    (None, CareForm(urgency=11), "Urgency must be from 1 to 10"),
    (None, CareForm(skill_min=0), "Least skill must be from 1 to 5"),
    (None, CareForm(duration_min=481), "Duration must be from 5 to 480"),
    (None, CareForm(care_cost=-1), "Care cost must be from 0 to 1000000"),
    (None, CareForm(reason="x" * 201), "Reason is too long (at most 200 characters)"),
    (None, CareForm(resource_id=2), "Ventilator is no longer in use; choose another resource"),
    (None, CareForm(resource_id=9), "No resource with id 9"),
    (None, CareForm(earliest_slot_id=9), "No time slot with id 9"),
    (None, CareForm(earliest_slot_id=3, due_slot_id=1),
     "The due slot (shift 1) is before the earliest (shift 3)"),
])
async def test_add_refusals(ward, seed, slots, db_dump, mrn, form, message):
    before = db_dump()
    with pytest.raises(Refused, match=re.escape(message)):
        await ward.care.add(mrn or seed.waiting, form)
    assert db_dump() == before


async def test_a_viewer_adds_no_request(open_ward, seed, db_dump):
    before = db_dump()
    async with open_ward(seed.viewer) as ward:
        with pytest.raises(NotAllowed):
            await ward.care.add(seed.waiting, CareForm())
    assert db_dump() == before


async def test_edit_and_cancel_only_a_waiting_request(ward, seed, slots, db_dump):
    row = await ward.care.add(seed.other, CareForm(reason="review"))
    edited = await ward.care.edit(row.id, replace(CareForm(reason="review"), urgency=7,
                                                  earliest_slot_id=2))
    assert (edited.urgency, edited.earliest) == (7, "shift 2")
    audit = (await ward.audit.recent(limit=1))[0]
    assert audit.detail == f"{seed.other} Mia Chen: urgency 5 -> 7, earliest_slot_id None -> 2"
    before = db_dump()
    with pytest.raises(Refused, match=f"Nothing to change for care request {row.id}"):
        await ward.care.edit(row.id, replace(CareForm(reason="review"), urgency=7,
                                             earliest_slot_id=2))
    assert db_dump() == before
    cancelled = await ward.care.cancel(row.id)
    assert cancelled.status == "cancelled"
    assert await ward.care.list(mrn=seed.other) == []
    before = db_dump()
    with pytest.raises(Refused, match=f"Care request {row.id} for Mia Chen is cancelled; only "
                                      "a waiting request can be edited"):
        await ward.care.edit(row.id, CareForm())
    with pytest.raises(Refused, match="only a waiting request can be cancelled"):
        await ward.care.cancel(row.id)
    with pytest.raises(NotFound, match="No care request 99"):
        await ward.care.cancel(99)
    assert db_dump() == before


async def test_a_scheduled_request_is_not_edited(ward, seed, slots, db_dump):
    row = await ward.care.add(seed.other, CareForm())
    async with ward.context.writer.begin() as conn:
        await conn.execute(update(t.care_requests).values(status="scheduled"))
    before = db_dump()
    with pytest.raises(Refused, match="is scheduled; only a waiting request can be edited"):
        await ward.care.edit(row.id, CareForm(urgency=9))
    assert db_dump() == before


def test_the_form_parses_what_a_clerk_types():
    values = {"urgency": "", "skill_min": "2", "care_cost": "", "duration_min": "",
              "reason": " dressing ", "resource_id": "", "earliest_slot_id": "4",
              "must_serve": "yes", "due_slot_id": ""}
    assert care_form_from_values(values) == CareForm(
        urgency=5, skill_min=2, duration_min=30, reason="dressing", earliest_slot_id=4,
        must_serve=True)
    assert validate_care_form({**values, "urgency": "0", "must_serve": "maybe"}) == {
        "urgency": "Urgency must be from 1 to 10", "must_serve": "Must serve must be yes or no"}
    with pytest.raises(Invalid):
        care_form_from_values({**values, "duration_min": "4"})
