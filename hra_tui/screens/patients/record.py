"""One patient's record: who, where (bed, doctor, prescription), appointments and invoices.

Opened from the patient list with enter; esc goes back. `e` edits who the patient is; admit,
transfer and discharge work here on this patient, with the same dialogs as the bed board; `w`
puts the patient on the planner's waiting list (a care request).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from hra_tui.domain import AppointmentStatus, Role
from hra_tui.formatting import counted
from hra_tui.screens import ward_actions
from hra_tui.screens.base import key_table
from hra_tui.screens.host import Host, host
from hra_tui.screens.role_keys import RoleKeysScreen, needs
from hra_tui.services.errors import Refused
from hra_tui.services.plain_records import PatientDetail, PlannedAdmission
from hra_tui.services.records.billing import money
from hra_tui.services.times import short_local
from hra_tui.widgets.area_bar import AreaBar
from hra_tui.widgets.key_footer import KeyFooter
from hra_tui.widgets.plain import plain


class PatientDetailScreen(RoleKeysScreen):
    CSS_PATH = Path(__file__).with_name("record.tcss")
    BINDINGS: ClassVar[list[BindingType]] = key_table("record", """
        escape  back       back       Back
        e       edit       edit       Edit
        m       admit      admit      Admit
        t       transfer   transfer   Transfer
        x       discharge  discharge  Discharge
        w       care       care       Care request
        (r)     reload     reload     Reload
    """)

    def __init__(self, mrn: str) -> None:
        super().__init__()
        self.mrn = mrn
        self.detail: PatientDetail | None = None
        self.TITLE = f"Patient {mrn}"

    @property
    def hra(self) -> Host:
        return host(self.app)

    def compose(self) -> ComposeResult:
        yield Static(f"Patients › {self.mrn}", classes="title", id="title", markup=False)
        with VerticalScroll(id="record"):
            yield Static("", id="record-facts")
            yield Static("Appointments", classes="section")
            yield DataTable(id="record-appointments", cursor_type="row", show_cursor=False)
            yield Static("Invoices", classes="section")
            yield DataTable(id="record-invoices", cursor_type="row", show_cursor=False)
        yield AreaBar("patients")
        yield KeyFooter()

    def offers(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only offer what fits the patient: admit when not in a bed, the others when in one."""
        if self.detail is None or action not in ("admit", "transfer", "discharge"):
            return True
        in_bed = self.detail.patient.bed is not None
        return in_bed if action in ("transfer", "discharge") else not in_bed

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.run_worker(self._load, group="record", exclusive=True)

    async def _load(self) -> None:
        try:
            detail = await self.hra.ward.patients.get(self.mrn)
        except Refused as exc:
            self.hra.show_failure(exc)
            self.dismiss()
            return
        self.detail = detail
        self._show(detail)
        self.refresh_bindings()

    def _show(self, detail: PatientDetail) -> None:
        now = self.hra.now()
        p = detail.patient
        self.query_one("#title", Static).update(Text(f"Patients › {p.mrn}  {p.name}"))
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="bold", no_wrap=True)
        facts.add_column()
        facts.add_row("Name", Text(f"{p.name}   ({p.gender}, {p.age} y, urgency {p.urgency})"))
        facts.add_row("Phone", Text(p.phone or "—"))
        facts.add_row("Address", Text(p.address or "—"))
        if p.bed:
            since = short_local(p.admitted_at, now) if p.admitted_at else "?"
            facts.add_row("Bed", Text(f"{p.bed}  {p.ward or ''}  since {since}"))
            facts.add_row("Doctor", Text(p.doctor or "—"))
            facts.add_row("Prescription", Text(detail.prescription or "—"))
        else:
            facts.add_row("Bed", "not admitted")
        if detail.reserved_bed and detail.reserved_until:
            gone = " (expired)" if now >= detail.reserved_until else ""
            facts.add_row("Reserved", Text(f"bed {detail.reserved_bed} until "
                                           f"{short_local(detail.reserved_until, now)}{gone}"))
        if detail.planned is not None:
            facts.add_row("Planned", Text(planned_words(detail.planned)))
        self.query_one("#record-facts", Static).update(facts)

        visits = self.query_one("#record-appointments", DataTable)
        visits.clear(columns=True)
        visits.add_columns("When", "Doctor", "Min", "Status")
        for row in detail.appointments:
            visits.add_row(*plain(short_local(row.starts_at, now), row.doctor_name,
                                  row.duration_min, AppointmentStatus(row.status).word))
        if not detail.appointments:
            visits.add_row("none", "", "", "")

        bills = self.query_one("#record-invoices", DataTable)
        bills.clear(columns=True)
        bills.add_columns("No.", "Amount", "Status", "Description", "Created")
        for row in detail.invoices:
            bills.add_row(*plain(row.id, money(row.amount_cents), row.status.upper(),
                                 row.description, short_local(row.created_at, now)))
        if not detail.invoices:
            bills.add_row("none", "", "", "", "")

    def action_back(self) -> None:
        self.dismiss()

    @needs(Role.CLERK, "edit patients")
    def action_edit(self) -> None:
        from hra_tui.screens.patients.edit import PatientEditScreen

        if self.detail is not None:
            self.app.push_screen(PatientEditScreen(self.detail.patient))

    @needs(Role.CLERK, "add care requests")
    @work(group="record-dialog", exclusive=True)
    async def action_care(self) -> None:
        from hra_tui.screens.planning.care_form import open_care_form

        if self.detail is not None:
            await open_care_form(self.hra, self.mrn, self.detail.patient.name)

    @needs(Role.CLERK, "admit patients")
    @work(group="record-write", exclusive=True)
    async def action_admit(self) -> None:
        await ward_actions.admit(self.hra, mrn=self.mrn)
        self.action_reload()

    @needs(Role.CLERK, "transfer patients")
    @work(group="record-write", exclusive=True)
    async def action_transfer(self) -> None:
        await ward_actions.transfer(self.hra, self.mrn,
                                    self.detail.patient.name if self.detail else None)
        self.action_reload()

    @needs(Role.CLERK, "discharge patients")
    @work(group="record-write", exclusive=True)
    async def action_discharge(self) -> None:
        who = self.detail.patient.name if self.detail else self.mrn
        await ward_actions.discharge(self.hra, self.mrn, who)
        self.action_reload()


def planned_words(plan: PlannedAdmission) -> str:
    """'Wed 03 Dec for 3 nights, bed 4C (room S2); surgery in Operating room 1 with Claire
    Santos, 120 min'."""
    room = f" (room {plan.room})" if plan.room else ""
    text = (f"{plan.arrives.astimezone():%a %d %b} for {counted(plan.nights, 'night')}, "
            f"bed {plan.bed}{room}")
    if plan.theatre:
        text += f"; surgery in {plan.theatre} with {plan.surgeon}, {plan.minutes} min"
    return text
