"""The clerk's records at 80x24, by keys and typing: wards and beds from the bed board, care
requests from a patient's record and from Planning, staff pairs from the staff list, and the
planner's settings; a refused save keeps the form open and writes nothing."""

from __future__ import annotations

from support.console import console, notes, settle, type_text, wait_for

from hra_tui.screens.beds.board import BedsScreen
from hra_tui.screens.beds.layout_forms import BedFormScreen, WardFormScreen
from hra_tui.screens.patients.record import PatientDetailScreen
from hra_tui.screens.planning.care_form import CareFormScreen
from hra_tui.screens.planning.care_list import CareRequestsScreen
from hra_tui.screens.planning.settings_form import SettingsFormScreen
from hra_tui.screens.prompts import ChooseScreen, ConfirmScreen
from hra_tui.screens.staff.pairs import PairFormScreen, PairsScreen
from hra_tui.services.ward import Ward


async def _press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _beds(pilot) -> BedsScreen:
    await _press(pilot, "b")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BedsScreen))
    return pilot.app.screen


async def test_add_a_ward_and_a_bed_from_the_board(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _beds(pilot)
        await _press(pilot, "w")
        assert isinstance(app.screen, ChooseScreen)
        await _press(pilot, "enter")  # the first choice: add a ward
        assert isinstance(app.screen, WardFormScreen)
        await type_text(pilot, "East wing")
        await _press(pilot, "f10")
        await wait_for(pilot, lambda: ("information", "Ward East wing added; n adds its beds")
                       in notes(app))
        board = await _beds(pilot)
        assert board.current_ward == "East wing"
        await _press(pilot, "n")
        assert isinstance(app.screen, BedFormScreen)
        await type_text(pilot, "e1")
        app.screen.query_one("#in-room").focus()
        await type_text(pilot, "r2")
        await _press(pilot, "f10")
        await wait_for(pilot, lambda: ("information", "Bed E1 added: general on East wing, "
                                                      "room R2") in notes(app))
        await wait_for(pilot, lambda: [c.label for c in board.cells if c.ward == "East wing"]
                       == ["E1"])
    async with await Ward.open(seeded_db) as ward:
        bed = await ward.layout.bed("E1")
        assert (bed.ward, bed.room, bed.type) == ("East wing", "R2", "general")


async def test_moving_an_occupied_bed_is_refused_in_the_form(seeded_db, seed, db_dump):
    before = db_dump()
    async with console(seeded_db, seed.admin) as (app, pilot):
        board = await _beds(pilot)
        board.board.focus_label("1A")
        await _press(pilot, "e")
        assert isinstance(app.screen, BedFormScreen)
        assert app.screen.query_one("#in-occupant").value == f"Jane Doe ({seed.admitted})"
        app.screen.query_one("#in-ward").value = "South"
        await _press(pilot, "f10")
        assert isinstance(app.screen, BedFormScreen)
        error = str(app.screen.query_one("#form-error").render())
        assert error.startswith("✗ Bed 1A is occupied by Jane Doe")
        assert error.endswith("Nothing was saved.")
        await _press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)  # the ward was changed: ask first
        await _press(pilot, "y")
        assert isinstance(app.screen, BedsScreen)
    assert db_dump() == before


async def test_retire_a_free_bed(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        board = await _beds(pilot)
        board.board.focus_label("2A")
        await _press(pilot, "delete")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.startswith("Retire bed 2A on North?")
        await _press(pilot, "y")
        await wait_for(pilot, lambda: ("information", "Bed 2A retired") in notes(app))
        await wait_for(pilot, lambda: "2A" not in [c.label for c in board.cells])


async def test_deactivate_a_ward_with_a_patient_is_refused(seeded_db, seed, db_dump):
    before = db_dump()
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _beds(pilot)
        await _press(pilot, "w", *"North", "enter")
        assert isinstance(app.screen, WardFormScreen)
        app.screen.query_one("#in-active").value = "no"
        await _press(pilot, "f10")
        assert isinstance(app.screen, WardFormScreen)
        assert "Ward North has 1 occupied bed" in str(app.screen.query_one("#form-error")
                                                      .render())
    assert db_dump() == before


async def test_a_care_request_from_the_record_then_cancelled_from_planning(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        app.screen.table.move_to(seed.waiting)
        await _press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientDetailScreen)
                       and app.screen.detail is not None)
        await _press(pilot, "w")
        assert isinstance(app.screen, CareFormScreen)
        assert app.screen.TITLE.startswith("Planning › Care request for John Roe")
        await _press(pilot, "backspace", "8")
        app.screen.query_one("#in-reason").focus()
        await type_text(pilot, "wound check")
        await _press(pilot, "f10")
        await wait_for(pilot, lambda: any(m.endswith("for John Roe: urgency 8, 30 min")
                                          for _s, m in notes(app)))
        await _press(pilot, "escape", "s", "l")
        assert isinstance(app.screen, CareRequestsScreen)
        await wait_for(pilot, lambda: len(app.screen.table.records) == 1)
        assert app.screen.table.current.reason == "wound check"
        await _press(pilot, "x")
        assert isinstance(app.screen, ConfirmScreen)
        await _press(pilot, "y")
        await wait_for(pilot, lambda: not app.screen.table.records)
    async with await Ward.open(seeded_db) as ward:
        assert [r.status for r in await ward.care.list(None, seed.waiting)] == ["cancelled"]


async def test_a_bad_urgency_is_named_and_nothing_saved(seeded_db, seed, db_dump):
    before = db_dump()
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _press(pilot, "s", "l", "n", *seed.waiting, "enter")
        assert isinstance(app.screen, CareFormScreen)
        await _press(pilot, "backspace", *"11", "f10")
        assert isinstance(app.screen, CareFormScreen)
        assert "Urgency must be from 1 to 10" in str(
            app.screen.query_one("#field-urgency .field-error").render())
    assert db_dump() == before


async def test_settings_form_saves_what_changed(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _press(pilot, "s", "comma")
        assert isinstance(app.screen, SettingsFormScreen)
        await type_text(pilot, "5000")  # the budget, the first field
        app.screen.query_one("#in-min_nurses").focus()
        await type_text(pilot, "2")
        await _press(pilot, "f10")
        await wait_for(pilot, lambda: ("information", "2 planning settings saved")
                       in notes(app))
    async with await Ward.open(seeded_db) as ward:
        values = {key: value for key, value, _default in await ward.planning.setting_values()}
        assert (values["budget"], values["min_nurses"]) == (5000, 2)


async def test_settings_form_keeps_each_settings_range(seeded_db, seed, db_dump):
    before = db_dump()
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _press(pilot, "s", "comma")
        app.screen.query_one("#in-clinic_opens").focus()
        await type_text(pilot, "25")
        await _press(pilot, "f10")
        assert isinstance(app.screen, SettingsFormScreen)
        assert "A whole number from 0 to 23, or blank for the default" in str(
            app.screen.query_one("#field-clinic_opens .field-error").render())
    assert db_dump() == before


async def test_pair_two_staff_from_the_staff_list(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _press(pilot, "d")
        app.screen.table.move_to(str(seed.doctor_id))
        await _press(pilot, "w")
        assert isinstance(app.screen, PairsScreen)
        await _press(pilot, "n")
        assert isinstance(app.screen, PairFormScreen)
        app.screen.query_one("#in-staff_b").value = str(seed.nurse_id)
        await type_text(pilot, "-3")  # the weight has the focus: Ann Lee came chosen
        await _press(pilot, "f10")
        await wait_for(pilot, lambda: isinstance(app.screen, PairsScreen)
                       and len(app.screen.table.records) == 1)
        assert ("information", "Ann Lee and Kim Wu: weight -3 (well together)") in notes(app)
        await _press(pilot, "x", "y")
        await wait_for(pilot, lambda: not app.screen.table.records)
    async with await Ward.open(seeded_db) as ward:
        assert await ward.pairs.list() == []
