"""The clerk's flows through the console, by keys, checked through the services afterwards."""

from __future__ import annotations

from datetime import timedelta

from support.console import console, notes, settle, type_text, wait_for
from support.wards import connect

from hra_tui.screens.appointments.list import AppointmentsScreen
from hra_tui.screens.beds.board import BedsScreen
from hra_tui.screens.billing.list import BillingScreen
from hra_tui.screens.patients.list import PatientsScreen
from hra_tui.screens.patients.registration import RegistrationScreen
from hra_tui.screens.prompts import ChooseScreen
from hra_tui.screens.staff.list import StaffScreen
from hra_tui.services.times import utcnow
from hra_tui.services.ward import Ward
from hra_tui.widgets.bed_board import BedTile
from hra_tui.widgets.form_field import FormField


async def _choose(pilot, select_id: str, downs: int) -> None:
    """Open a Select by keys and take its option number `downs` (0 = first, after the blank)."""
    app = pilot.app
    app.screen.query_one(f"#{select_id}").focus()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("home", *["down"] * (downs + 1), "enter")
    await pilot.pause()


async def _fill_registration(pilot, name: str, bed_downs: int | None) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RegistrationScreen))
    await settle(pilot)
    await type_text(pilot, name)
    await pilot.press("tab")
    await type_text(pilot, "2 Low Rd")
    await pilot.press("tab")
    await type_text(pilot, "55")
    await _choose(pilot, "in-gender", 1)  # Male
    pilot.app.screen.query_one("#in-phone").focus()
    await type_text(pilot, "555 9876")
    await _choose(pilot, "in-doctor_id", 0)  # Ann Lee
    if bed_downs is not None:
        await _choose(pilot, "in-bed_label", bed_downs)
    pilot.app.screen.query_one("#in-prescription").focus()
    await type_text(pilot, "Antibiotics twice daily")
    await pilot.press("tab")
    await type_text(pilot, "tomorrow 10:30")
    await pilot.press("tab")
    await type_text(pilot, "250.75")
    await pilot.press("tab")


async def test_register_patient_writes_patient_admission_appointment_invoice(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("n")
        await _fill_registration(pilot, "Omar Farouk", bed_downs=0)  # first free bed: 1B
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientsScreen))
        await settle(pilot)
        assert ("information", "Omar Farouk registered as P000004, admitted to 1B") in notes(app)
        assert [row.name for row in app.screen.rows] == ["Omar Farouk"]
    async with await Ward.open(seeded_db) as ward:
        detail = await ward.patients.get("P000004")
    assert (detail.patient.bed, detail.patient.doctor) == ("1B", "Ann Lee")
    assert (detail.patient.gender, detail.patient.age, detail.patient.phone) == ("M", 55,
                                                                                 "555 9876")
    assert detail.prescription == "Antibiotics twice daily"
    assert [a.doctor_name for a in detail.appointments] == ["Ann Lee"]
    assert detail.appointments[0].starts_at.astimezone().strftime("%H:%M") == "10:30"
    assert [i.amount_cents for i in detail.invoices] == [25075]


async def test_registration_errors_show_by_the_field_and_nothing_is_written(seeded_db, seed,
                                                                            db_dump):
    before = db_dump()
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RegistrationScreen))
        await settle(pilot)
        await type_text(pilot, "123")
        await pilot.press("tab")  # leaving the name shows its error at once
        await pilot.pause()
        name_field = app.screen.query_one("#field-name", FormField)
        assert name_field.has_class("-invalid")
        await pilot.press("tab")
        await type_text(pilot, "200")
        await pilot.press("tab", "f10")
        await pilot.pause()
        age = app.screen.query_one("#field-age", FormField)
        assert age.has_class("-invalid")
        assert "130" in str(age.query_one(".field-error").render())
        assert isinstance(app.screen, RegistrationScreen)
    assert db_dump() == before


async def test_taken_bed_is_refused_with_the_services_message_and_nothing_written(
        seeded_db, seed, db_dump):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("n")
        await _fill_registration(pilot, "Omar Farouk", bed_downs=0)  # 1B, free when listed
        async with await Ward.open(seeded_db) as other_clerk:  # another clerk is faster
            await other_clerk.beds.admit(seed.waiting, "1B")
        before = db_dump()
        await pilot.press("f10")
        await pilot.pause(0.2)
        assert isinstance(app.screen, RegistrationScreen)
        errors = [message for severity, message in notes(app) if severity == "error"]
        assert errors and "1B" in errors[-1] and "John Roe" in errors[-1]
        assert "Nothing was saved" in str(app.screen.query_one("#form-error").render())
        # the command line refuses a taken bed the same way
        await pilot.press("escape", "y", "colon")  # y: discard the typed form
        await type_text(pilot, f"admit {seed.other} 1A")
        await pilot.press("enter")
        await wait_for(pilot, lambda: len([n for n in notes(app) if n[0] == "error"]) == 2)
        assert "Jane Doe" in notes(app)[-1][1]
    assert db_dump() == before


async def _focus_bed(pilot, label: str) -> None:
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BedsScreen))
    await settle(pilot)
    await wait_for(pilot, lambda: pilot.app.screen.query(f"#bed-{label}"))
    pilot.app.screen.query_one(f"#bed-{label}", BedTile).focus()
    await pilot.pause()


async def test_transfer_and_discharge_from_the_bed_board(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _focus_bed(pilot, "1A")
        await pilot.press("t")  # transfer Jane: choose the free bed by typing its label
        await pilot.pause(0.2)
        await type_text(pilot, "2A")
        await pilot.press("enter")
        await wait_for(pilot, lambda: ("information", "Jane Doe transferred to 2A")
                       in notes(app))
        await settle(pilot)
        assert app.screen.query_one("#bed-1A", BedTile).cell.status == "cleaning"
        app.screen.query_one("#bed-2A", BedTile).focus()
        await pilot.press("x")  # discharge asks first
        await pilot.pause(0.2)
        await pilot.press("y")
        await wait_for(pilot, lambda: any("discharged from 2A" in m for _, m in notes(app)))
        await settle(pilot)
        assert app.screen.query_one("#bed-2A", BedTile).cell.status == "cleaning"
        app.screen.query_one("#bed-2A", BedTile).focus()
        await pilot.press("f")  # cleaned: free again
        await wait_for(pilot, lambda: ("information", "Bed 2A cleaned, now free") in notes(app))
    async with await Ward.open(seeded_db) as ward:
        jane = (await ward.patients.get(seed.admitted)).patient
        cells = {cell.label: cell.status for cell in await ward.beds.board()}
    assert jane.bed is None
    assert (cells["1A"], cells["2A"]) == ("cleaning", "free")


async def test_admit_and_block_from_the_bed_board(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _focus_bed(pilot, "1B")
        await pilot.press("m")
        await pilot.pause(0.2)
        await type_text(pilot, seed.waiting)
        await pilot.press("enter")
        await wait_for(pilot, lambda: ("information", "John Roe admitted to 1B") in notes(app))
        await settle(pilot)
        app.screen.query_one("#bed-10A", BedTile).focus()
        await pilot.press("k")
        await pilot.pause(0.2)
        await type_text(pilot, "leaking oxygen valve")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("blocked" in m for _, m in notes(app)))
        await settle(pilot)
        tile = app.screen.query_one("#bed-10A", BedTile)
        assert tile.cell.status == "blocked"
        assert "✕ blocked" in str(tile.render())


async def test_admit_by_name_or_phone_choosing_among_matches(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _focus_bed(pilot, "1B")
        await pilot.press("m")
        await pilot.pause(0.2)
        await type_text(pilot, "john roe")  # one match: no chooser
        await pilot.press("enter")
        await wait_for(pilot, lambda: ("information", "John Roe admitted to 1B") in notes(app))
        await settle(pilot)
        app.screen.query_one("#bed-2A", BedTile).focus()
        await pilot.press("m")
        await pilot.pause(0.2)
        await type_text(pilot, "o")  # Jane Doe and John Roe: choose
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChooseScreen))
        assert "2 patients match 'o'" in app.screen.question
        await type_text(pilot, "jane")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Jane Doe" in m for _, m in notes(app)))
        app.screen.query_one("#bed-2A", BedTile).focus()
        await pilot.press("m")
        await pilot.pause(0.2)
        await type_text(pilot, "Amara Park")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("No patient matches 'Amara Park'" in m
                                          for _, m in notes(app)))
    async with await Ward.open(seeded_db) as ward:
        assert (await ward.patients.get(seed.waiting)).patient.bed == "1B"


async def test_book_cancel_and_mark_appointments(seeded_db, seed):
    start = (utcnow() - timedelta(minutes=5)).replace(second=0, microsecond=0)
    conn = connect(seeded_db)  # a visit that has started: only the clock can make one
    conn.execute("INSERT INTO appointments (patient_id, doctor_id, starts_at, duration_min, "
                 "status, note) SELECT id, ?, ?, 30, 'booked', '' FROM patients WHERE mrn = ?",
                 (seed.doctor_id, start.replace(tzinfo=None).isoformat(sep=" "), seed.other))
    conn.commit()
    conn.close()
    async with console(seeded_db, seed.admin, now=start) as (app, pilot):
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AppointmentsScreen))
        await settle(pilot)
        screen = app.screen
        assert [row.patient_name for row in screen.rows] == ["Mia Chen"]
        await pilot.press("m")
        await pilot.pause(0.2)
        await type_text(pilot, "arrived")
        await pilot.press("enter")
        await wait_for(pilot, lambda: ("information", "Mia Chen's visit marked arrived")
                       in notes(app))
        # book John with Ann Lee the day after tomorrow, then cancel it
        await pilot.press("n")
        await pilot.pause(0.3)
        await type_text(pilot, seed.waiting)
        await _choose(pilot, "in-doctor_id", 0)
        app.screen.query_one("#in-starts_at").focus()
        day = (utcnow() + timedelta(days=3)).astimezone().date()
        await type_text(pilot, f"{day.isoformat()} 11:00")
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, AppointmentsScreen))
        await settle(pilot)
        assert screen.day == day
        assert [(r.patient_name, r.status) for r in screen.rows] == [("John Roe", "booked")]
        await pilot.press("x")
        await pilot.pause(0.2)
        await pilot.press("y")
        await wait_for(pilot, lambda: any("cancelled" in m for _, m in notes(app)))
        await settle(pilot)
        assert [r.status for r in screen.rows] == ["cancelled"]


async def test_invoice_a_patient_named_by_phone_or_chosen_among_matches(seeded_db, seed):
    from hra_tui.screens.billing.invoice_form import InvoiceFormScreen

    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, BillingScreen))
        await settle(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, InvoiceFormScreen))
        await settle(pilot)
        await type_text(pilot, "o")  # Jane Doe and John Roe
        app.screen.query_one("#in-amount").focus()
        await type_text(pilot, "10")
        app.screen.query_one("#in-description").focus()
        await type_text(pilot, "X-ray")
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, ChooseScreen))
        assert app.screen.question == "2 patients match 'o': which one?"
        await type_text(pilot, "roe")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BillingScreen))
        assert any("for John Roe: 10.00" in m for _, m in notes(app))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, InvoiceFormScreen))
        await settle(pilot)
        await type_text(pilot, "555 1234")  # Jane Doe's phone: one match, no chooser
        app.screen.query_one("#in-amount").focus()
        await type_text(pilot, "20")
        app.screen.query_one("#in-description").focus()
        await type_text(pilot, "Pharmacy")
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, BillingScreen))
        assert any("for Jane Doe: 20.00" in m for _, m in notes(app))


async def test_pay_an_invoice_unpaid_first(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, BillingScreen))
        await settle(pilot)
        assert [r.status for r in app.screen.rows] == ["unpaid"]
        await pilot.press("m")
        await pilot.pause(0.2)
        await pilot.press("y")
        await wait_for(pilot, lambda: ("information", "Invoice 1 paid: 120.50 from Jane Doe")
                       in notes(app))
        await settle(pilot)
        assert [r.status for r in app.screen.rows] == ["paid"]
    async with await Ward.open(seeded_db) as ward:
        assert [i.status for i in await ward.billing.invoices()] == ["paid"]


async def test_staff_add_edit_deactivate(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause(0.3)
        await type_text(pilot, "Zoe Quist")
        app.screen.query_one("#in-specialization").focus()
        await type_text(pilot, "Neurology")
        await pilot.press("f10")
        await wait_for(pilot, lambda: ("information", "Zoe Quist added (doctor)") in notes(app))
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await settle(pilot)
        screen = app.screen
        screen.table.move_cursor(row=[r.name for r in screen.rows].index("Zoe Quist"))
        await pilot.press("e")
        await pilot.pause(0.3)
        app.screen.query_one("#in-skill").focus()
        await pilot.press("backspace", "5", "f10")
        await wait_for(pilot, lambda: ("information", "Zoe Quist saved (doctor)") in notes(app))
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause(0.2)
        await pilot.press("y")
        await wait_for(pilot, lambda: ("information", "Zoe Quist deactivated") in notes(app))
        await settle(pilot)
        assert "Zoe Quist" not in [r.name for r in screen.rows]
    async with await Ward.open(seeded_db) as ward:
        zoe = [s for s in await ward.staff.list("Zoe", include_inactive=True)]
    assert [(s.skill, s.specialization, s.active) for s in zoe] == [(5, "Neurology", False)]
