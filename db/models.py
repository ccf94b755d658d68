"""The ward's tables. Integrity lives here, in SQLite: foreign keys, CHECKs, partial uniques.

Vocabulary follows the seed desk application (doctors, patients, patient_details = admission,
appointments, billing, beds) plus what planning and safety need (staff roles, wards, resources,
slots, plans, audit, users).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, text
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime, utcnow


class Role(StrEnum):
    VIEWER = "viewer"
    CLERK = "clerk"
    ADMIN = "admin"


class StaffRole(StrEnum):
    DOCTOR = "doctor"
    NURSE = "nurse"
    SURGEON = "surgeon"
    PHARMACIST = "pharmacist"
    TECHNOLOGIST = "technologist"


class BedType(StrEnum):
    GENERAL = "general"
    ICU = "icu"
    ISOLATION = "isolation"
    MATERNITY = "maternity"
    PEDIATRIC = "pediatric"


class BedStatus(StrEnum):
    FREE = "free"
    RESERVED = "reserved"
    OCCUPIED = "occupied"
    CLEANING = "cleaning"
    BLOCKED = "blocked"


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    ARRIVED = "arrived"
    NO_SHOW = "no_show"
    DONE = "done"
    CANCELLED = "cancelled"


class InvoiceStatus(StrEnum):
    UNPAID = "unpaid"
    PAID = "paid"
    VOID = "void"


def phone_digits(phone: str) -> str:
    """The digits of a phone number, whatever its spacing and punctuation."""
    return "".join(ch for ch in phone if ch.isdigit())


def _in(column: str, enum: type[StrEnum]) -> str:
    values = ", ".join(f"'{member.value}'" for member in enum)
    return f"{column} IN ({values})"


def _ts(nullable: bool = False, index: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable, index=index)


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", Role), name="ck_users_role"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, min_length=1)
    role: str = Field(default=Role.CLERK.value)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class UserKey(SQLModel, table=True):
    """An SSH public key that proves who a `hra serve` connection is; revoked, it stops."""

    __tablename__ = "user_keys"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    fingerprint: str = Field(unique=True, min_length=1)
    public_key: str = Field(min_length=1)
    added_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    revoked_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Ward(SQLModel, table=True):
    __tablename__ = "wards"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    active: bool = True


class Bed(SQLModel, table=True):
    __tablename__ = "beds"
    __table_args__ = (
        CheckConstraint(_in("type", BedType), name="ck_beds_type"),
        CheckConstraint(_in("status", BedStatus), name="ck_beds_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ward_id: int = Field(foreign_key="wards.id", index=True)
    label: str = Field(unique=True)
    type: str = Field(default=BedType.GENERAL.value)
    status: str = Field(default=BedStatus.FREE.value, index=True)
    status_since: datetime = Field(default_factory=utcnow, sa_column=_ts())
    note: str = ""
    active: bool = True


class Staff(SQLModel, table=True):
    """Doctors and the paper's other clinical staff; doctors are staff with role 'doctor'."""

    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint(_in("role", StaffRole), name="ck_staff_role"),
        CheckConstraint("skill BETWEEN 1 AND 5", name="ck_staff_skill"),
        CheckConstraint("max_slots BETWEEN 0 AND 1000", name="ck_staff_max_slots"),
        CheckConstraint("cost_per_slot >= 0", name="ck_staff_cost"),
        CheckConstraint("overtime_cost >= 0", name="ck_staff_overtime_cost"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    role: str = Field(default=StaffRole.DOCTOR.value, index=True)
    specialization: str = ""
    phone: str = ""
    skill: int = 3
    max_slots: int = 10  # the paper's H_i: the most slots (shifts) one may work in a horizon
    cost_per_slot: int = 5  # W_i
    overtime_cost: int = 5  # O_i
    active: bool = True


class Patient(SQLModel, table=True):
    __tablename__ = "patients"
    __table_args__ = (
        CheckConstraint("age BETWEEN 0 AND 130", name="ck_patients_age"),
        CheckConstraint("gender IN ('F', 'M', 'X')", name="ck_patients_gender"),
        CheckConstraint("urgency BETWEEN 1 AND 10", name="ck_patients_urgency"),
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
    urgency: int = 5  # the paper's U_p: higher is more urgent
    registered_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    active: bool = True


class Admission(SQLModel, table=True):
    """The seed's patient_details: a patient in a bed under a doctor, with a regimen.

    One active admission per bed and per patient is enforced by partial unique indexes.
    """

    __tablename__ = "admissions"
    __table_args__ = (
        Index("uq_admissions_active_bed", "bed_id", unique=True,
              sqlite_where=text("discharged_at IS NULL")),
        Index("uq_admissions_active_patient", "patient_id", unique=True,
              sqlite_where=text("discharged_at IS NULL")),
        CheckConstraint("discharged_at IS NULL OR discharged_at >= admitted_at",
                        name="ck_admissions_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patients.id", index=True)
    bed_id: int = Field(foreign_key="beds.id", index=True)
    doctor_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    prescription: str = ""
    admitted_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    discharged_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Appointment(SQLModel, table=True):
    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint(_in("status", AppointmentStatus), name="ck_appointments_status"),
        CheckConstraint("duration_min BETWEEN 5 AND 480", name="ck_appointments_duration"),
        Index("uq_appointments_doctor_slot", "doctor_id", "starts_at", unique=True,
              sqlite_where=text("status != 'cancelled'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patients.id", index=True)
    doctor_id: int = Field(foreign_key="staff.id", index=True)
    starts_at: datetime = Field(sa_column=_ts(index=True))
    duration_min: int = 30
    status: str = Field(default=AppointmentStatus.BOOKED.value)
    note: str = ""


class Invoice(SQLModel, table=True):
    """The seed's billing row; money in cents so sums are exact."""

    __tablename__ = "billing"
    __table_args__ = (
        CheckConstraint("amount_cents >= 0 AND amount_cents <= 100000000",
                        name="ck_billing_amount"),
        CheckConstraint(_in("status", InvoiceStatus), name="ck_billing_status"),
        CheckConstraint("(status = 'paid') = (paid_at IS NOT NULL)", name="ck_billing_paid_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patients.id", index=True)
    amount_cents: int
    description: str = ""
    status: str = Field(default=InvoiceStatus.UNPAID.value, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    paid_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Resource(SQLModel, table=True):
    """The paper's resources: operating rooms, imaging, ventilators; cost is D per slot."""

    __tablename__ = "resources"
    __table_args__ = (CheckConstraint("cost_per_slot >= 0", name="ck_resources_cost"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    kind: str = ""
    cost_per_slot: int = 5
    active: bool = True


class TimeSlot(SQLModel, table=True):
    """One slot (shift) of the planning horizon, with its staff demand (D_t) and skill floor."""

    __tablename__ = "time_slots"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ck_time_slots_order"),
        CheckConstraint("demand >= 0", name="ck_time_slots_demand"),
        CheckConstraint("skill_min BETWEEN 0 AND 50", name="ck_time_slots_skill_min"),
    )

    id: int | None = Field(default=None, primary_key=True)
    label: str = ""
    starts_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, unique=True))
    ends_at: datetime = Field(sa_column=_ts())
    demand: int = 2
    skill_min: int = 0


class AuditEntry(SQLModel, table=True):
    """Who did what, when: one row per write, in the same transaction as the write."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))
    user: str
    action: str = Field(index=True)
    entity: str
    entity_id: int | None = None
    detail: str = ""
import db.plan_models  # noqa: E402, F401  (the planner's tables, on the same metadata)
