"""The console shell: area keys, help, palette, the `:` line, filtering, export, history."""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest
from rich.console import Console
from sqlalchemy.exc import OperationalError
from support.console import console, notes, press_for, settle, type_text, wait_for

from hra_tui.areas import AREAS
from hra_tui.screens.audit.log import AuditScreen
from hra_tui.screens.billing.list import BillingScreen
from hra_tui.screens.patients.list import PatientsScreen
from hra_tui.screens.patients.record import PatientDetailScreen
from hra_tui.screens.patients.registration import RegistrationScreen
from hra_tui.screens.shell.command_runners import export_path
from hra_tui.screens.shell.command_syntax import Command, CommandError
from hra_tui.screens.shell.commands import parse_command
from hra_tui.screens.shell.help import HelpScreen
from hra_tui.screens.staff.list import StaffScreen
from hra_tui.services.ward import Ward
from hra_tui.widgets.bed_board import BedBoard

MINE = ("patients", "staff", "beds", "appointments", "billing")


def _plain_text(renderable) -> str:
    out = Console(file=io.StringIO(), width=100, color_system=None)
    out.print(renderable)
    return out.file.getvalue()


@pytest.mark.parametrize(("text", "command"), [
    (":admit p000002 1b", Command("admit", ("p000002", "1B"))),
    ("transfer P1 s2", Command("transfer", ("P1", "S2"))),
    ("discharge P1", Command("discharge", ("P1",))),
    (":find jane doe", Command("find", ("jane doe",))),
    ("export Patients", Command("export", ("patients",))),
    ("export beds /tmp/b.csv", Command("export", ("beds", "/tmp/b.csv"))),
    ("import Patients", Command("import", ("patients",))),
    ("import all /tmp/ward", Command("import", ("all", "/tmp/ward"))),
    ("history", Command("history", ())),
    ("history bed 3B", Command("history", ("bed 3B",))),
    ("q", Command("quit", ())),
    ("doctors", Command("staff", ())),
])
def test_parse_command(text, command):
    assert parse_command(text) == command


@pytest.mark.parametrize(("text", "message"), [
    ("", "Type a command"),
    ("admit P1", "Usage: :admit MRN BED"),
    ("discharge", "Usage: :discharge MRN"),
    ("export nurses", "Export one of patients, staff, beds, appointments, billing, wards, "
                      "history or all"),
    ("import nurses", "Import one of wards, staff, beds, patients"),
    ("fly away", "No command ':fly'"),
    ('find "open', "Close the quote"),
])
def test_parse_command_refuses_in_words(text, message):
    with pytest.raises(CommandError, match=message):
        parse_command(text)


def test_export_path(tmp_path):
    assert export_path("beds", None, tmp_path, "S") == tmp_path / "beds-S.csv"
    assert export_path("beds", str(tmp_path), tmp_path / "x", "S") == tmp_path / "beds-S.csv"
    assert export_path("beds", str(tmp_path / "b.csv"), tmp_path, "S") == tmp_path / "b.csv"


async def test_every_area_by_letter_and_fkey_and_help_lists_its_keys(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        for area in [a for a in AREAS if a.mode in MINE]:
            for key in (area.key, area.fkey):
                await pilot.press("p" if area.mode != "patients" else "d")
                await pilot.press(key)
                await wait_for(pilot, lambda a=area: app.current_mode == a.mode)
                await settle(pilot)
                assert type(app.screen) is area.load()
            await pilot.press("question_mark")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
            text = _plain_text(app.screen._keys_table())
            for binding in app.screen.below.BINDINGS:  # the screen's own keys, from its bindings
                if binding.description:
                    assert binding.description in text
            assert "go to Billing" in text and "Command palette" in text
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("q")  # q closes help; a second q on a top screen quits
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)


async def test_palette_offers_the_screens_actions(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await type_text(pilot, "register")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RegistrationScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientsScreen))


async def test_filter_as_you_type_and_open_a_record(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = app.screen
        assert [r.name for r in screen.rows] == ["Jane Doe", "John Roe", "Mia Chen"]
        await pilot.press("slash")
        await type_text(pilot, "ro")
        await wait_for(pilot, lambda: screen.query_shown == "ro")
        assert [r.name for r in screen.rows] == ["John Roe"]
        await pilot.press("enter")  # keep the filter, back to the list
        await pilot.press("enter")  # open the record
        await wait_for(pilot, lambda: isinstance(app.screen, PatientDetailScreen))
        await settle(pilot)
        assert "John Roe" in str(app.screen.query_one("#title").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("escape")  # esc on the list clears the filter
        await wait_for(pilot, lambda: screen.query_shown == "" and len(screen.rows) == 3)


async def test_filter_and_find_by_phone_digits_or_mrn_ending(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        screen = app.screen
        await pilot.press("slash")
        await type_text(pilot, "1234")  # Jane Doe's phone is "555 1234"
        await wait_for(pilot, lambda: screen.query_shown == "1234")
        assert [r.name for r in screen.rows] == ["Jane Doe"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.query_shown == "" and len(screen.rows) == 3)
        await pilot.press("colon")
        await type_text(pilot, "find 555 12")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.query_shown == "555 12")
        assert [r.name for r in screen.rows] == ["Jane Doe"]
        await pilot.press("colon")
        await type_text(pilot, "find 3")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.query_shown == "3")
        assert [r.mrn for r in screen.rows][0] == seed.other


async def test_command_line_admit_find_history_and_bad_input(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("colon")
        await type_text(pilot, "fly")
        await pilot.press("enter")
        await pilot.pause()
        assert "No command ':fly'" in str(app.screen.query_one("#command-error").render())
        await pilot.press("escape", "colon")
        await type_text(pilot, f"admit {seed.waiting} 2a")
        await pilot.press("enter")
        await wait_for(pilot, lambda: ("information", "John Roe admitted to 2A") in notes(app))
        await pilot.press("colon")
        await type_text(pilot, "find mia")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.query_shown == "mia")
        assert [r.name for r in app.screen.rows] == ["Mia Chen"]
        await pilot.press("colon")
        await type_text(pilot, "history admit")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AuditScreen))
        await settle(pilot)
        table = app.screen.query_one("#history")
        assert table.row_count >= 1
        assert "John Roe into bed 2A" in str(table.get_row_at(0)[3])
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientsScreen))
    async with await Ward.open(seeded_db) as ward:
        assert (await ward.patients.get(seed.waiting)).patient.bed == "2A"


async def test_export_says_where_and_how_many(seeded_db, seed, tmp_path):
    folder = tmp_path / "exports"
    async with console(seeded_db, seed.admin, export_dir=folder) as (app, pilot):
        await pilot.press("colon")
        await type_text(pilot, "export patients")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Exported" in m for _, m in notes(app)))
        message = notes(app)[-1][1]
    files = list(folder.glob("patients-*.csv"))
    assert len(files) == 1
    assert message == f"Exported 3 patients rows to {files[0]}"
    with files[0].open(newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 3


async def test_larger_terminal_shows_more_beds_per_row_and_register_flow(seeded_db, seed):
    async with console(seeded_db, seed.admin, size=(160, 50)) as (app, pilot):
        await pilot.press("f4")
        await wait_for(pilot, lambda: app.current_mode == "beds")
        await settle(pilot)
        board = app.screen.query_one(BedBoard)
        assert board.columns == 8
        assert "go to" not in str(app.screen.query_one("AreaBar").render())
        assert "F2/p" in str(app.screen.query_one("AreaBar").render())
        await pilot.press("f2", "n")
        await wait_for(pilot, lambda: isinstance(app.screen, RegistrationScreen))
        await settle(pilot)
        await type_text(pilot, "Lena Berg")
        for field, text in (("#in-age", "30"), ("#in-address", "3 Elm Way")):
            app.screen.query_one(field).focus()
            await type_text(pilot, text)
        app.screen.query_one("#in-gender").focus()
        await pilot.press("enter", "home", "down", "enter", "f10")
        await wait_for(pilot, lambda: isinstance(app.screen, PatientsScreen))
        assert ("information", "Lena Berg registered as P000004") in notes(app)


async def test_viewer_is_refused_writes_in_words(seeded_db, seed):
    """In the `:` line itself, as soon as the command is named (not after enter)."""
    async with console(seeded_db, seed.viewer) as (app, pilot):
        await pilot.press("colon")
        await type_text(pilot, f"discharge {seed.admitted}")
        await pilot.press("enter")
        await pilot.pause()
        assert str(app.screen.query_one("#command-error").render()) == (
            "vic is a viewer and cannot discharge patients; only clerks and admins can")


@pytest.mark.parametrize("error", [
    OperationalError("SELECT", {}, sqlite3.OperationalError("disk I/O error")),
    PermissionError(13, "Permission denied", "/ward/x.db"),
])
async def test_a_worker_meeting_a_database_or_file_error_is_shown_not_fatal(
        seeded_db, monkeypatch, error):
    async with console(seeded_db) as (app, pilot):
        async def fails(*_args, **_kwargs):
            raise error

        monkeypatch.setattr(app.ward.patient_list, "search", fails)
        await pilot.press("r")
        await wait_for(pilot, lambda: any(sev == "error" for sev, _ in notes(app)))
        severity, message = notes(app)[-1]
        assert message.startswith(f"cannot use the ward database {seeded_db}: ")
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, PatientsScreen)


async def test_the_patient_list_pages_and_keeps_its_cursor_across_reloads(seeded_db,
                                                                           monkeypatch):
    import hra_tui.screens.patients.list as patients

    monkeypatch.setattr(patients, "PAGE", 2)
    monkeypatch.setattr(patients, "PREFETCH", 1)
    async with console(seeded_db) as (app, pilot):
        screen = app.screen
        table = screen.table
        total = await app.ward.patient_list.count("")
        assert total > 2 and len(screen.rows) == 2 and table.more
        while table.more:
            await pilot.press("down")
            await settle(pilot)
        assert [row.mrn for row in screen.rows] == [
            row.mrn for row in await app.ward.patient_list.search("", limit=total)]
        mrn = table.current_key
        await pilot.press("r")
        await settle(pilot)
        assert table.current_key == mrn and len(screen.rows) == total


async def test_a_note_does_not_follow_the_clerk_to_another_area(seeded_db):
    """A billing note lingered over the doctors' list (issue 27, fault 8)."""
    async with console(seeded_db) as (app, pilot):
        await press_for(pilot, "i", BillingScreen)
        app.notify("Invoice 7 marked paid")
        await press_for(pilot, "d", StaffScreen)
        await settle(pilot)
        assert not notes(app)
