"""Patients: the paged list (100,000 rows never sit in a widget), search, register, open a record.

The list holds pages of `PAGE` rows from `patients.search(limit, offset)`; the next page is
fetched when the cursor comes near the end. The count runs as its own query, so the first page
shows without waiting for it. A filter result that arrives after a newer filter is dropped.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from hra_tui.screens.base import AreaScreen
from hra_tui.services.records import PatientRow
from hra_tui.services.times import short_local
from hra_tui.widgets.filter_bar import FilterBar
from hra_tui.widgets.plain import plain

PAGE = 100
KEEP = 1000  # a reload refetches at most this many of the rows already scrolled through
PREFETCH = 20  # fetch the next page when the cursor is this close to the end

COLUMNS = (("MRN", 7), ("Name", 20), ("Age", 3), ("Sex", 3), ("Bed", 4), ("Doctor", 16),
           ("Admitted", 12))


class PatientsScreen(AreaScreen):
    MODE = "patients"
    TITLE = "Patients"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open record", id="patients-open"),
        Binding("n", "register", "Register", id="patients-register"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[PatientRow] = []
        self._query = ""
        self._generation = 0
        self._more = False
        self._fetching = False
        self._total: int | None = None

    def compose_body(self) -> ComposeResult:
        table: DataTable[str] = DataTable(id="patients", cursor_type="row", zebra_stripes=True)
        for label, width in COLUMNS:
            table.add_column(label, width=width, key=label)
        yield table

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#patients", DataTable)

    def focus_list(self) -> None:
        self.table.focus()

    @property
    def rows(self) -> list[PatientRow]:
        """The rows loaded so far (tests and the bench read this)."""
        return list(self._rows)

    @property
    def query_shown(self) -> str:
        """The filter whose results the table shows now."""
        return self._query

    async def reload(self) -> None:
        """Same filter, same rows loaded so far (up to `KEEP`), cursor kept on its patient."""
        keep = min(max(PAGE, len(self._rows)), KEEP) if self.filter_text == self._query else PAGE
        await self._load_first(self.filter_text, keep)

    async def apply_filter(self, text: str) -> None:
        await self._load_first(text)

    def set_filter(self, text: str) -> None:
        """Put TEXT in the filter line (`:find`, a new registration) and show its matches."""
        bar = self.query_one(FilterBar)
        bar.value = text
        bar.applied = text
        bar.show(bool(text))
        bar.can_focus = False
        self.focus_list()
        self.action_reload()

    async def _load_first(self, query: str, limit: int = PAGE) -> None:
        self._generation += 1
        generation = self._generation
        rows = await self.ward.patients.search(query, limit=limit, offset=0)
        if generation != self._generation:
            return  # a newer filter has started; its rows win
        keep = self._current_mrn()
        self._query = query
        self._rows = rows
        self._more = len(rows) == limit
        self._total = None if self._more else len(rows)
        table = self.table
        table.clear()
        self._add(rows)
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self._update_status()
        if self._more:
            self.run_worker(partial(self._count, query, generation), group="count",
                            exclusive=True)

    async def _count(self, query: str, generation: int) -> None:
        total = await self.ward.patients.count(query)
        if generation == self._generation:
            self._total = total
            self._update_status()

    async def _load_more(self, generation: int) -> None:
        if self._fetching:
            return
        self._fetching = True
        try:
            rows = await self.ward.patients.search(self._query, limit=PAGE,
                                                   offset=len(self._rows))
        finally:
            self._fetching = False
        if generation != self._generation:
            return
        self._rows.extend(rows)
        self._more = len(rows) == PAGE
        self._add(rows)
        self._update_status()

    def _add(self, rows: list[PatientRow]) -> None:
        now = self.hra.now()
        for row in rows:
            admitted = short_local(row.admitted_at, now) if row.admitted_at else ""
            self.table.add_row(*plain(row.mrn, row.name, row.age, row.gender, row.bed or "—",
                                      row.doctor or "", admitted), key=row.mrn)

    def _current_mrn(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _update_status(self) -> None:
        shown = len(self._rows)
        total = f"{self._total:,}" if self._total is not None else "counting…"
        if not shown:
            text = "no patient matches" if self._query else "no patients yet (n registers one)"
        else:
            text = f"{shown:,} of {total} shown"
        if self._query:
            text += f"  ·  filter “{self._query}”"
        self.set_status(text)

    @on(DataTable.RowHighlighted, "#patients")
    def _near_end(self, event: DataTable.RowHighlighted) -> None:
        if self._more and not self._fetching and event.cursor_row >= len(self._rows) - PREFETCH:
            self.run_worker(partial(self._load_more, self._generation), group="more")

    @on(DataTable.RowSelected, "#patients")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        from hra_tui.screens.patient_detail import PatientDetailScreen

        mrn = self._current_mrn()
        if mrn is not None:
            self.app.push_screen(PatientDetailScreen(mrn))

    def action_register(self) -> None:
        from hra_tui.screens.registration import RegistrationScreen

        self.app.push_screen(RegistrationScreen(), self._registered)

    def _registered(self, row: PatientRow | None) -> None:
        if row is not None:
            self.set_filter(row.mrn)
