"""The census and the waiting list by keys at 80x24: `y` on the bed board shows each ward's
census and a total, `[` `]` step a day but never into one to come, and it fits 60 columns;
on Appointments, cancelling a visit offers its slot to the waiting patient first in line and
books it once the clerk says they accepted, `f` offers it again, `l` lists who waits."""

from __future__ import annotations

from datetime import timedelta

from support.console import console, notes, press_for, settle, wait_for

from hra_tui.screens.appointments.list import AppointmentsScreen
from hra_tui.screens.appointments.waiting import WaitingListScreen
from hra_tui.screens.beds.board import BedsScreen
from hra_tui.screens.beds.census import CensusScreen
from hra_tui.screens.prompts import ConfirmScreen
from hra_tui.services.ward import Ward


def _lines(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


def _title(screen) -> str:
    return str(screen.query_one("#title").render())


async def test_the_census_opens_from_the_bed_board_and_steps_by_day(demo_db, now):
    async with console(demo_db) as (app, pilot):
        await press_for(pilot, "b", BedsScreen)
        screen = await press_for(pilot, "y", CensusScreen)
        board = await app.ward.beds.board()
        assert [row.ward for row in screen.table.records] == \
            [*sorted({cell.ward for cell in board}), "All wards"]
        total = screen.table.records[-1]
        assert total.beds == len(board)
        assert total.occupied == sum(cell.status == "occupied" for cell in board)
        assert f"{now:%a %d %b %Y} · {len(board)} beds at " in _title(screen)
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: "beds at midnight" in _title(screen))
        assert screen.day == now.date() - timedelta(days=1)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await wait_for(pilot, lambda: any("still to come" in m for _, m in notes(app)))
        await settle(pilot)
        assert screen.day == now.date()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BedsScreen))


async def test_the_census_of_a_past_day_opens_from_the_command_line(demo_db, now):
    async with console(demo_db) as (app, pilot):
        await pilot.press("colon", *"census yesterday", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CensusScreen))
        await settle(pilot)
        assert app.screen.day == now.date() - timedelta(days=1)
        assert "beds at midnight" in _title(app.screen)


async def test_the_census_fits_60_columns_with_every_column(demo_db):
    async with console(demo_db, size=(60, 24)) as (app, pilot):
        await press_for(pilot, "b", BedsScreen)
        screen = await press_for(pilot, "y", CensusScreen)
        header, *rows = _lines(screen.table)
        assert header.split()[-3:] == ["Dis", "In", "Out"] and len(header.rstrip()) <= 60
        assert screen.table.max_scroll_x <= screen.table.cell_padding
        assert any("…" in line for line in rows)  # a long ward name cut, not lost at the edge


async def _john_waits_for_ann(seeded_db, seed) -> None:
    async with await Ward.open(seeded_db) as ward:
        await ward.waiting.add(seed.waiting, seed.doctor_id, priority=4)


async def _janes_visit(app, pilot) -> AppointmentsScreen:
    """The appointments of the day of Jane's visit with Ann Lee (two days on)."""
    screen = await press_for(pilot, "a", AppointmentsScreen)
    await pilot.press("right_square_bracket", "right_square_bracket")
    await wait_for(pilot, lambda: [r.patient_name for r in screen.rows] == ["Jane Doe"])
    return screen


async def _cancel_and_be_offered(app, pilot) -> None:
    """Cancel the visit under the cursor, and wait for the question offering its slot to John
    Roe."""
    await pilot.press("x")
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
    await pilot.press("y")
    await _offered_to_john(app, pilot)


async def _offered_to_john(app, pilot) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen)
                   and "offered to John Roe" in app.screen.question)


async def test_cancelling_a_visit_offers_its_slot_and_books_it_when_accepted(seeded_db, seed):
    await _john_waits_for_ann(seeded_db, seed)
    async with console(seeded_db, seed.clerk) as (app, pilot):
        screen = await _janes_visit(app, pilot)
        await _cancel_and_be_offered(app, pilot)
        assert "priority 4" in app.screen.question
        await pilot.press("y")
        await wait_for(pilot, lambda: any("John Roe booked with Ann Lee" in m
                                          for _, m in notes(app)))
        await settle(pilot)
        assert sorted((r.patient_name, r.status) for r in screen.rows) == \
            [("Jane Doe", "cancelled"), ("John Roe", "booked")]
        waiting = await press_for(pilot, "l", WaitingListScreen)
        assert waiting.table.records == [] and "0 waiting" in _title(waiting)


async def test_a_declined_offer_is_made_again_with_f_and_a_place_is_taken_off(seeded_db,
                                                                             seed):
    await _john_waits_for_ann(seeded_db, seed)
    async with console(seeded_db, seed.clerk) as (app, pilot):
        screen = await _janes_visit(app, pilot)
        await _cancel_and_be_offered(app, pilot)
        await pilot.press("n")  # John did not answer the phone
        await wait_for(pilot, lambda: app.screen is screen)
        await settle(pilot)
        assert [r.status for r in screen.rows] == ["cancelled"]
        await pilot.press("f")
        await _offered_to_john(app, pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        waiting = await press_for(pilot, "l", WaitingListScreen)
        assert [r.patient_name for r in waiting.table.records] == ["John Roe"]
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: waiting.table.records == [])
        await pilot.press("escape", "f")
        await wait_for(pilot, lambda: any("Nobody on the waiting list fits" in m
                                          for _, m in notes(app)))
