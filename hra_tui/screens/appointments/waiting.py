"""The appointments' waiting list, opened from Appointments with `l`: everyone waiting for a
visit, first to be offered a freed slot first (highest priority, then longest waiting). `n`
puts a patient on it for a doctor or for any doctor of a specialty, `x` takes the highlighted
one off; esc goes back. A cancelled visit's slot is offered from the appointments list."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.binding import BindingType

from hra_tui.domain import Role
from hra_tui.fields import PRIORITY
from hra_tui.screens import ward_actions
from hra_tui.screens.base import key_table
from hra_tui.screens.prompts import AskScreen, ChooseScreen, ConfirmScreen
from hra_tui.screens.role_keys import needs
from hra_tui.screens.sublist import SubListScreen
from hra_tui.services.errors import Invalid
from hra_tui.services.records.waiting import WaitingRow, parse_priority
from hra_tui.services.times import short_local

COLUMNS = (("No.", 4), ("Patient", None), ("Waits for", 20), ("Pri", 3), ("Since", 12),
           ("Note", 12))


def _priority_problem(text: str) -> str | None:
    try:
        parse_priority(text)
    except Invalid as exc:
        return str(exc)
    return None


class WaitingListScreen(SubListScreen[WaitingRow]):
    TITLE = "Appointments › Waiting list"
    AREA = "appointments"
    COLUMNS = COLUMNS
    ROW_ACTIONS = ("remove",)
    BINDINGS: ClassVar[list[BindingType]] = key_table("waiting", """
        escape  back    back    Back
        n       add     add     Add
        x       remove  remove  Take off
    """)

    def cells(self, row: WaitingRow) -> tuple[object, ...]:
        wants = row.doctor_name or f"any {row.specialty}"
        return (row.id, f"{row.patient_mrn} {row.patient_name}", wants, row.priority,
                short_local(row.since), row.note)

    async def fetch(self) -> list[WaitingRow]:
        return await self.hra.ward.waiting.waiting()

    def count_text(self, rows: list[WaitingRow]) -> str:
        return f"{len(rows)} waiting"

    def action_edit(self) -> None:
        """Enter on a row: a place has nothing to edit (take it off and add it again)."""

    @needs(Role.CLERK, "put patients on the waiting list")
    @work(group="waiting-dialog", exclusive=True)
    async def action_add(self) -> None:
        mrn = await ward_actions.ask_mrn(self.hra, "Who waits for a visit?")
        if mrn is None:
            return
        doctors = await self.hra.ward.staff.doctors()
        specialties = sorted({d.specialization.strip() for d in doctors
                              if d.specialization.strip()}, key=str.lower)
        wanted = await self.app.push_screen_wait(ChooseScreen(
            "Waiting for which doctor, or any doctor of which specialty?",
            [*((f"s:{s}", f"Any {s} doctor") for s in specialties),
             *((f"d:{d.id}", f"Dr {d.name} · {d.specialization or d.role}") for d in doctors)],
            empty="No active doctor"))
        if wanted is None:
            return
        priority = await self.app.push_screen_wait(AskScreen(
            f"Priority ({PRIORITY.span}, higher is offered a slot first)?",
            value=str(PRIORITY.default), check=_priority_problem))
        if priority is None:
            return
        kind, _, value = wanted.partition(":")
        doctor_id, specialty = (int(value), "") if kind == "d" else (None, value)
        await self.hra.attempt(
            self.hra.ward.waiting.add(mrn, doctor_id, specialty, priority),
            lambda row: f"{row.patient_name} waits for {row.wants}, priority {row.priority}")
        await self.reload()

    @needs(Role.CLERK, "take patients off the waiting list")
    @work(group="waiting-write", exclusive=True)
    async def action_remove(self) -> None:
        row = self.table.current
        if row is not None and await self.app.push_screen_wait(ConfirmScreen(
                f"Take {row.patient_name} off the waiting list for {row.wants}?")):
            await self.hra.attempt(self.hra.ward.waiting.remove(row.id),
                                   lambda done: f"{done.patient_name} no longer waits for "
                                                f"{done.wants}")
            await self.reload()
