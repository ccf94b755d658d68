"""Staff absences and resource closures as records: entered, listed (in force or coming),
cancelled by a status change with its audit row; refused in words for unknown or inactive
subjects, To not after From, an event already over and an overlap with one in force."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert, select
from support.wards import connect, integrity_errors

from db import tables as t
from hra_tui.services.errors import Invalid, NotAllowed, NotFound, Refused
from hra_tui.services.plain_records import EventForm
from hra_tui.services.validation import event_form_from_values, validate_event_form


def _form(now, start_hours: float, end_hours: float, reason: str = "") -> EventForm:
    return EventForm(now + timedelta(hours=start_hours), now + timedelta(hours=end_hours),
                     reason)


async def _theatre(ward, name: str = "Theatre 1", active: bool = True) -> int:
    async with ward.context.writer.begin() as conn:
        return (await conn.execute(insert(t.resources).values(
            name=name, kind="theatre", cost_per_slot=0, active=active))).inserted_primary_key[0]


async def _audit(ward, entity: str) -> list[tuple[str, str, str]]:
    async with ward.context.read() as conn:
        rows = await conn.execute(select(t.audit_log.c.action, t.audit_log.c.user,
                                         t.audit_log.c.detail)
                                  .where(t.audit_log.c.entity == entity)
                                  .order_by(t.audit_log.c.id))
        return [tuple(row) for row in rows]


async def test_an_absence_is_entered_listed_and_cancelled(open_ward, seed, now):
    async with open_ward(seed.clerk) as ward:
        absence = await ward.absences.add(seed.nurse_id, _form(now, 22, 34, " sick "))
        assert (absence.subject, absence.kind, absence.reason, absence.status) == (
            "Kim Wu", "nurse", "sick", "active")
        assert absence.entered_by == "clara"
        assert [row.id for row in await ward.absences.list()] == [absence.id]
        cancelled = await ward.absences.cancel(absence.id)
        assert (cancelled.status, cancelled.cancelled_by) == ("cancelled", "clara")
        assert await ward.absences.list() == []
        assert [row.id for row in await ward.absences.list(everything=True)] == [absence.id]
        assert [action for action, _who, _what in await _audit(ward, "staff absence")] == [
            "add", "cancel"]
        with pytest.raises(Refused, match=r"Absence \d+ of Kim Wu was cancelled already, at"):
            await ward.absences.cancel(absence.id)


async def test_current_and_coming_absences_are_listed_soonest_first(ward, seed, now):
    later = await ward.absences.add(seed.doctor_id, _form(now, 48, 60))
    running = await ward.absences.add(seed.nurse_id, _form(now, -3, 5, "sick since 06:00"))
    assert [row.id for row in await ward.absences.list()] == [running.id, later.id]
    assert [row.id for row in await ward.absences.list(at=now + timedelta(hours=6))] == [
        later.id]


@pytest.mark.parametrize(("start", "end", "message"), [
    (5, 5, "To must come after From"),
    (6, 2, "To must come after From"),
    (-10, -1, "has passed already"),
])
async def test_a_span_that_cannot_be_is_refused(ward, seed, now, db_dump, start, end, message):
    before = db_dump()
    with pytest.raises(Invalid, match=message):
        await ward.absences.add(seed.nurse_id, _form(now, start, end))
    assert db_dump() == before


async def test_an_overlap_with_an_absence_in_force_is_refused(ward, seed, now, db_dump):
    first = await ward.absences.add(seed.nurse_id, _form(now, 24, 36))
    before = db_dump()
    with pytest.raises(Refused, match=rf"Kim Wu is absent from .* already \(absence "
                                      rf"{first.id}\)"):
        await ward.absences.add(seed.nurse_id, _form(now, 30, 40))
    assert db_dump() == before
    await ward.absences.add(seed.nurse_id, _form(now, 36, 40))  # back to back: no overlap
    await ward.absences.add(seed.doctor_id, _form(now, 30, 40))  # another person
    await ward.absences.cancel(first.id)
    await ward.absences.add(seed.nurse_id, _form(now, 24, 36))  # the cancelled one holds not


async def test_unknown_or_inactive_staff_are_refused(ward, seed, now):
    with pytest.raises(NotFound, match="No staff member with id 999"):
        await ward.absences.add(999, _form(now, 1, 2))
    with pytest.raises(Refused, match="Old Doc is no longer in use"):
        await ward.absences.add(seed.retired_id, _form(now, 1, 2))
    with pytest.raises(NotFound, match="No absence 999"):
        await ward.absences.cancel(999)


async def test_a_viewer_may_not_enter_or_cancel(open_ward, seed, now):
    async with open_ward() as ward:
        absence = await ward.absences.add(seed.nurse_id, _form(now, 1, 2))
    async with open_ward(seed.viewer) as ward:
        with pytest.raises(NotAllowed):
            await ward.absences.add(seed.nurse_id, _form(now, 3, 4))
        with pytest.raises(NotAllowed):
            await ward.absences.cancel(absence.id)


async def test_a_closure_is_entered_refused_on_overlap_and_reopened(ward, now):
    theatre = await _theatre(ward)
    gone = await _theatre(ward, "Old theatre", active=False)
    assert [choice.label for choice in await ward.closures.resources()] == ["Theatre 1"]
    closure = await ward.closures.add(theatre, _form(now, 24, 72, "ventilation repair"))
    assert (closure.subject, closure.kind) == ("Theatre 1", "theatre")
    with pytest.raises(Refused, match="Theatre 1 is closed from .* already"):
        await ward.closures.add(theatre, _form(now, 48, 50))
    with pytest.raises(Refused, match="Old theatre is no longer in use"):
        await ward.closures.add(gone, _form(now, 1, 2))
    with pytest.raises(NotFound, match="No resource with id 999"):
        await ward.closures.add(999, _form(now, 1, 2))
    reopened = await ward.closures.cancel(closure.id)
    assert reopened.status == "cancelled"
    assert await ward.closures.list() == []
    assert [action for action, _who, _what in await _audit(ward, "resource closure")] == [
        "add", "cancel"]


def test_the_database_holds_to_after_from(seeded_db, seed):
    conn = connect(seeded_db)
    try:
        with pytest.raises(integrity_errors(), match="ck_staff_absences_order"):
            conn.execute("INSERT INTO staff_absences (staff_id, starts_at, ends_at, reason, "
                         "status, entered_by, entered_at) VALUES (?, '2026-03-11 07:00:00', "
                         "'2026-03-11 07:00:00', '', 'active', 'x', '2026-03-10 09:00:00')",
                         (seed.nurse_id,))
        with pytest.raises(integrity_errors(), match="ck_staff_absences_cancelled"):
            conn.execute("INSERT INTO staff_absences (staff_id, starts_at, ends_at, reason, "
                         "status, entered_by, entered_at) VALUES (?, '2026-03-11 07:00:00', "
                         "'2026-03-11 08:00:00', '', 'cancelled', 'x', '2026-03-10 09:00:00')",
                         (seed.nurse_id,))
    finally:
        conn.close()


def test_the_form_reads_local_times_and_says_what_is_wrong():
    form = event_form_from_values({"starts_at": "tomorrow 07:00", "ends_at": "tomorrow 19:00",
                                   "reason": "sick"})
    assert form.ends_at - form.starts_at == timedelta(hours=12)
    assert validate_event_form({"starts_at": "", "ends_at": "soon", "reason": ""}) == {
        "starts_at": "Give the from time, e.g. tomorrow 07:00 or 2026-03-12 07:00",
        "ends_at": "To: 'soon' is not a date and time; use e.g. 2026-03-12 14:30 or 12/03 14:30"}
    assert validate_event_form({"starts_at": "tomorrow 19:00", "ends_at": "tomorrow 07:00"}) \
        == {"ends_at": "To must come after From"}
    assert validate_event_form({"starts_at": "yesterday 07:00", "ends_at": "yesterday 19:00"}
                               )["ends_at"].endswith("has passed already; only what is still "
                                                     "to come changes a plan")
    assert validate_event_form({"starts_at": "2040-01-01 07:00",
                                "ends_at": "2040-01-02 07:00"})["starts_at"] == (
        "From is more than ten years ahead")
