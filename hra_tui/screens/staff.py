"""Doctors and staff: the list (active by default), add, edit, deactivate."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from hra_tui.screens.base import AreaScreen
from hra_tui.screens.prompts import ConfirmScreen
from hra_tui.services.records import StaffRow
from hra_tui.widgets.record_table import RecordTable

COLUMNS = (("Name", 18), ("Role", 12), ("Specialization", 16), ("Phone", 15), ("Skill", 5))


def _cells(row: StaffRow) -> tuple[object, ...]:
    name = row.name if row.active else f"{row.name} (inactive)"
    return name, row.role, row.specialization, row.phone, row.skill


class StaffScreen(AreaScreen):
    MODE = "staff"
    TITLE = "Doctors & staff"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "Add", id="staff-add"),
        Binding("e", "edit", "Edit", id="staff-edit"),
        Binding("x", "deactivate", "Deactivate", id="staff-deactivate"),
        Binding("v", "toggle_inactive", "Show inactive", id="staff-inactive"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.include_inactive = False

    def compose_body(self) -> ComposeResult:
        yield RecordTable(_cells, COLUMNS, id="staff")

    @property
    def table(self) -> RecordTable[StaffRow]:
        return self.query_one("#staff", RecordTable)

    @property
    def rows(self) -> list[StaffRow]:
        return self.table.records

    def focus_list(self) -> None:
        self.table.focus()

    def _current(self) -> StaffRow | None:
        return self.table.current

    async def reload(self) -> None:
        query = self.filter_text
        rows = await self.ward.staff.list(query, include_inactive=self.include_inactive)
        if query != self.filter_text:
            return
        self.table.show(rows)
        doctors = sum(1 for row in rows if row.role in ("doctor", "surgeon") and row.active)
        scope = "all, inactive too" if self.include_inactive else "active"
        status = f"{len(rows)} staff ({scope}), {doctors} doctors and surgeons"
        if query:
            status += f"  ·  filter “{query}”"
        self.set_status(status)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "deactivate") and self.is_mounted:
            row = self._current()
            return row is not None and (action == "edit" or row.active)
        return True

    @on(DataTable.RowHighlighted, "#staff")
    def _moved(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#staff")
    def _selected(self) -> None:
        self.action_edit()

    def action_add(self) -> None:
        from hra_tui.screens.staff_form import StaffFormScreen

        self.app.push_screen(StaffFormScreen())

    def action_edit(self) -> None:
        from hra_tui.screens.staff_form import StaffFormScreen

        row = self._current()
        if row is not None:
            self.app.push_screen(StaffFormScreen(row))

    @work(group="staff-write", exclusive=True)
    async def action_deactivate(self) -> None:
        row = self._current()
        if row is None:
            return
        if await self.app.push_screen_wait(ConfirmScreen(
                f"Deactivate {row.name} ({row.role})? They stay in the records but are no "
                "longer offered for beds, appointments or plans.")):
            await self.hra.attempt(self.ward.staff.deactivate(row.id),
                                   lambda done: f"{done.name} deactivated")

    def action_toggle_inactive(self) -> None:
        self.include_inactive = not self.include_inactive
        self.action_reload()
