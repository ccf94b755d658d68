"""Editing at 80x24: a patient's details from the record, staff reactivation, and a doctor's
patients and visits handed over when the doctor is deactivated."""

from __future__ import annotations

from support.console import console, notes, press_for, settle, type_text, wait_for
from textual import events

from hra_tui.screens.patients.edit import PatientEditScreen
from hra_tui.screens.patients.list import PatientsScreen
from hra_tui.screens.patients.record import PatientDetailScreen
from hra_tui.screens.prompts import ChooseScreen, ConfirmScreen
from hra_tui.screens.staff.list import StaffScreen
from hra_tui.services.ward import Ward
from hra_tui.widgets.form_field import FormField


async def _open_record(pilot, mrn: str) -> None:
    app = pilot.app
    assert isinstance(app.screen, PatientsScreen)
    app.screen.table.move_to(mrn)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, PatientDetailScreen)
                   and app.screen.detail is not None)


async def test_edit_patient_details_from_the_record(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _open_record(pilot, seed.waiting)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientEditScreen))
        await settle(pilot)
        assert app.screen.query_one("#in-name").value == "John Roe"
        app.screen.query_one("#in-phone").focus()
        await type_text(pilot, "+44 113 496 0123")
        app.screen.query_one("#in-age").focus()
        await pilot.press("backspace", "backspace", *"68")
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientDetailScreen))
        assert ("information", f"John Roe ({seed.waiting}) saved") in notes(app)
        await wait_for(pilot, lambda: app.screen.detail.patient.age == 68)
    async with await Ward.open(seeded_db) as ward:
        john = (await ward.patients.get(seed.waiting)).patient
        assert (john.age, john.phone) == (68, "+44 113 496 0123")
        assert [row.mrn for row in await ward.patient_list.search("496 0123")] == [seed.waiting]
        audit = [row for row in await ward.audit.recent() if row.action == "edit"]
        assert "age 67 -> 68" in audit[0].detail


async def test_edit_refuses_what_registration_refuses(seeded_db, seed, db_dump):
    before = db_dump()
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _open_record(pilot, seed.waiting)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientEditScreen))
        await settle(pilot)
        app.screen.query_one("#in-age").focus()
        await pilot.press("backspace", "backspace", *"200", "f10")
        await pilot.pause()
        assert isinstance(app.screen, PatientEditScreen)
        assert app.screen.query_one("#field-age", FormField).has_class("-invalid")
    assert db_dump() == before


async def _staff(pilot) -> StaffScreen:
    return await press_for(pilot, "d", StaffScreen)


async def test_reactivate_a_deactivated_doctor(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = await _staff(pilot)
        await pilot.press("v")
        await settle(pilot)
        screen.table.move_to(str(seed.retired_id))
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: ("information", "Old Doc reactivated") in notes(app))
    async with await Ward.open(seeded_db) as ward:
        assert seed.retired_id in [d.id for d in await ward.staff.doctors()]


async def test_deactivating_a_doctor_hands_over_patients_and_visits(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = await _staff(pilot)
        screen.table.move_to(str(seed.doctor_id))
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ChooseScreen))
        question = app.screen.question
        assert "1 admitted patient(s) (Jane Doe)" in question
        assert "1 booked visit(s)" in question
        await type_text(pilot, "Raj")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Ann Lee deactivated" in m for _, m in notes(app)))
    async with await Ward.open(seeded_db) as ward:
        jane = await ward.patients.get(seed.admitted)
        assert jane.patient.doctor == "Raj Patel"
        assert [a.doctor_name for a in jane.appointments] == ["Raj Patel"]
        assert seed.doctor_id not in [d.id for d in await ward.staff.doctors()]


async def test_esc_keeps_a_doctor_with_patients_active(seeded_db, seed, db_dump):
    before = db_dump()
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = await _staff(pilot)
        screen.table.move_to(str(seed.doctor_id))
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ChooseScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await settle(pilot)
    assert db_dump() == before


async def test_tabbing_into_a_filled_field_and_typing_replaces_it(seeded_db, seed):
    """Tab selects the text of the field it lands on, so what the clerk types replaces it
    (it was appended: `+44 7700 90012307700 900456`); keys in one burst, as over SSH."""
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _open_record(pilot, seed.waiting)
        for phone in ("+44 7700 900123", "07700 900456"):
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, PatientEditScreen))
            await settle(pilot)
            form = app.screen
            for key in ["tab"] * 4 + [*phone] + ["tab", "shift+tab"]:
                app.post_message(events.Key(key, key if len(key) == 1 else None))
            phone_field = form.query_one("#in-phone")
            await wait_for(pilot, lambda f=form, p=phone_field: f.focused is p)
            await settle(pilot)
            assert phone_field.value == phone
            assert form.query_one("#in-name").value == "John Roe"
            await pilot.press("f10")
            await wait_for(pilot, lambda: isinstance(app.screen, PatientDetailScreen))
    async with await Ward.open(seeded_db) as ward:
        assert (await ward.patients.get(seed.waiting)).patient.phone == "07700 900456"
