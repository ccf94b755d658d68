"""Small things a clerk meets in the first hour, each at 80x24."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.console import console, notes, settle, type_text, wait_for

from hra_tui.screens.appointments.booking import BookingScreen
from hra_tui.screens.appointments.list import AppointmentsScreen
from hra_tui.screens.billing.invoice_form import InvoiceFormScreen
from hra_tui.screens.billing.list import BillingScreen
from hra_tui.screens.prompts import ChooseScreen
from hra_tui.services.errors import Refused
from hra_tui.services.times import parse_local_datetime, utcnow
from hra_tui.services.ward import Ward


def test_yesterday_is_read_like_tomorrow():
    now = utcnow()
    yesterday = parse_local_datetime("yesterday 10:00", now).astimezone()
    assert yesterday.date() == (now.astimezone() - timedelta(days=1)).date()
    assert yesterday.strftime("%H:%M") == "10:00"


async def test_marking_a_future_visit_refuses_in_words(ward, seed):
    visit = (await ward.patients.get(seed.admitted)).appointments[0]
    with pytest.raises(Refused) as refused:
        await ward.appointments.mark(visit.id, "arrived")
    message = str(refused.value)
    assert message.startswith("Jane Doe's visit with Ann Lee is on ")
    assert f"Appointment {visit.id}" not in message
    with pytest.raises(Refused, match="^Jane Doe's visit with Ann Lee starts at "):
        await ward.appointments.mark(visit.id, "no_show")


async def _appointments(pilot) -> AppointmentsScreen:
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AppointmentsScreen))
    await settle(pilot)
    return pilot.app.screen


async def test_after_booking_the_cursor_is_on_the_new_visit(seeded_db, seed):
    async with await Ward.open(seeded_db) as ward:
        jane = (await ward.patients.get(seed.admitted)).appointments[0].starts_at
    after_jane = (jane + timedelta(minutes=1)).astimezone()  # with another doctor: no clash
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = await _appointments(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, BookingScreen))
        await settle(pilot)
        await type_text(pilot, "Mia")
        app.screen.query_one("#in-doctor_id").value = str(seed.surgeon_id)
        app.screen.query_one("#in-starts_at").focus()
        await type_text(pilot, f"{after_jane:%Y-%m-%d %H:%M}")
        await pilot.press("f10")
        await wait_for(pilot, lambda: app.screen is screen)
        await settle(pilot)
        assert any("Mia Chen booked" in m for _, m in notes(app))
        assert app.focused is screen.table
        if after_jane.date() == jane.astimezone().date():
            assert [row.patient_name for row in screen.rows] == ["Jane Doe", "Mia Chen"]
        assert screen.current is not None and screen.current.patient_name == "Mia Chen"


async def test_a_new_invoice_gets_the_cursor_so_m_pays_it(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, BillingScreen))
        billing = app.screen
        await settle(pilot)
        billing.table.move_cursor(row=len(billing.rows) - 1)  # the clerk was further down
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, InvoiceFormScreen))
        await settle(pilot)
        await type_text(pilot, "Mia")
        await pilot.press("tab", *"12.50", "tab", *"Dressing", "f10")
        await wait_for(pilot, lambda: app.screen is billing)
        await settle(pilot)
        assert billing.current is not None
        assert (billing.current.patient_name, billing.current.description) == \
            ("Mia Chen", "Dressing")


async def test_week_without_a_doctor_asks_for_one(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = await _appointments(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, ChooseScreen))
        assert "week" in app.screen.question
        await type_text(pilot, "Ann")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        await settle(pilot)
        assert screen.week and screen.doctor is not None and screen.doctor.name == "Ann Lee"
        assert [row.patient_name for row in screen.rows] == ["Jane Doe"]


async def test_marking_a_visit_on_a_later_day_is_refused_in_words(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = await _appointments(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert [row.patient_name for row in screen.rows] == ["Jane Doe"]
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ChooseScreen))
        await type_text(pilot, "arrived")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(s == "error" for s, _ in notes(app)))
        message = [m for s, m in notes(app) if s == "error"][-1]
        assert message.startswith("Jane Doe's visit with Ann Lee is on ")
        assert "Appointment" not in message


async def test_a_booking_after_the_clinic_closes_is_refused_at_the_form(seeded_db, seed,
                                                                        db_dump):
    before = db_dump()
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _appointments(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, BookingScreen))
        await settle(pilot)
        form = app.screen
        await type_text(pilot, "Mia")
        form.query_one("#in-doctor_id").value = str(seed.surgeon_id)
        form.query_one("#in-starts_at").focus()
        await type_text(pilot, "tomorrow 18:45")
        await pilot.press("f10")
        await settle(pilot)
        refusal = ("The clinic is open 08:00 to 18:00: a 30-minute visit at 18:45 is outside "
                   "its hours")
        await wait_for(pilot, lambda: refusal in str(form.query_one("#form-error").render()))
        assert app.screen is form
    assert db_dump() == before
