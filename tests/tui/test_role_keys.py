"""Keys and `:` commands follow the role signed in: a key the role may not use is not in the
footer, and a press of it says at once which role it needs, before any form or question opens;
a `:` command it may not run is not offered, and says so as soon as its name is typed (issue
27, fault 3: a viewer filled the whole registration form and was refused at F10; a clerk
answered "Apply plan 4?" and was then refused; `:admit` was refused only after enter)."""

from __future__ import annotations

import asyncio
from functools import partial

from support.console import console, notes, press_for, settle, type_text, wait_for
from textual.widgets._footer import FooterKey

from hra_tui.app import HraApp
from hra_tui.screens.patients.list import PatientsScreen
from hra_tui.screens.planning.plans import PlanningScreen
from hra_tui.screens.prompts import ConfirmScreen
from hra_tui.screens.shell.command_line import CommandLineScreen, LineCommands
from hra_tui.screens.shell.commands import offered
from hra_tui.screens.shell.help import HelpScreen
from hra_tui.screens.staff.form import StaffFormScreen
from hra_tui.screens.staff.list import StaffScreen
from hra_tui.services.ward import Ward

until = partial(wait_for, timeout=30.0)  # a solve may take that long


def footer(app: HraApp) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


async def test_a_viewer_pressing_n_on_patients_is_told_at_once_and_gets_no_form(seeded_db,
                                                                               seed):
    async with console(seeded_db, seed.viewer) as (app, pilot):
        assert isinstance(app.screen, PatientsScreen)
        assert "Register" not in footer(app)
        before = len(notes(app))
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PatientsScreen)  # no registration form
        assert notes(app)[before:] == [
            ("error", "vic is a viewer and cannot register patients; only clerks and admins "
                      "can")]


WRITE_KEYS = {  # each area's footer words for the keys that write, as an admin sees them
    "p": {"Register"}, "d": {"Add", "Edit", "Deactivate"},
    "b": {"Admit", "Transfer", "Discharge", "Cleaned", "Block/unblock", "Reserve/release"},
    "a": {"Book", "Mark", "Cancel visit"}, "i": {"Mark paid", "New invoice"},
    "s": {"Solve", "Re-plan", "Apply"},
}


async def test_a_viewer_is_offered_no_write_key_in_any_area(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        offered = {}
        for key in WRITE_KEYS:
            await pilot.press(key)
            await settle(pilot)
            offered[key] = set(footer(app))
    assert all(offered[key] & words for key, words in WRITE_KEYS.items())  # they can fail
    async with console(seeded_db, seed.viewer) as (app, pilot):
        for key, words in WRITE_KEYS.items():
            await pilot.press(key)
            await settle(pilot)
            assert not set(footer(app)) & words, key


async def test_help_says_whom_a_refused_key_is_for(seeded_db, seed):
    async with console(seeded_db, seed.viewer) as (app, pilot):
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys = app.screen.query_one("#help-keys")
        text = "\n".join(keys.render_line(y).text for y in range(keys.size.height))
        assert "Register (clerks and admins only)" in text


async def test_an_admin_is_offered_the_same_key(seeded_db):
    async with console(seeded_db) as (app, pilot):
        assert "Register" in footer(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: not isinstance(app.screen, PatientsScreen))


async def test_a_clerk_pressing_enter_on_a_staff_row_is_told_admins_edit_staff(seeded_db, seed):
    """Enter edits a staff row without a key binding of its own: it is refused the same way."""
    async with console(seeded_db, seed.clerk) as (app, pilot):
        screen = await press_for(pilot, "d", StaffScreen)
        assert not {"Add", "Edit", "Deactivate"} & set(footer(app))
        assert "Pairs" in footer(app)  # looking is for everyone
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and not isinstance(app.screen, StaffFormScreen)
        assert notes(app)[-1][1] == ("clara is a clerk and cannot edit staff; only admins can")


async def test_a_clerk_solves_but_is_told_at_y_that_admins_apply_plans(demo_db):
    async def add_clerk() -> None:
        async with await Ward.open(demo_db) as ward:
            await ward.users.add("clara", "clerk")

    await asyncio.to_thread(asyncio.run, add_clerk())
    app = HraApp(demo_db, "clara")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.ward_ready)
        screen = await press_for(pilot, "s", PlanningScreen)
        for _ in range(6):
            await pilot.press("left_square_bracket")
        assert screen.request.horizon == 3
        assert "Solve" in footer(app) and "Apply" not in footer(app)
        await pilot.press("g")  # clerks make and keep plans
        await until(pilot, lambda: screen.plans and not screen.solving)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen and not isinstance(app.screen, ConfirmScreen)
        assert notes(app)[-1] == (
            "error", "clara is a clerk and cannot apply plans; only admins can")
        assert screen.plans[0].applied_at is None


def _command_error(app) -> str:
    return str(app.screen.query_one("#command-error").render())


async def test_a_viewer_typing_a_command_that_writes_is_told_at_once_and_it_never_runs(
        seeded_db, seed):
    """The `:` line says whom `:admit` is for as soon as its name is typed, before the MRN
    and bed are (it used to be refused only after enter); enter then runs nothing."""
    async with console(seeded_db, seed.viewer) as (app, pilot):
        await pilot.press("colon")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandLineScreen))
        assert "e.g. find Smith" in str(app.screen.query_one("#command-hint").render())
        await type_text(pilot, "admi")
        await pilot.pause()
        assert _command_error(app) == ""
        await type_text(pilot, "t")
        await pilot.pause()
        refused = "vic is a viewer and cannot admit patients; only clerks and admins can"
        assert _command_error(app) == refused
        await type_text(pilot, f" {seed.waiting} 2A")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CommandLineScreen) and _command_error(app) == refused
        await pilot.press("ctrl+u")
        await type_text(pilot, "find x")
        await pilot.pause()
        assert _command_error(app) == ""
        assert not [n for n in notes(app) if "admitted" in n[1]]
    async with await Ward.open(seeded_db) as ward:
        assert (await ward.patients.get(seed.waiting)).patient.bed is None


async def test_help_and_the_palette_offer_a_viewer_no_command_that_writes(seeded_db, seed):
    async with console(seeded_db, seed.viewer) as (app, pilot):
        assert [spec.name for spec in offered(app)][:3] == ["find", "export", "history"]
        hits = [text async for text in _palette_hits(app)]
        assert hits and not [text for text in hits if text.startswith((":admit", ":discharge"))]
        await press_for(pilot, "question_mark", HelpScreen)
        commands = app.screen.query_one("#help-commands")
        text = " ".join(commands.render_line(y).text.strip()
                        for y in range(commands.size.height))
        assert "admit a patient to a free bed (clerks and admins only)" in text
        assert "show patients matching TEXT (name, MRN, phone)" in text
    async with console(seeded_db, seed.clerk) as (app, pilot):
        assert [spec.name for spec in offered(app)][:3] == ["admit", "transfer", "discharge"]
        await pilot.press("colon")
        await type_text(pilot, "admit")
        await pilot.pause()
        assert _command_error(app) == ""


async def _palette_hits(app):
    provider = LineCommands(app.screen)
    async for hit in provider.discover():
        yield str(hit.text)
