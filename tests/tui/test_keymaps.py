"""A user's keymap at 80x24: the signed-in user's keys act, help, the footer and the area bar
show them, and a keymap with a fault is not applied at all (one notice, the default keys)
(issue 27, user keymaps)."""

from __future__ import annotations

import re

from support.console import console, notes, press_for, settle, wait_for
from textual.widgets._footer import FooterKey

from hra_tui.screens.beds.board import BedsScreen
from hra_tui.screens.patients.list import PatientsScreen
from hra_tui.screens.patients.registration import RegistrationScreen
from hra_tui.screens.shell.help import HelpScreen
from hra_tui.services.keymaps import keymap_path
from hra_tui.services.plain_records import BedForm
from hra_tui.services.ward import Ward
from hra_tui.widgets.area_bar import AreaBar


def _keymap(db, user: str, text: str) -> None:
    path = keymap_path(db, user)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _footer(app) -> dict[str, str]:
    return {key.description: key.key_display for key in app.screen.query(FooterKey)}


def _help_text(app) -> str:
    keys = app.screen.query_one("#help-keys")
    return "\n".join(keys.render_line(y).text for y in range(keys.size.height))


async def test_a_remapped_key_acts_and_help_footer_and_area_bar_show_it(seeded_db, seed):
    _keymap(seeded_db, seed.clerk,
            'patients-register = "insert"\nhelp = "h"\narea-beds = "B,f4"\n')
    async with console(seeded_db, seed.clerk) as (app, pilot):
        assert _footer(app)["Register"] == "insert"
        bar = str(app.screen.query_one(AreaBar).render())
        assert " B Beds " in bar and " h " in bar and " b Beds " not in bar
        await pilot.press("n")  # the default key no longer registers
        await settle(pilot)
        assert isinstance(app.screen, PatientsScreen)
        await press_for(pilot, "insert", RegistrationScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientsScreen))
        await press_for(pilot, "h", HelpScreen)
        text = _help_text(app)
        assert "insert  Register" in text and "n  Register" not in text
        assert "Your keys, from" in text
        assert re.search(r"^B  F4 +go to Beds", text, re.M)
        assert re.search(r"^h +Help", text, re.M)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientsScreen))
        await press_for(pilot, "B", BedsScreen)
        await settle(pilot)
        assert not [n for n in notes(app) if n[0] == "error"]  # the whole check found none


async def test_a_widget_key_remapped_moves_the_bed_board(seeded_db, seed):
    async with await Ward.open(seeded_db) as ward:  # 3A to 3L: three rows of four at 80x24
        await ward.layout.add_ward("Three")
        for letter in "ABCDEFGHIJKL":
            await ward.layout.add_bed(BedForm(label=f"3{letter}", ward="Three"))
    _keymap(seeded_db, seed.clerk, 'board-down = "j"\nboard-up = "z,up"\n')
    async with console(seeded_db, seed.clerk) as (app, pilot):
        screen = await press_for(pilot, "b", BedsScreen)
        while screen.current_ward != "Three":
            await pilot.press("right_square_bracket")
            await settle(pilot)
        await wait_for(pilot, lambda: screen.board.focused_cell.label == "3A")
        await pilot.press("j", "j")
        await wait_for(pilot, lambda: screen.board.focused_cell.label == "3I")
        await pilot.press("down")  # no longer the board's
        await settle(pilot)
        assert screen.board.focused_cell.label == "3I"
        await pilot.press("z", "up")
        await wait_for(pilot, lambda: screen.board.focused_cell.label == "3A")


async def test_a_clashing_keymap_is_not_applied_and_says_why(seeded_db, seed):
    _keymap(seeded_db, seed.clerk, 'help = "h"\npatients-register = "b"\n')
    async with console(seeded_db, seed.clerk) as (app, pilot):
        await wait_for(pilot, lambda: any("not applied" not in m and "area-beds" in m
                                          for _s, m in notes(app)), timeout=30)
        assert ("error", 'patients-register = "b": b is already Beds (area-beds) on the '
                         "Patients screen") in notes(app)
        assert app.keymap_path is None
        await press_for(pilot, "question_mark", HelpScreen)  # not half: help is back on ?
        assert "Your keys" not in _help_text(app)
        await pilot.press("escape")
        await press_for(pilot, "b", BedsScreen)


async def test_a_key_that_is_no_key_is_refused_at_start(seeded_db, seed):
    _keymap(seeded_db, seed.clerk, 'help = "h"\nboard-down = "ctrl+Down Arrow"\n')
    async with console(seeded_db, seed.clerk) as (app, pilot):
        assert [m for s, m in notes(app) if s == "error"] == [
            'board-down = "ctrl+Down Arrow": \'ctrl+Down Arrow\' is not a key (e.g. j, J, '
            "ctrl+s, f10, up, escape, question_mark or ?)"]
        await press_for(pilot, "question_mark", HelpScreen)


async def test_a_file_that_is_not_toml_is_refused_in_one_notice(seeded_db, seed):
    _keymap(seeded_db, seed.clerk, "help = h\n")
    async with console(seeded_db, seed.clerk) as (app, pilot):
        errors = [m for s, m in notes(app) if s == "error"]
        assert len(errors) == 1 and errors[0].startswith(f"{seed.clerk}.toml is not TOML")
        await press_for(pilot, "question_mark", HelpScreen)


async def test_each_user_gets_their_own_keys(seeded_db, seed):
    _keymap(seeded_db, seed.clerk, 'patients-register = "insert"\n')
    async with console(seeded_db, seed.admin) as (app, pilot):
        assert _footer(app)["Register"] == "n"
        assert app.keymap_path is None


async def test_the_footer_keeps_the_declared_order_with_a_key_remapped(seeded_db, seed):
    async def beds_footer() -> list[str]:
        async with console(seeded_db, seed.clerk, size=(120, 24)) as (app, pilot):
            await press_for(pilot, "b", BedsScreen)
            return [key.description for key in app.screen.query(FooterKey)]

    default = await beds_footer()
    assert default.index("Filter") < default.index("Transfer") < default.index("Discharge")
    _keymap(seeded_db, seed.clerk, 'beds-transfer = "T"\n')
    assert await beds_footer() == default
