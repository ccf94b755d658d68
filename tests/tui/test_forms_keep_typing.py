"""A half-filled form asks before esc throws it away; registration records a paid charge."""

from __future__ import annotations

from support.console import console, notes, press_for, settle, type_text, wait_for
from textual import events

from hra_tui.screens.patients.list import PatientsScreen
from hra_tui.screens.patients.registration import RegistrationScreen
from hra_tui.screens.prompts import ConfirmScreen
from hra_tui.services.ward import Ward
from hra_tui.widgets.filter_bar import FilterBar


async def _register(pilot) -> RegistrationScreen:
    return await press_for(pilot, "n", RegistrationScreen)


async def _name_age_gender(pilot, form: RegistrationScreen) -> None:
    """What registration needs at the least: Amara Park, 30, F."""
    await type_text(pilot, "Amara Park")
    form.query_one("#in-age").focus()
    await type_text(pilot, "30")
    form.query_one("#in-gender").value = "F"


async def test_esc_on_a_half_filled_registration_asks_first(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        form = await _register(pilot)
        await type_text(pilot, "Amara Park")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.question.startswith("Discard changes?")
        await pilot.press("n")  # keep typing
        await wait_for(pilot, lambda: app.screen is form)
        assert form.query_one("#in-name").value == "Amara Park"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientsScreen))


async def test_esc_on_an_untouched_form_closes_at_once(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _register(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientsScreen))


async def test_registration_charge_can_be_paid_at_the_desk(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        form = await _register(pilot)
        await _name_age_gender(pilot, form)
        form.query_one("#in-amount").focus()
        await type_text(pilot, "40")
        form.query_one("#in-billing").focus()
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert form.query_one("#in-billing").value == "paid"
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientsScreen))
        assert any("Amara Park registered" in m for _, m in notes(app))
    async with await Ward.open(seeded_db) as ward:
        mrn = (await ward.patient_list.search("Amara"))[0].mrn
        bills = (await ward.patients.get(mrn)).invoices
        assert [(b.amount_cents, b.status, b.paid_at is not None) for b in bills] == [
            (4000, "paid", True)]


async def test_paid_without_an_amount_is_refused_by_the_field(seeded_db, seed, db_dump):
    before = db_dump()
    async with console(seeded_db, seed.admin) as (app, pilot):
        form = await _register(pilot)
        await _name_age_gender(pilot, form)
        form.query_one("#in-billing").value = "paid"
        await pilot.press("f10")
        await pilot.pause()
        assert app.screen is form
        assert "amount" in str(form.query_one("#field-billing .field-error").render())
    assert db_dump() == before


async def test_untouched_prefilled_forms_close_at_once(seeded_db, seed):
    from hra_tui.screens.appointments.booking import BookingScreen
    from hra_tui.screens.appointments.list import AppointmentsScreen
    from hra_tui.screens.staff.form import StaffFormScreen
    from hra_tui.screens.staff.list import StaffScreen

    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await settle(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffFormScreen))
        await settle(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AppointmentsScreen))
        await settle(pilot)
        app.screen.doctor = next(d for d in await app.ward.staff.doctors()
                                 if d.id == seed.doctor_id)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, BookingScreen))
        await settle(pilot)
        assert app.screen.query_one("#in-doctor_id").value == str(seed.doctor_id)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, AppointmentsScreen))


async def test_a_burst_of_keys_fills_each_field_in_turn(seeded_db, seed):
    """Over SSH keys arrive in bursts: text, tab, text must land in the fields in that order,
    not all in the field that had focus when the burst came. Tab selects the field's text
    (typing replaces it); end then keeps it and types after it."""
    async with console(seeded_db, seed.admin) as (app, pilot):
        form = await _register(pilot)
        burst = [*"Maya Okafor", "tab", *"12 Elm Road", "tab", *"44", "shift+tab", "end", *"!"]
        for key in burst:
            char = key if len(key) == 1 else None
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert form.query_one("#in-name").value == "Maya Okafor"
        assert form.query_one("#in-address").value == "12 Elm Road!"
        assert form.query_one("#in-age").value == "44"


async def test_a_burst_after_slash_lands_in_the_filter_line(seeded_db, seed):
    """`/` then the search in one burst: every key is the filter's, a later `/` included."""
    async with console(seeded_db, seed.admin) as (app, pilot):
        for key in ["slash", *"Do", "slash", *"e"]:
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await settle(pilot)
        assert app.screen.query_one(FilterBar).value == "Do/e"


async def test_a_burst_after_colon_runs_the_command(seeded_db, seed):
    """`:find Doe⏎` in one burst: the line opens on `:` and takes every key after it."""
    async with console(seeded_db, seed.admin) as (app, pilot):
        typed = [(char if char != " " else "space", char) for char in "find Doe"]
        for key, char in [("colon", ":"), *typed, ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await wait_for(pilot, lambda: app.screen.query_one(FilterBar).applied == "Doe")
        await settle(pilot)
        assert [row.name for row in app.screen.rows] == ["Jane Doe"]


async def test_a_burst_in_a_chooser_moves_before_enter_picks():
    """`Down Down Enter` in one burst (as over SSH) picks the third choice: enter once reached
    the field before the arrows reached the list, and the first was picked."""
    from textual.app import App

    from hra_tui.screens.prompts import ChooseScreen

    picked = []

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(ChooseScreen("Which bed?", [("3C", "3C"), ("3D", "3D"),
                                                         ("3F", "3F")]), picked.append)

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ChooseScreen))
        await settle(pilot)
        for key in ("down", "down", "enter"):
            app.post_message(events.Key(key, "\r" if key == "enter" else None))
        await wait_for(pilot, lambda: picked != [])
    assert picked == ["3F"]
