"""The day's events in the console at 80x24, by keys and typing: a staff member marked absent
from the staff list (`t`) and seen in the absences (`l`), then cancelled; a theatre closed from
the admissions planner (`k`) and seen in the closures (`l`), then reopened; a bad time is
refused by its field and nothing is written."""

from __future__ import annotations

from support.console import console, notes, settle, type_text, wait_for
from support.wards import connect

from hra_tui.screens.planning.admissions import AdmissionsScreen
from hra_tui.screens.planning.closures import ClosureFormScreen, ClosuresScreen
from hra_tui.screens.prompts import ConfirmScreen
from hra_tui.screens.staff.absences import AbsenceFormScreen, AbsencesScreen
from hra_tui.screens.staff.list import StaffScreen
from hra_tui.services.ward import Ward


async def _press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _type_event(pilot, starts: str, ends: str, reason: str) -> None:
    """From, To and Reason typed in turn, From having the focus; then F10."""
    for text, key in ((starts, "tab"), (ends, "tab"), (reason, "f10")):
        await type_text(pilot, text)
        await _press(pilot, key)


async def _listed(app, pilot, key: str, screen: type):
    """Press `key` for the list of events; its one row."""
    await _press(pilot, key)
    await wait_for(pilot, lambda: isinstance(app.screen, screen)
                   and len(app.screen.table.records) == 1)
    return app.screen.table.records[0]


async def _absent_form(app, pilot, staff_id: int) -> AbsenceFormScreen:
    await _press(pilot, "d")
    await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
    app.screen.table.move_to(str(staff_id))
    await _press(pilot, "t")
    await wait_for(pilot, lambda: isinstance(app.screen, AbsenceFormScreen))
    return app.screen


async def test_mark_a_nurse_absent_see_it_listed_and_cancel_it(seeded_db, seed):
    async with console(seeded_db, seed.clerk) as (app, pilot):
        form = await _absent_form(app, pilot, seed.nurse_id)
        assert form.TITLE == "Doctors & staff › Kim Wu absent"
        await _type_event(pilot, "tomorrow 07:00", "tomorrow 19:00", "sick")  # Kim Wu chosen
        await wait_for(pilot, lambda: any(message.startswith("Kim Wu absent from ")
                                          for _severity, message in notes(app)))
        assert isinstance(app.screen, StaffScreen)
        row = await _listed(app, pilot, "l", AbsencesScreen)
        assert (row.subject, row.kind, row.reason) == ("Kim Wu", "nurse", "sick")
        assert "1 absence in force or to come" in str(app.screen.query_one("#title").render())
        await _press(pilot, "x")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.startswith(f"Cancel absence {row.id}: Kim Wu from ")
        await _press(pilot, "y")
        await wait_for(pilot, lambda: not app.screen.table.records)
        assert ("information", f"Absence {row.id} of Kim Wu cancelled") in notes(app)
    async with await Ward.open(seeded_db) as ward:
        assert [(a.status, a.entered_by, a.cancelled_by)
                for a in await ward.absences.list(everything=True)] == [
            ("cancelled", "clara", "clara")]


async def test_a_bad_time_is_refused_by_its_field_and_nothing_is_written(seeded_db, seed,
                                                                          db_dump):
    before = db_dump()
    async with console(seeded_db, seed.clerk) as (app, pilot):
        form = await _absent_form(app, pilot, seed.nurse_id)
        await type_text(pilot, "soon")
        await _press(pilot, "tab")  # leaving the field checks it
        assert "✗ From: 'soon' is not a date and time" in str(
            form.query_one("#field-starts_at .field-error").render())
        await type_text(pilot, "tomorrow 19:00")
        await _press(pilot, "f10")
        assert app.screen is form
        assert str(form.query_one("#form-error").render()) == "✗ 1 field to fix; nothing saved"
        form.query_one("#in-starts_at").value = "tomorrow 20:00"
        await _press(pilot, "f10")
        assert app.screen is form
        assert "To must come after From" in str(
            form.query_one("#field-ends_at .field-error").render())
    assert db_dump() == before


async def test_close_a_theatre_from_admissions_see_it_listed_and_reopen_it(seeded_db, seed):
    with connect(seeded_db) as conn:
        (theatre,) = conn.execute("INSERT INTO resources (name, kind, cost_per_slot, active) "
                                  "VALUES ('Theatre 1', 'theatre', 0, TRUE) RETURNING id"
                                  ).fetchone()
    async with console(seeded_db, seed.clerk) as (app, pilot):
        await _press(pilot, "s", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, AdmissionsScreen))
        await _press(pilot, "k")
        await wait_for(pilot, lambda: isinstance(app.screen, ClosureFormScreen))
        app.screen.query_one("#in-subject").value = str(theatre)
        app.screen.query_one("#in-starts_at").focus()
        await _type_event(pilot, "tomorrow 08:00", "tomorrow 18:00", "ventilation")
        await wait_for(pilot, lambda: any(message.startswith("Theatre 1 closed from ")
                                          for _severity, message in notes(app)))
        assert isinstance(app.screen, AdmissionsScreen)
        row = await _listed(app, pilot, "l", ClosuresScreen)
        assert (row.subject, row.reason) == ("Theatre 1", "ventilation")
        await _press(pilot, "x", "y")
        await wait_for(pilot, lambda: not app.screen.table.records)
        await _press(pilot, "escape")
        assert isinstance(app.screen, AdmissionsScreen)
    async with await Ward.open(seeded_db) as ward:
        assert [c.status for c in await ward.closures.list(everything=True)] == ["cancelled"]
