"""Keys in a burst (as SSH and a fast clerk deliver them) each count, in order, at 80x24."""

from __future__ import annotations

from support.console import console, settle, wait_for
from textual import events

from hra_tui.screens.beds.board import BedsScreen
from hra_tui.services.plain_records import BedForm
from hra_tui.services.ward import Ward
from hra_tui.widgets.filter_bar import FilterBar


def _burst(app, *keys: str) -> None:
    """Post every key at once, before the console has read any of them."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def _ward_three(db) -> None:
    """A ward of twelve beds, 3A to 3L: three rows of four tiles at 80 columns."""
    async with await Ward.open(db) as ward:
        await ward.layout.add_ward("Three")
        for letter in "ABCDEFGHIJKL":
            await ward.layout.add_bed(BedForm(label=f"3{letter}", ward="Three"))


async def _board_of_three(pilot) -> BedsScreen:
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BedsScreen))
    await settle(pilot)
    screen = pilot.app.screen
    while screen.current_ward != "Three":
        await pilot.press("right_square_bracket")
        await settle(pilot)
    await wait_for(pilot, lambda: screen.board.focused_cell.label == "3A")
    return screen


async def test_a_burst_of_arrows_moves_the_bed_board_by_every_key(seeded_db, seed):
    await _ward_three(seeded_db)
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = await _board_of_three(pilot)
        assert screen.board.columns == 4
        _burst(app, "down", "down", "right", "right")
        await settle(pilot)
        assert screen.board.focused_cell.label == "3K"
        _burst(app, "up", "left", "end", "left")
        await settle(pilot)
        assert screen.board.focused_cell.label == "3K"


async def test_ctrl_u_then_typing_in_one_burst_replaces_the_filter(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BedsScreen))
        await settle(pilot)
        await pilot.press("slash", "1", "A")
        bar = app.screen.query_one(FilterBar)
        await wait_for(pilot, lambda: bar.applied == "1A")
        await settle(pilot)
        _burst(app, "ctrl+u", "S", "1")
        await wait_for(pilot, lambda: bar.applied == "S1")
        await settle(pilot)
        assert bar.value == "S1"
        assert [tile.cell.label for tile in app.screen.board.tiles] == ["S1"]
