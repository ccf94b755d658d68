"""Doctors and staff: the list (active by default), add, edit, deactivate, reactivate, `w`
the pairs who work well or badly together, `t` marks the highlighted member absent and `l`
lists the absences.

Deactivating a doctor who still has admitted patients or booked visits names them and asks
which active doctor takes them over (esc keeps everything as it is)."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.binding import BindingType
from textual.widgets import DataTable

from hra_tui.domain import DOCTOR_ROLES, Role
from hra_tui.screens.base import ListScreen, key_table
from hra_tui.screens.prompts import ChooseScreen
from hra_tui.screens.role_keys import needs
from hra_tui.services.plain_records import StaffLoad, StaffRow


class StaffScreen(ListScreen[StaffRow]):
    MODE = "staff"
    TITLE = "Doctors & staff"
    COLUMNS = (("Name", 18), ("Role", 12), ("Specialization", 16), ("Phone", 15), ("Skill", 5))

    BINDINGS: ClassVar[list[BindingType]] = key_table("staff", """
        n  add              add         Add
        e  edit             edit        Edit
        x  deactivate       deactivate  Deactivate
        o  reactivate       reactivate  Reactivate
        v  toggle_inactive  inactive    Show inactive
        w  pairs            pairs       Pairs
        (t)  absent         absent      Absent
        (l)  absences       absences    Absences
    """)

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

    def offers(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "deactivate", "reactivate", "absent") and self.is_mounted:
            row = self.current
            if row is None:
                return False
            return {"edit": True, "deactivate": row.active, "reactivate": not row.active,
                    "absent": row.active}[action]
        return super().offers(action, parameters)

    @on(DataTable.RowHighlighted, "#staff")
    def _moved(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#staff")
    def _selected(self) -> None:
        self.action_edit()

    @needs(Role.ADMIN, "add staff")
    def action_add(self) -> None:
        from hra_tui.screens.staff.form import StaffFormScreen

        self.app.push_screen(StaffFormScreen())

    @needs(Role.ADMIN, "edit staff")
    def action_edit(self) -> None:
        from hra_tui.screens.staff.form import StaffFormScreen

        row = self.current
        if row is not None:
            self.app.push_screen(StaffFormScreen(row))

    @needs(Role.ADMIN, "deactivate staff")
    @work(group="staff-write", exclusive=True)
    async def action_deactivate(self) -> None:
        row = self.current
        if row is None:
            return
        load = await self.ward.staff.workload(row.id)
        if not load.empty:
            await self._hand_over(row, load)
            return
        await self.confirmed_write_current(
            lambda row: f"Deactivate {row.name} ({row.role})? They stay in the records but are "
                        "no longer offered for beds, appointments or plans.",
            lambda row: self.ward.staff.deactivate(row.id),
            lambda done: f"{done.name} deactivated")

    async def _hand_over(self, row: StaffRow, load: StaffLoad) -> None:
        """Name what depends on the doctor; deactivate once another doctor takes it over."""
        others = [d for d in await self.ward.staff.doctors() if d.id != row.id]
        patients = ", ".join(p.name for p in load.patients[:3]) + (
            ", …" if len(load.patients) > 3 else "")
        said = [f"{len(load.patients)} admitted patient(s)" + (f" ({patients})" if patients
                                                                 else ""),
                f"{len(load.visits)} booked visit(s)"]
        question = (f"{row.name} still has {' and '.join(said)}. Who takes them over? "
                    f"(esc: keep {row.name} active)")
        chosen = await self.app.push_screen_wait(ChooseScreen(
            question, [(str(d.id), f"{d.name} · {d.specialization or d.role}") for d in others],
            empty="No other active doctor"))
        if chosen is None:
            return
        await self.hra.attempt(
            self.ward.staff.deactivate(row.id, reassign_to=int(chosen)),
            lambda done: f"{done.name} deactivated; patients and visits moved to "
                         f"{next(d.name for d in others if str(d.id) == chosen)}")

    @needs(Role.ADMIN, "reactivate staff")
    @work(group="staff-write", exclusive=True)
    async def action_reactivate(self) -> None:
        await self.confirmed_write_current(
            lambda row: f"Reactivate {row.name} ({row.role})? They are offered again for beds, "
                        "appointments and plans.",
            lambda row: self.ward.staff.reactivate(row.id),
            lambda done: f"{done.name} reactivated")

    def action_pairs(self) -> None:
        from hra_tui.screens.staff.pairs import PairsScreen

        row = self.current
        self.app.push_screen(PairsScreen(row.id if row is not None and row.active else None))

    @needs(Role.CLERK, "enter staff absences")
    @work(group="staff-dialog", exclusive=True)
    async def action_absent(self) -> None:
        from hra_tui.screens.staff.absences import AbsenceFormScreen

        row = self.current
        if row is not None and row.active:
            await AbsenceFormScreen.open(self.hra, row.id)

    def action_absences(self) -> None:
        from hra_tui.screens.staff.absences import AbsencesScreen

        self.app.push_screen(AbsencesScreen())

    def action_toggle_inactive(self) -> None:
        self.include_inactive = not self.include_inactive
        self.action_reload()
