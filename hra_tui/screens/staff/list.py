"""Doctors and staff: the list (active by default), add, edit, deactivate."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from hra_tui.domain import DOCTOR_ROLES
from hra_tui.screens.base import ListScreen
from hra_tui.services.records import StaffRow


class StaffScreen(ListScreen[StaffRow]):
    MODE = "staff"
    TITLE = "Doctors & staff"
    COLUMNS = (("Name", 18), ("Role", 12), ("Specialization", 16), ("Phone", 15), ("Skill", 5))

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "Add", id="staff-add"),
        Binding("e", "edit", "Edit", id="staff-edit"),
        Binding("x", "deactivate", "Deactivate", id="staff-deactivate"),
        Binding("v", "toggle_inactive", "Show inactive", id="staff-inactive"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.include_inactive = False

    def cells(self, row: StaffRow) -> tuple[object, ...]:
        name = row.name if row.active else f"{row.name} (inactive)"
        return name, row.role, row.specialization, row.phone, row.skill

    async def reload(self) -> None:
        query = self.filter_text
        rows = await self.ward.staff.list(query, include_inactive=self.include_inactive)
        if query != self.filter_text:
            return
        self.table.show(rows)
        doctors = sum(1 for row in rows if row.role in DOCTOR_ROLES and row.active)
        scope = "all, inactive too" if self.include_inactive else "active"
        status = f"{len(rows)} staff ({scope}), {doctors} doctors and surgeons"
        if query:
            status += f"  ·  filter “{query}”"
        self.set_status(status)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "deactivate") and self.is_mounted:
            row = self.current
            return row is not None and (action == "edit" or row.active)
        return True

    @on(DataTable.RowHighlighted, "#staff")
    def _moved(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#staff")
    def _selected(self) -> None:
        self.action_edit()

    def action_add(self) -> None:
        from hra_tui.screens.staff.form import StaffFormScreen

        self.app.push_screen(StaffFormScreen())

    def action_edit(self) -> None:
        from hra_tui.screens.staff.form import StaffFormScreen

        row = self.current
        if row is not None:
            self.app.push_screen(StaffFormScreen(row))

    @work(group="staff-write", exclusive=True)
    async def action_deactivate(self) -> None:
        await self.confirmed_write_current(
            lambda row: f"Deactivate {row.name} ({row.role})? They stay in the records but are "
                        "no longer offered for beds, appointments or plans.",
            lambda row: self.ward.staff.deactivate(row.id),
            lambda done: f"{done.name} deactivated")

    def action_toggle_inactive(self) -> None:
        self.include_inactive = not self.include_inactive
        self.action_reload()
