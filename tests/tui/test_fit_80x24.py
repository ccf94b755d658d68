"""At 80x24 nothing is cut without a sign, bed types show on the board, and every key and `:`
command is reachable from help and the palette."""

from __future__ import annotations

from support.console import console, settle, type_text, wait_for
from support.wards import connect
from textual.command import CommandPalette
from textual.widgets import OptionList

from hra_tui.screens.beds.board import BedsScreen
from hra_tui.screens.shell.command_line import CommandLineScreen
from hra_tui.screens.shell.help import HelpScreen
from hra_tui.screens.staff.list import StaffScreen
from hra_tui.services.plain_records import StaffForm
from hra_tui.services.ward import Ward
from hra_tui.widgets.bed_board import BedTile


def _lines(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_long_cells_end_with_an_ellipsis(seeded_db, seed):
    async with await Ward.open(seeded_db) as ward:
        await ward.staff.add(StaffForm(name="Ada Long", role="surgeon",
                                       specialization="Colorectal surgery",
                                       phone="+44 20 7946 0555"))
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await settle(pilot)
        row = next(line for line in _lines(app.screen.table) if "Ada Long" in line)
        assert "Colorectal surg…" in row
        assert "+44 20 7946 05…" in row
        detail = app.screen.query_one(".row-detail")
        assert app.screen.current.name == "Ada Long"  # the first row: the whole text below
        assert detail.display
        assert str(detail.render()) == ("Specialization: Colorectal surgery   "
                                        "Phone: +44 20 7946 0555")
        app.screen.table.move_to(str(seed.doctor_id))  # Ann Lee fits: no detail line
        await pilot.pause()
        assert not detail.display


async def test_the_board_shows_bed_types_and_cuts_notes_with_an_ellipsis(seeded_db, seed):
    conn = connect(seeded_db)
    with conn:
        conn.execute("UPDATE beds SET type = 'icu' WHERE label = '2A'")
    conn.close()
    async with await Ward.open(seeded_db) as ward:
        await ward.beds.block("1B", "Broken bed rail, awaiting the porters")
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BedsScreen))
        await settle(pilot)
        icu = _lines(app.screen.query_one("#bed-2A", BedTile))
        assert icu[0].rstrip().endswith("ICU") and "free" in icu[0]
        blocked = _lines(app.screen.query_one("#bed-1B", BedTile))
        assert blocked[1].rstrip().endswith("…")
        assert blocked[1].startswith("Broken bed rail")


async def test_the_palette_offers_the_command_line_commands(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await type_text(pilot, "export")
        await pilot.pause(0.5)
        options = app.screen.query_one(OptionList)
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(":export KIND" in text for text in texts), texts
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandLineScreen))
        assert app.screen.query_one("#command-input").value == "export "


async def test_keys_off_the_footer_are_in_help_and_the_palette(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BedsScreen))
        await settle(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys = "\n".join(_lines(app.screen.query_one("#help-keys")))
        for words in ("Reserve/release", "Undo last", "Previous ward", "Command palette"):
            assert words in keys
        await pilot.press("escape", "ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await type_text(pilot, "undo")
        await pilot.pause(0.5)
        options = app.screen.query_one(OptionList)
        assert any("Undo last" in str(options.get_option_at_index(i).prompt)
                   for i in range(options.option_count))
