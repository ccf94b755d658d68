"""The planner's waiting list, opened from Planning: waiting care requests, most urgent first;
add one for a patient (found by name, phone or MRN), edit or cancel the highlighted one."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from hra_tui.screens import ward_actions
from hra_tui.screens.base import key_table
from hra_tui.screens.host import Host, host
from hra_tui.screens.planning.care_form import open_care_form
from hra_tui.screens.prompts import ConfirmScreen
from hra_tui.services.records import CareRow
from hra_tui.widgets.area_bar import AreaBar
from hra_tui.widgets.record_table import RecordTable

COLUMNS = (("No.", 4), ("Patient", 18), ("Urg", 3), ("Skill", 5), ("Min", 4),
           ("From", 16), ("Reason", 14))


class CareRequestsScreen(Screen[None]):
    TITLE = "Planning › Care requests"
    BINDINGS: ClassVar[list[BindingType]] = key_table("care", """
        escape  back    back    Back
        n       add     add     Add
        e       edit    edit    Edit
        x       cancel  cancel  Cancel request
    """)

    @property
    def hra(self) -> Host:
        return host(self.app)

    def compose(self) -> ComposeResult:
        yield Static(self.TITLE, id="title", classes="title", markup=False)
        yield RecordTable(self._cells, COLUMNS, id="care-table")
        yield AreaBar("planning")
        yield Footer(compact=True)

    @property
    def table(self) -> RecordTable[CareRow]:
        return self.query_one("#care-table", RecordTable)

    def _cells(self, row: CareRow) -> tuple[object, ...]:
        return (row.id, row.patient_name, row.urgency, row.skill_min, row.duration_min,
                row.earliest or "any", row.reason)

    def on_mount(self) -> None:
        self.table.focus()

    def on_screen_resume(self) -> None:
        self.run_worker(self.reload, group="care-load", exclusive=True)

    async def reload(self) -> None:
        rows = await self.hra.ward.care.list()
        self.table.show(rows)
        self.query_one("#title", Static).update(f"{self.TITLE}  ·  {len(rows)} waiting")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "cancel") and self.is_mounted:
            return self.table.current is not None
        return True

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    def action_back(self) -> None:
        self.dismiss()

    @work(group="care-dialog", exclusive=True)
    async def action_add(self) -> None:
        mrn = await ward_actions.ask_mrn(self.hra, "A care request for which patient?")
        if mrn is not None:
            who = (await self.hra.ward.patients.get(mrn)).patient.name
            await open_care_form(self.hra, mrn, who)

    @work(group="care-dialog", exclusive=True)
    async def action_edit(self) -> None:
        row = self.table.current
        if row is not None:
            await open_care_form(self.hra, row.patient_mrn, row.patient_name, row)

    @work(group="care-write", exclusive=True)
    async def action_cancel(self) -> None:
        row = self.table.current
        if row is not None and await self.app.push_screen_wait(ConfirmScreen(
                f"Cancel care request {row.id} for {row.patient_name} "
                f"({row.reason or 'no reason given'})? The planner no longer schedules it.")):
            await self.hra.attempt(self.hra.ward.care.cancel(row.id),
                                   lambda done: f"Care request {done.id} cancelled")
            await self.reload()
