"""The ward's tables. Integrity lives here, in SQLite: foreign keys, CHECKs, partial uniques.

Vocabulary follows the seed desk application (doctors, patients, patient_details = admission,
appointments, billing, beds) plus what planning and safety need (staff roles, wards, resources,
slots, plans, audit, users).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from db.time_codec import utcnow
from db.types import checks, one_of, timestamp
from hra_tui.domain import AppointmentStatus, BedStatus, BedType, InvoiceStatus, Role, StaffRole
from hra_tui.fields import (
    AGE,
    BOOKED_MINUTES,
    COST_PER_SLOT,
    DURATION,
    GENDER,
    MAX_AMOUNT_CENTS,
    MAX_SLOTS,
    OVERTIME_COST,
    SKILL,
    URGENCY,
)


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = checks("users", role=one_of("role", Role))

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, min_length=1)
    role: str = Field(default=Role.CLERK.value)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class UserKey(SQLModel, table=True):
    """An SSH public key that proves who a `hra serve` connection is; revoked, it stops."""

    __tablename__ = "user_keys"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    fingerprint: str = Field(unique=True, min_length=1)
    public_key: str = Field(min_length=1)
    added_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    revoked_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


class Ward(SQLModel, table=True):
    __tablename__ = "wards"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    active: bool = True


class Bed(SQLModel, table=True):
    __tablename__ = "beds"
    __table_args__ = checks("beds", type=one_of("type", BedType),
                            status=one_of("status", BedStatus))

    id: int | None = Field(default=None, primary_key=True)
    ward_id: int = Field(foreign_key="wards.id", index=True)
    label: str = Field(unique=True)
    type: str = Field(default=BedType.GENERAL.value)
    status: str = Field(default=BedStatus.FREE.value, index=True)
    status_since: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    note: str = ""
    active: bool = True
    # The room the bed stands in (IHTC-2024 plans admissions to rooms): a room's beds are the
    # beds of one ward sharing this code; "" = not grouped into a room.
    room: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Staff(SQLModel, table=True):
    """Doctors and the paper's other clinical staff; doctors are staff with role 'doctor'."""

    __tablename__ = "staff"
    __table_args__ = checks(
        "staff", role=one_of("role", StaffRole), skill=SKILL.between("skill"),
        max_slots=MAX_SLOTS.between("max_slots"), cost=COST_PER_SLOT.at_least("cost_per_slot"),
        overtime_cost=OVERTIME_COST.at_least("overtime_cost"))

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    role: str = Field(default=StaffRole.DOCTOR.value, index=True)
    specialization: str = ""
    phone: str = ""
    skill: int = SKILL.default
    max_slots: int = MAX_SLOTS.default  # the paper's H_i: the most slots one may work
    cost_per_slot: int = COST_PER_SLOT.default  # W_i
    overtime_cost: int = OVERTIME_COST.default  # O_i
    active: bool = True


class Patient(SQLModel, table=True):
    __tablename__ = "patients"
    __table_args__ = (
        *checks("patients", age=AGE.between("age"), gender=GENDER.among("gender"),
                urgency=URGENCY.between("urgency")),
        # Phone search scans this (LIKE '%digits%' or an MRN suffix) instead of the table.
        Index("ix_patients_phone_search", "phone_digits", "mrn", "active"),
    )

    id: int | None = Field(default=None, primary_key=True)
    mrn: str = Field(unique=True)  # medical record number, what clerks type
    name: str = Field(index=True)
    age: int
    gender: str
    phone: str = ""
    # The phone's digits alone ("+44 113 496 0123" -> "441134960123"), so a search for
    # "496 0123" or "4960123" is one LIKE on a plain column; kept by every writer (phone_digits).
    phone_digits: str = Field(default="", sa_column_kwargs={"server_default": ""})
    address: str = ""
    urgency: int = URGENCY.default  # the paper's U_p: higher is more urgent
    registered_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    active: bool = True


class Admission(SQLModel, table=True):
    """The seed's patient_details: a patient in a bed under a doctor, with a regimen.

    One active admission per bed and per patient is enforced by partial unique indexes.
    """

    __tablename__ = "admissions"
    __table_args__ = (
        Index("uq_admissions_active_bed", "bed_id", unique=True,
              sqlite_where=text("discharged_at IS NULL"),
              postgresql_where=text("discharged_at IS NULL")),
        Index("uq_admissions_active_patient", "patient_id", unique=True,
              sqlite_where=text("discharged_at IS NULL"),
              postgresql_where=text("discharged_at IS NULL")),
        *checks("admissions", order="discharged_at IS NULL OR discharged_at >= admitted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patients.id", index=True)
    bed_id: int = Field(foreign_key="beds.id", index=True)
    doctor_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    prescription: str = ""
    admitted_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    discharged_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


class Appointment(SQLModel, table=True):
    __tablename__ = "appointments"
    __table_args__ = (
        *checks("appointments", status=one_of("status", AppointmentStatus),
                duration=DURATION.between("duration_min")),
        Index("uq_appointments_doctor_slot", "doctor_id", "starts_at", unique=True,
              sqlite_where=text("status != 'cancelled'"),
              postgresql_where=text("status != 'cancelled'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patients.id", index=True)
    doctor_id: int = Field(foreign_key="staff.id", index=True)
    starts_at: datetime = Field(sa_column=timestamp(index=True))
    duration_min: int = BOOKED_MINUTES
    status: str = Field(default=AppointmentStatus.BOOKED.value)
    note: str = ""


class Invoice(SQLModel, table=True):
    """The seed's billing row; money in cents so sums are exact."""

    __tablename__ = "billing"
    __table_args__ = checks(
        "billing", amount=f"amount_cents >= 0 AND amount_cents <= {MAX_AMOUNT_CENTS}",
        status=one_of("status", InvoiceStatus), paid_at="(status = 'paid') = (paid_at IS NOT NULL)")

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patients.id", index=True)
    amount_cents: int
    description: str = ""
    status: str = Field(default=InvoiceStatus.UNPAID.value, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    paid_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


class Resource(SQLModel, table=True):
    """The paper's resources: operating rooms, imaging, ventilators; cost is D per slot."""

    __tablename__ = "resources"
    __table_args__ = checks("resources", cost="cost_per_slot >= 0")

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    kind: str = ""
    cost_per_slot: int = 5
    active: bool = True


class TimeSlot(SQLModel, table=True):
    """One slot (shift) of the planning horizon, with its staff demand (D_t) and skill floor."""

    __tablename__ = "time_slots"
    __table_args__ = checks("time_slots", order="ends_at > starts_at", demand="demand >= 0",
                            skill_min="skill_min BETWEEN 0 AND 50")

    id: int | None = Field(default=None, primary_key=True)
    label: str = ""
    starts_at: datetime = Field(sa_column=timestamp(unique=True))
    ends_at: datetime = Field(sa_column=timestamp())
    demand: int = 2
    skill_min: int = 0


class AuditEntry(SQLModel, table=True):
    """Who did what, when: one row per write, in the same transaction as the write."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    user: str
    action: str = Field(index=True)
    entity: str
    entity_id: int | None = None
    detail: str = ""
import db.event_models  # noqa: E402, F401  (absences and closures, on the same metadata)
import db.history_models  # noqa: E402, F401  (the wards' daily history, likewise)
import db.ihtc_models  # noqa: E402, F401  (the admissions planner's tables, likewise)
import db.move_models  # noqa: E402, F401  (the queue of pending moves, likewise)
import db.plan_models  # noqa: E402, F401  (the planner's tables, on the same metadata)
import db.waiting_models  # noqa: E402, F401  (the appointments' waiting list, likewise)
