"""Plain frozen records the services hand to the console and the CLI (never database rows).

Times are timezone-aware UTC datetimes; money is integer cents. Who acts, a patient row and a
bed cell are in `quick_records`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from hra_tui.fields import (
    CARE_COST,
    CARE_MINUTES,
    CARE_SKILL,
    COST_PER_SLOT,
    MAX_SLOTS,
    OVERTIME_COST,
    SKILL,
    URGENCY,
)
from hra_tui.services.quick_records import Actor, PatientRow


class UserRow(Actor):
    """A user account: the actor, whether it may still act, and since when it exists."""

    __slots__ = ("active", "created_at")
    active: bool
    created_at: datetime

    def __init__(self, name: str, role: str, active: bool, created_at: datetime) -> None:
        super().__init__(name, role)
        self._set(active=active, created_at=created_at)



@dataclass(frozen=True)
class AppointmentRow:
    """One appointment, with the patient's and the doctor's names."""

    id: int
    starts_at: datetime
    duration_min: int
    patient_mrn: str
    patient_name: str
    doctor_id: int
    doctor_name: str
    status: str


@dataclass(frozen=True)
class BillingRow:
    """One bill; `paid_at` is set exactly when the status is paid."""

    id: int
    patient_mrn: str
    patient_name: str
    amount_cents: int
    description: str
    status: str
    created_at: datetime
    paid_at: datetime | None


@dataclass(frozen=True)
class PatientDetail:
    """A patient's page: the patient, the current prescription, their visits and bills."""

    patient: PatientRow
    prescription: str
    appointments: list[AppointmentRow] = field(default_factory=list)
    invoices: list[BillingRow] = field(default_factory=list)
    reserved_bed: str | None = None  # a bed reserved for the patient (expired or not)
    reserved_until: datetime | None = None
    planned: PlannedAdmission | None = None  # by the admissions plan in force


@dataclass(frozen=True)
class PlannedAdmission:
    """Where and when the admissions plan in force brings a patient in, and their surgery."""

    arrives: datetime  # the morning of the admission day
    nights: int
    bed: str
    room: str
    theatre: str | None
    surgeon: str | None
    minutes: int


@dataclass(frozen=True)
class PatientForm:
    """The seed's patient form: who the patient is, and optionally bed, visit and bill."""

    name: str
    address: str
    age: int
    gender: str
    phone: str
    doctor_id: int | None = None
    bed_label: str | None = None
    prescription: str = ""
    appointment_at: datetime | None = None
    amount_cents: int | None = None
    urgency: int = URGENCY.default  # type: ignore[assignment]
    paid: bool = False  # the registration charge was paid at the desk


@dataclass(frozen=True)
class StaffForm:
    """What the staff form submits, for a new member or an edited one."""

    name: str
    role: str
    specialization: str = ""
    phone: str = ""
    skill: int = SKILL.default  # type: ignore[assignment]
    max_slots: int = MAX_SLOTS.default  # type: ignore[assignment]
    cost_per_slot: int = COST_PER_SLOT.default  # type: ignore[assignment]
    overtime_cost: int = OVERTIME_COST.default  # type: ignore[assignment]


@dataclass(frozen=True, kw_only=True)
class StaffRow(StaffForm):
    """A staff member as listed: what the staff form holds (the paper's H, W and O per slot
    among it), with the record's id and whether the member is still active."""

    id: int
    active: bool


@dataclass(frozen=True)
class PatientDetails:
    """Who a registered patient is: what the record's edit form changes."""

    name: str
    address: str
    age: int
    gender: str
    phone: str
    urgency: int = 5


@dataclass(frozen=True)
class StaffLoad:
    """What depends on one doctor: the patients admitted under them and their booked visits."""

    patients: list[PatientRow] = field(default_factory=list)
    visits: list[AppointmentRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.patients and not self.visits




@dataclass(frozen=True)
class QueuedMoveRow:
    """One move in the queue: an admission or a transfer of a patient to a ward (and, once
    approved, a bed), its status and who took each step when. `from_bed` is the bed a
    transfer leaves (the patient's bed now, or the one left when it was carried out)."""

    id: int
    kind: str
    status: str
    mrn: str
    patient: str
    ward: str
    bed: str | None
    from_bed: str | None
    note: str
    source: str
    requested_by: str
    requested_at: datetime
    approved_by: str | None = None
    approved_at: datetime | None = None
    done_by: str | None = None
    done_at: datetime | None = None
    cancelled_by: str | None = None
    cancelled_at: datetime | None = None


@dataclass(frozen=True)
class AuditRow:
    """One row of the audit log: who did what to which record, when."""

    at: datetime
    user: str
    action: str
    entity: str
    entity_id: int | None
    detail: str


@dataclass(frozen=True)
class ImportResult:
    """A finished CSV import: rows that added a record, rows that changed the record of their
    key, and rows that matched their record already."""

    rows: int
    changed: int = 0
    unchanged: int = 0

    def line(self, what: str) -> str:
        """'3 patients added, 2 changed, 56 unchanged'."""
        return f"{self.rows:,} {what} added, {self.changed:,} changed, {self.unchanged:,} unchanged"


@dataclass(frozen=True)
class ExportResult:
    """A finished CSV export: how many rows the file written holds, and where it is."""

    rows: int
    path: Path


@dataclass(frozen=True)
class DutyShift:
    """One rostered shift and who works it ("Ana Silva (nurse)"), for the bed board."""

    label: str
    starts_at: datetime
    ends_at: datetime
    running: bool  # False: the next shift, none is running now
    staff: list[str]


@dataclass(frozen=True)
class WardRow:
    """A ward as listed: whether it takes patients, how many beds it has and how many are
    occupied (an occupied ward cannot be deactivated)."""

    id: int
    name: str
    active: bool
    beds: int
    occupied: int


@dataclass(frozen=True)
class BedForm:
    """What the bed form submits, for a new bed or an edited one: its label, its ward (by
    name), its type and the room it stands in ("" = none)."""

    label: str
    ward: str
    type: str = "general"
    room: str = ""


@dataclass(frozen=True, kw_only=True)
class BedRow(BedForm):
    """A bed as its edit form opens: the form's fields, its status and who lies in it now."""

    id: int
    status: str
    occupant: str | None  # "Jane Doe (P000001)" while someone is in the bed


@dataclass(frozen=True)
class CareForm:
    """What the care request form submits: how urgent, who may serve it, what it costs, how
    long it takes, why, and when (slot ids; None = any)."""

    urgency: int = URGENCY.default  # type: ignore[assignment]
    skill_min: int = CARE_SKILL.default  # type: ignore[assignment]
    care_cost: int = CARE_COST.default  # type: ignore[assignment]
    duration_min: int = CARE_MINUTES.default  # type: ignore[assignment]
    reason: str = ""
    resource_id: int | None = None
    earliest_slot_id: int | None = None
    must_serve: bool = False
    due_slot_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class CareRow(CareForm):
    """A care request as listed: the form's fields, the patient, its status and the names of
    its resource and slots."""

    id: int
    patient_mrn: str
    patient_name: str
    status: str
    resource: str | None
    earliest: str | None
    due: str | None


@dataclass(frozen=True)
class Choice:
    """One record a form offers to choose (a slot, a resource): its id and how it reads."""

    id: int
    label: str


@dataclass(frozen=True)
class PairRow:
    """Two staff members' interaction (ids in order, a < b) and the weight the planner uses."""

    staff_a: int
    name_a: str
    staff_b: int
    name_b: str
    weight: int


@dataclass(frozen=True)
class EventForm:
    """What the absence and closure forms submit: from when to when (aware UTC), and why."""

    starts_at: datetime
    ends_at: datetime
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class EventRow(EventForm):
    """A staff absence or a resource closure as listed: who or what (`subject_id` is the
    staff member's or the resource's id, `subject` its name, `kind` the staff role or the
    resource kind), its status, who entered it and when, and who cancelled it."""

    id: int
    subject_id: int
    subject: str
    kind: str
    status: str
    entered_by: str
    entered_at: datetime
    cancelled_by: str | None = None
    cancelled_at: datetime | None = None
