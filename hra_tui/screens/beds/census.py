"""The daily census, opened from the bed board with `y`: each ward's beds at midnight (today:
now), its admissions, discharges and transfers in and out, and the total. `[` `]` step a day,
`t` returns to today, `x` writes the day to a CSV file; esc goes back to the bed board."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.binding import BindingType

from hra_tui.screens.base import key_table, step_bindings
from hra_tui.screens.prompts import AskScreen
from hra_tui.screens.sublist import SubListScreen
from hra_tui.services.errors import Refused
from hra_tui.services.records.census import Census, WardCensus

# Narrow enough for 60 columns: the ward's name gives way first (cut with "…"); the beds in
# service are in the title, the sum of the five states.
COLUMNS = (("Ward", 18), ("Occ", 3), ("Free", 4), ("Cln", 3), ("Blk", 3), ("Res", 3),
           ("Adm", 3), ("Dis", 3), ("In", 3), ("Out", 3))


class CensusScreen(SubListScreen[WardCensus]):
    TITLE = "Beds › Census"
    AREA = "beds"
    COLUMNS = COLUMNS
    ROW_ACTIONS = ()
    BINDINGS: ClassVar[list[BindingType]] = [
        *key_table("census", """
            escape  back    back    Back
            x       export  export  Export CSV
            (t)     today   today   Today
        """),
        *step_bindings("step", ("Day before", "census-earlier"), ("Day after", "census-later")),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.day = day  # None: today
        self.census: Census | None = None

    def cells(self, row: WardCensus) -> tuple[object, ...]:
        return (row.ward, row.occupied, row.free, row.cleaning, row.blocked,
                row.reserved, row.admitted, row.discharged, row.transferred_in,
                row.transferred_out)

    def record_key(self, record: WardCensus) -> str:
        return record.ward

    async def fetch(self) -> list[WardCensus]:
        self.census = await self.hra.ward.census.day(self.day or self.hra.today())
        self.day = self.census.day
        return [*self.census.wards, self.census.total]

    def count_text(self, rows: list[WardCensus]) -> str:
        assert self.census is not None
        moment = self.census.as_of.astimezone()
        beds_at = "midnight" if self.census.day < self.hra.today() else f"{moment:%H:%M}"
        return (f"{self.census.day:%a %d %b %Y} · {self.census.total.beds} beds at "
                f"{beds_at}")

    def action_edit(self) -> None:
        """Enter on a ward's line: nothing to edit in a census."""

    async def action_step(self, direction: int) -> None:
        day = (self.day or self.hra.today()) + timedelta(days=direction)
        if day > self.hra.today():
            self.notify("The census of a day still to come is not known yet",
                        severity="warning")
            return
        self.day = day
        await self.reload()

    async def action_today(self) -> None:
        self.day = self.hra.today()
        await self.reload()

    @work(group="census-export", exclusive=True)
    async def action_export(self) -> None:
        from hra_tui.services.csv.census import export_census

        day = self.day or self.hra.today()
        answer = await self.app.push_screen_wait(AskScreen(
            f"Write the census of {day:%d %b %Y} to which CSV file?",
            value=str(self.hra.export_dir / f"census-{day.isoformat()}.csv")))
        if answer is None:
            return
        try:
            Path(answer).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.hra.show_failure(Refused(f"Cannot create folder {Path(answer).parent}: "
                                          f"{exc.strerror}"))
            return
        await self.hra.attempt(
            export_census(self.hra.ward, day, Path(answer).expanduser()),
            lambda done: f"Census of {done[0].day:%d %b} written to {done[1].path}")
