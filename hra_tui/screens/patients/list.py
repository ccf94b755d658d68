"""Patients: the paged list (100,000 rows never sit in a widget), search, register, open a record.

The list holds pages of `PAGE` rows from `patient_list.search(limit, offset)`; the next page is
fetched when the cursor comes near the end. The count runs as its own query, so the first page
shows without waiting for it. A filter result that arrives after a newer filter is dropped.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from hra_tui.domain import Role
from hra_tui.screens.base import ListScreen
from hra_tui.screens.role_keys import needs
from hra_tui.services.plain_records import PatientRow
from hra_tui.services.times import short_local
from hra_tui.widgets.filter_bar import FilterBar

PAGE = 100
KEEP = 1000  # a reload refetches at most this many of the rows already scrolled through
PREFETCH = 20  # fetch the next page when the cursor is this close to the end


class PatientsScreen(ListScreen[PatientRow]):
    MODE = "patients"
    TITLE = "Patients"
    COLUMNS = (("MRN", 7), ("Name", 20), ("Age", 3), ("Sex", 3), ("Bed", 4), ("Doctor", 16),
               ("Admitted", 12))

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open record", id="patients-open"),
        Binding("n", "register", "Register", id="patients-register"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._total: int | None = None

    def record_key(self, record: PatientRow) -> str:
        return record.mrn

    @property
    def query_shown(self) -> str:
        """The filter whose results the table shows now."""
        return self.table.query

    async def reload(self) -> None:
        """Same filter, same rows loaded so far (up to `KEEP`), cursor kept on its patient."""
        loaded = len(self.table.records)
        keep = min(max(PAGE, loaded), KEEP) if self.filter_text == self.query_shown else PAGE
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
        async def fetch(limit: int, offset: int) -> list[PatientRow]:
            return await self.ward.patient_list.search(query, limit=limit, offset=offset)

        table = self.table
        if not await table.load(fetch, limit, page=PAGE, prefetch=PREFETCH, query=query,
                                loaded=self._update_status):
            return  # a newer filter has started; its rows win
        self._total = None if table.more else len(table.records)
        self._update_status()
        if table.more:
            self.run_worker(self._count(query), group="count", exclusive=True)

    async def _count(self, query: str) -> None:
        total = await self.ward.patient_list.count(query)
        if query == self.query_shown:
            self._total = total
            self._update_status()

    def cells(self, row: PatientRow) -> tuple[object, ...]:
        admitted = short_local(row.admitted_at, self.hra.now()) if row.admitted_at else ""
        return (row.mrn, row.name, row.age, row.gender, row.bed or "—", row.doctor or "",
                admitted)

    def _update_status(self) -> None:
        shown = len(self.table.records)
        total = f"{self._total:,}" if self._total is not None else "counting…"
        if not shown:
            text = "no patient matches" if self.query_shown else "no patients yet (n registers one)"
        else:
            text = f"{shown:,} of {total} shown"
        if self.query_shown:
            text += f"  ·  filter “{self.query_shown}”"
        self.set_status(text)

    @on(DataTable.RowSelected, "#patients")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        from hra_tui.screens.patients.record import PatientDetailScreen

        mrn = self.table.current_key
        if mrn is not None:
            self.app.push_screen(PatientDetailScreen(mrn))

    @needs(Role.CLERK, "register patients")
    def action_register(self) -> None:
        from hra_tui.screens.patients.registration import RegistrationScreen

        self.app.push_screen(RegistrationScreen(), self._registered)

    def _registered(self, row: PatientRow | None) -> None:
        if row is not None:
            self.set_filter(row.mrn)
