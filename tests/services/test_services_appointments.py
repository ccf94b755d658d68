"""Booking never double-books a doctor or a patient; a visit follows a sensible course."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from db import tables as t
from hra_tui.services.errors import Invalid, NotAllowed, NotFound, Refused
from hra_tui.services.times import utcnow


def _future(hours: float = 24) -> datetime:
    return (utcnow() + timedelta(hours=hours)).replace(second=0, microsecond=0)


async def _book_past(ward, seed, mrn, hours_ago=2):
    """Book, then move the start into the past (as if time had passed)."""
    row = await ward.appointments.book(mrn, seed.doctor_id, _future(100))
    async with ward.context.writer.begin() as conn:
        await conn.execute(update(t.appointments).where(t.appointments.c.id == row.id)
                           .values(starts_at=utcnow() - timedelta(hours=hours_ago)))
    return row.id


async def test_book_and_list(open_ward, seed):
    when = _future(30)
    async with open_ward(seed.clerk) as ward:
        row = await ward.appointments.book(seed.waiting, seed.doctor_id, when, 45)
        assert (row.patient_name, row.doctor_name, row.starts_at, row.duration_min,
                row.status) == ("John Roe", "Ann Lee", when, 45, "booked")
        day = when.astimezone().date()
        assert row.id in [a.id for a in await ward.appointments.on_day(day)]
        assert row.id in [a.id for a in await ward.appointments.on_day(day, seed.doctor_id)]
        assert await ward.appointments.on_day(day, seed.surgeon_id) == []
        week = await ward.appointments.for_doctor(seed.doctor_id, utcnow())
        assert sorted(a.patient_name for a in week) == ["Jane Doe", "John Roe"]
        assert [a.starts_at for a in week] == sorted(a.starts_at for a in week)
        [audit] = await ward.audit.recent(limit=1)
        assert (audit.user, audit.action, audit.entity_id) == ("clara", "book", row.id)


async def test_a_naive_time_is_read_as_local(ward, seed, now):
    local = now.astimezone().replace(tzinfo=None, second=0, microsecond=0) + timedelta(days=3)
    row = await ward.appointments.book(seed.waiting, seed.doctor_id, local)
    assert row.starts_at == local.astimezone(UTC)


async def test_one_booking_per_doctor_per_time_names_the_other_patient(ward, seed, db_dump):
    when = _future()
    await ward.appointments.book(seed.waiting, seed.doctor_id, when)
    before = db_dump()
    with pytest.raises(Refused, match=r"^Dr Ann Lee already has John Roe booked at .*\(30 min\)$"):
        await ward.appointments.book(seed.other, seed.doctor_id, when)
    with pytest.raises(Refused, match="already has John Roe booked"):  # overlapping, too
        await ward.appointments.book(seed.other, seed.doctor_id, when + timedelta(minutes=15))
    with pytest.raises(Refused, match="^John Roe already has an appointment at .* Ann Lee$"):
        await ward.appointments.book(seed.waiting, seed.surgeon_id, when)
    assert db_dump() == before
    # back to back is fine, and a cancelled slot can be booked again
    await ward.appointments.book(seed.other, seed.doctor_id, when + timedelta(minutes=30))
    first = (await ward.appointments.on_day(when.astimezone().date(), seed.doctor_id))
    await ward.appointments.cancel(next(a.id for a in first if a.starts_at == when))
    assert (await ward.appointments.book(seed.other, seed.surgeon_id, when)).status == "booked"
    assert (await ward.appointments.book(seed.waiting, seed.doctor_id, when)).status == "booked"


@pytest.mark.parametrize(("doctor", "when", "duration", "message", "kind"), [
    ("retired", 24, 30, "Dr Old Doc is no longer active", Refused),
    ("nurse", 24, 30, "Kim Wu is a nurse, not a doctor", Refused),
    ("missing", 24, 30, "No staff member with id 999", NotFound),
    ("doctor", -2, 30, "in the past", Invalid),
    ("doctor", 24, 2, "Duration must be from 5 to 480", Invalid),
    ("doctor", 24, 600, "Duration must be from 5 to 480", Invalid),
])
async def test_booking_refusals(ward, seed, db_dump, doctor, when, duration, message, kind):
    doctor_id = getattr(seed, f"{doctor}_id", 999)
    before = db_dump()
    with pytest.raises(kind, match=message):
        await ward.appointments.book(seed.waiting, doctor_id, _future(when), duration)
    assert db_dump() == before


async def test_the_course_of_a_visit(ward, seed):
    visit = await _book_past(ward, seed, seed.waiting)
    assert (await ward.appointments.mark(visit, "arrived")).status == "arrived"
    assert (await ward.appointments.mark(visit, "done")).status == "done"
    missed = await _book_past(ward, seed, seed.other, hours_ago=5)
    assert (await ward.appointments.mark(missed, "no_show")).status == "no_show"
    assert (await ward.appointments.mark(missed, "arrived")).status == "arrived"  # came late
    actions = [row.action for row in await ward.audit.recent(limit=4)]
    assert actions == ["arrived", "no_show", "book", "done"]


async def test_impossible_transitions_are_refused(ward, seed, db_dump):
    cancelled = await _book_past(ward, seed, seed.waiting)
    await ward.appointments.cancel(cancelled)
    done = await _book_past(ward, seed, seed.other, hours_ago=6)
    await ward.appointments.mark(done, "done")
    future = (await ward.appointments.book(seed.waiting, seed.doctor_id, _future(72))).id
    before = db_dump()
    with pytest.raises(Refused,
                       match=r"^John Roe's visit with .* is cancelled; it cannot be marked done"):
        await ward.appointments.mark(cancelled, "done")
    with pytest.raises(Refused, match="is cancelled; it cannot be marked cancelled"):
        await ward.appointments.cancel(cancelled)
    with pytest.raises(Refused, match="is done; it cannot be marked cancelled"):
        await ward.appointments.cancel(done)
    with pytest.raises(Refused, match="is done; it cannot be marked a no-show"):
        await ward.appointments.mark(done, "no_show")
    with pytest.raises(Refused, match="cannot be a no-show yet"):
        await ward.appointments.mark(future, "no_show")
    with pytest.raises(Refused, match="not today"):
        await ward.appointments.mark(future, "done")
    with pytest.raises(Invalid, match="arrived, no_show or done"):
        await ward.appointments.mark(future, "booked")
    with pytest.raises(NotFound, match="No appointment 9999"):
        await ward.appointments.mark(9999, "done")
    assert db_dump() == before


async def test_a_viewer_cannot_book_or_cancel(open_ward, seed, db_dump):
    before = db_dump()
    async with open_ward(seed.viewer) as ward:
        visit = (await ward.patients.get(seed.admitted)).appointments[0]
        with pytest.raises(NotAllowed, match="cannot book appointments"):
            await ward.appointments.book(seed.waiting, seed.doctor_id, _future())
        with pytest.raises(NotAllowed, match="cannot cancel appointments"):
            await ward.appointments.cancel(visit.id)
        with pytest.raises(NotAllowed, match="cannot update appointments"):
            await ward.appointments.mark(visit.id, "arrived")
    assert db_dump() == before


async def test_a_visit_outside_clinic_hours_is_refused(ward, seed, db_dump, now):
    """The clinic keeps 08:00 to 18:00 unless the planning settings say otherwise: a booking at
    18:45 (or one running past closing) is refused and writes nothing."""
    day = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=2)
    before = db_dump()
    for start, minutes in ((day.replace(hour=18, minute=45), 30),
                           (day.replace(hour=17, minute=45), 30),
                           (day.replace(hour=7, minute=30), 30)):
        with pytest.raises(Invalid, match=r"^The clinic is open 08:00 to 18:00: a 30-minute "
                                          rf"visit at {start:%H:%M} is outside its hours$"):
            await ward.appointments.book(seed.waiting, seed.doctor_id, start, minutes)
    assert db_dump() == before
    last = await ward.appointments.book(seed.waiting, seed.doctor_id,
                                        day.replace(hour=17, minute=30), 30)
    assert last.status == "booked"
    await ward.planning.set_settings({"clinic_closes": 20})
    late = await ward.appointments.book(seed.other, seed.doctor_id,
                                        day.replace(hour=18, minute=45), 30)
    assert late.status == "booked"
