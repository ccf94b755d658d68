"""At 60 columns a list still shows every column, a value cut to fit ends with "…", and the two
bottom lines keep whole keys with `? More keys`; the patient list names the doctor the
export names (the doctor of the stay, else of the next booked visit)."""

from __future__ import annotations

import csv

from support.console import console, press_for, settle

from hra_tui.screens.billing.list import BillingScreen
from hra_tui.screens.patients.list import PatientsScreen
from hra_tui.services.csv.export import export_csv
from hra_tui.widgets.area_bar import AreaBar
from hra_tui.widgets.key_footer import KeyFooter

NARROW = (60, 24)


def _lines(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_a_list_at_60_columns_shows_every_column_and_cuts_with_an_ellipsis(demo_db):
    async with console(demo_db, size=NARROW) as (app, pilot):
        table = app.screen.table
        assert table.max_scroll_x <= table.cell_padding  # beyond the edge: a blank at most
        header, *rows = _lines(table)
        assert "Doctor" in header and "Admit" in header
        long = [r for r in table.records if len(r.name) > 12]
        assert long
        shown = next(line for line in rows if long[0].mrn in line)
        assert long[0].name not in shown and "…" in shown
        screen = await press_for(pilot, "i", BillingScreen)
        assert screen.table.max_scroll_x <= screen.table.cell_padding
        invoice = next(line for line in _lines(screen.table)[1:] if "," in line)
        assert "….." not in invoice and ".…" not in invoice  # an amount is never cut


async def test_the_bottom_lines_fit_60_columns_with_whole_keys(demo_db):
    async with console(demo_db, size=NARROW) as (app, pilot):
        for key, screen_type in (("p", PatientsScreen), ("i", BillingScreen)):
            screen = await press_for(pilot, key, screen_type)
            await settle(pilot)
            areas = str(screen.query_one(AreaBar).render())
            assert len(areas) <= 60 and areas.rstrip().endswith("? More keys"), areas
            for title in ("Patients", "Doctors", "Beds"):
                assert f" {title} " in areas  # whole entries, never a dangling letter
            footer = screen.query_one(KeyFooter)
            assert sum(key.size.width for key in footer.children) <= 60


async def test_the_patient_list_names_the_doctor_the_export_names(demo_db, tmp_path):
    async with console(demo_db) as (app, pilot):
        out = tmp_path / "patients.csv"
        await export_csv(app.ward, "patients", out)
        with out.open(encoding="utf-8-sig", newline="") as f:
            exported = {row["mrn"]: row["doctor"] for row in csv.DictReader(f)}
        listed = {r.mrn: r.doctor or "" for r in app.screen.table.records}
        assert listed == exported
        unadmitted = [r for r in app.screen.table.records if r.bed is None and r.doctor]
        assert unadmitted  # the demo books visits for patients not in a bed
        line = next(line for line in _lines(app.screen.table) if unadmitted[0].mrn in line)
        assert unadmitted[0].doctor in line
