"""`:import` at 80x24: an export edited in a spreadsheet comes back by its kind alone, rows
matched by key, with one note saying what was added and changed, or which rows are wrong."""

from __future__ import annotations

import csv
from pathlib import Path

from support.console import console, notes, settle, type_text, wait_for
from support.wards import connect
from textual.widgets import DataTable

from hra_tui.screens.patients.list import PatientsScreen


async def _command(pilot, text: str) -> None:
    await pilot.press("colon")
    await type_text(pilot, text)
    await pilot.press("enter")


def _edit(path: Path, mrn: str, column: str, value: str) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    for row in rows:
        if row[0] == mrn:
            row[header.index(column)] = value
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])


async def _export(app, pilot, folder: Path, kind: str) -> Path:
    """`:export KIND` into `folder`, and the file (or whole-ward folder) it wrote."""
    await _command(pilot, f"export {kind}")
    await wait_for(pilot, lambda: any("Exported" in m for _, m in notes(app)))
    [written] = folder.glob(f"{'ward' if kind == 'all' else kind}-*")
    return written


def _names(app) -> list[str]:
    table = app.screen.query_one("#patients", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def test_an_edited_export_comes_back_by_key(seeded_db, seed, tmp_path):
    folder = tmp_path / "exports"
    async with console(seeded_db, seed.admin, export_dir=folder) as (app, pilot):
        export = await _export(app, pilot, folder, "patients")
        _edit(export, seed.admitted, "name", "Jane Dough")
        await _command(pilot, "import patients")
        await wait_for(pilot, lambda: any("Imported" in m for _, m in notes(app)))
        assert notes(app)[-1] == ("information", f"Imported {export.name}: 0 patients added, "
                                                 "1 changed, 2 unchanged")
        assert isinstance(app.screen, PatientsScreen)
        await settle(pilot)
        await wait_for(pilot, lambda: "Jane Dough" in _names(app))


async def test_a_bad_row_is_named_and_nothing_is_written(seeded_db, seed, tmp_path):
    folder = tmp_path / "exports"
    async with console(seeded_db, seed.admin, export_dir=folder) as (app, pilot):
        export = await _export(app, pilot, folder, "patients")
        _edit(export, seed.admitted, "name", "Jane Dough")
        _edit(export, seed.waiting, "age", "abc")
        await _command(pilot, "import patients")
        # any error note: the export's note may have timed out meanwhile on a busy machine
        await wait_for(pilot, lambda: any(kind == "error" for kind, _ in notes(app)))
        [message] = [text for kind, text in notes(app) if kind == "error"]
    assert message.startswith(f"Nothing imported: 1 of 3 rows in {export.name} are wrong: "
                              "line ")
    assert "Age must be a whole number from 0 to 130 (got 'abc')" in message
    names = connect(seeded_db).execute("SELECT name FROM patients").fetchall()
    assert ("Jane Dough",) not in names


async def test_a_whole_ward_comes_back_unchanged(seeded_db, seed, tmp_path):
    folder = tmp_path / "exports"
    async with console(seeded_db, seed.admin, export_dir=folder) as (app, pilot):
        exported = await _export(app, pilot, folder, "all")
        assert any("Exported 7 files" in m for _, m in notes(app))
        await _command(pilot, "import all")
        await wait_for(pilot, lambda: any("Imported" in m for _, m in notes(app)))
        assert notes(app)[-1][1].startswith(f"Imported {exported.name} (7 files): 0 rows "
                                            "added, 0 changed, ")


async def test_a_clerk_is_told_at_once_and_nothing_is_asked(seeded_db, seed, tmp_path):
    folder = tmp_path / "exports"
    async with console(seeded_db, seed.clerk, export_dir=folder) as (app, pilot):
        await _export(app, pilot, folder, "staff")
        await _command(pilot, "import staff")
        await pilot.pause()
        assert str(app.screen.query_one("#command-error").render()) == (
            f"{seed.clerk} is a clerk and cannot import records; only admins can")
