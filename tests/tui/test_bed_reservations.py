"""Reserved beds as a lifecycle at 80x24: reserve a free bed for a patient until a time,
release it, admit only that patient into it, and expiry once the time has passed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.console import console, notes, settle, type_text, wait_for
from support.wards import connect

from hra_tui.screens.beds.board import BedsScreen
from hra_tui.screens.prompts import AskScreen, ChooseScreen, ConfirmScreen
from hra_tui.services.errors import Refused
from hra_tui.services.times import utcnow
from hra_tui.services.ward import Ward
from hra_tui.widgets.bed_board import BedTile, tile_lines


async def _board(pilot, label: str) -> BedsScreen:
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BedsScreen))
    await settle(pilot)
    screen = pilot.app.screen
    screen.board.focus_label(label)
    await pilot.pause()
    return screen


def _tile(screen: BedsScreen, label: str) -> tuple[str, str]:
    tile = screen.query_one(f"#bed-{label}", BedTile)
    return tile_lines(tile.cell, screen.hra.now())


async def test_reserve_a_free_bed_then_admit_only_that_patient(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = await _board(pilot, "1B")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, AskScreen))
        await type_text(pilot, "Mia")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AskScreen)
                       and app.screen.question == "Hold bed 1B for Mia Chen (P000003) until when?")
        await type_text(pilot, "yesterday 9:30")  # refused in words, the dialog stays
        await pilot.press("enter")
        await pilot.pause()
        assert "past" in str(app.screen.query_one(".dialog-error").render())
        await pilot.press(*["backspace"] * 14)
        await type_text(pilot, "tomorrow 9:30")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Bed 1B reserved for Mia Chen" in m
                                          for _, m in notes(app)))
        await settle(pilot)
        first, second = _tile(screen, "1B")
        assert "◌ reserved" in first and "Mia Chen" in second
        async with await Ward.open(seeded_db) as other:
            with pytest.raises(Refused, match="reserved for Mia Chen"):
                await other.beds.admit(seed.waiting, "1B")
            assert "1B" not in [cell.label for cell in await other.beds.free()]
        screen.board.focus_label("1B")
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Mia Chen" in app.screen.question
        await pilot.press("y")
        await wait_for(pilot, lambda: ("information", "Mia Chen admitted to 1B") in notes(app))
    async with await Ward.open(seeded_db) as ward:
        cell = await ward.beds.cell("1B")
        assert (cell.status, cell.patient_name, cell.note) == ("occupied", "Mia Chen", "")


async def test_release_a_reservation(seeded_db, seed):
    async with await Ward.open(seeded_db) as ward:
        await ward.beds.reserve("2A", seed.other, utcnow() + timedelta(hours=3))
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = await _board(pilot, "2A")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.question.startswith("Release bed 2A, reserved for Mia Chen")
        await pilot.press("y")
        await wait_for(pilot, lambda: ("information", "Bed 2A released, now free") in notes(app))
        await settle(pilot)
        assert "· free" in _tile(screen, "2A")[0]
    async with await Ward.open(seeded_db) as ward:
        actions = [row.action for row in await ward.audit.recent()]
        assert actions[:2] == ["release", "reserve"]


async def test_an_expired_reservation_no_longer_holds_the_bed(seeded_db, seed):
    async with await Ward.open(seeded_db) as ward:
        await ward.beds.reserve("2A", seed.other, utcnow() + timedelta(hours=3))
    conn = connect(seeded_db)
    with conn:
        conn.execute("UPDATE beds SET note = replace(note, substr(note, 9, 17), "
                     "'2020-01-01T09:00Z') WHERE label = '2A'")
    conn.close()
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = await _board(pilot, "2A")
        assert "◌ expired" in _tile(screen, "2A")[0]
    async with await Ward.open(seeded_db) as ward:
        assert "2A" in [cell.label for cell in await ward.beds.free()]
        cell = await ward.beds.admit(seed.waiting, "2A")
        assert cell.patient_name == "John Roe"


async def test_admit_from_the_record_offers_the_bed_reserved_for_the_patient(seeded_db, seed):
    async with await Ward.open(seeded_db) as ward:
        await ward.beds.reserve("10A", seed.other, utcnow() + timedelta(hours=3))
    async with console(seeded_db, seed.admin) as (app, pilot):
        app.screen.table.move_to(seed.other)
        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(app.screen, "detail", None) is not None)
        facts = app.screen.query_one("#record-facts")
        assert "Reserved" in "\n".join(facts.render_line(y).text
                                        for y in range(facts.size.height))
        assert app.screen.detail.reserved_bed == "10A"
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ChooseScreen))
        first = app.screen.choices[0]
        assert first == ("10A", "10A   North · general · reserved for Mia Chen")
        await pilot.press("enter")
        await wait_for(pilot, lambda: ("information", "Mia Chen admitted to 10A") in notes(app))
