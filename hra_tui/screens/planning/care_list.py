"""The planner's waiting list, opened from Planning: waiting care requests, most urgent first;
add one for a patient (found by name, phone or MRN), edit or cancel the highlighted one."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.binding import BindingType

from hra_tui.domain import Role
from hra_tui.screens import ward_actions
from hra_tui.screens.base import key_table
from hra_tui.screens.planning.care_form import open_care_form
from hra_tui.screens.prompts import ConfirmScreen
from hra_tui.screens.role_keys import needs
from hra_tui.screens.sublist import SubListScreen
from hra_tui.services.plain_records import CareRow

COLUMNS = (("No.", 4), ("Patient", 18), ("Urg", 3), ("Skill", 5), ("Min", 4),
           ("From", 16), ("Reason", 14))


class CareRequestsScreen(SubListScreen[CareRow]):
    TITLE = "Planning › Care requests"
    AREA = "planning"
    COLUMNS = COLUMNS
    ROW_ACTIONS = ("edit", "cancel")
    BINDINGS: ClassVar[list[BindingType]] = key_table("care", """
        escape  back    back    Back
        n       add     add     Add
        e       edit    edit    Edit
        x       cancel  cancel  Cancel request
    """)

    def cells(self, row: CareRow) -> tuple[object, ...]:
        return (row.id, row.patient_name, row.urgency, row.skill_min, row.duration_min,
                row.earliest or "any", row.reason)

    async def fetch(self) -> list[CareRow]:
        return await self.hra.ward.care.list()

    def count_text(self, rows: list[CareRow]) -> str:
        return f"{len(rows)} waiting"

    @needs(Role.CLERK, "add care requests")
    @work(group="care-dialog", exclusive=True)
    async def action_add(self) -> None:
        mrn = await ward_actions.ask_mrn(self.hra, "A care request for which patient?")
        if mrn is not None:
            who = (await self.hra.ward.patients.get(mrn)).patient.name
            await open_care_form(self.hra, mrn, who)

    @needs(Role.CLERK, "edit care requests")
    @work(group="care-dialog", exclusive=True)
    async def action_edit(self) -> None:
        row = self.table.current
        if row is not None:
            await open_care_form(self.hra, row.patient_mrn, row.patient_name, row)

    @needs(Role.CLERK, "cancel care requests")
    @work(group="care-write", exclusive=True)
    async def action_cancel(self) -> None:
        row = self.table.current
        if row is not None and await self.app.push_screen_wait(ConfirmScreen(
                f"Cancel care request {row.id} for {row.patient_name} "
                f"({row.reason or 'no reason given'})? The planner no longer schedules it.")):
            await self.hra.attempt(self.hra.ward.care.cancel(row.id),
                                   lambda done: f"Care request {done.id} cancelled")
            await self.reload()
