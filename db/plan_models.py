"""The planner's tables: what a plan is built from (care requests, staff pairs, settings), the
plans themselves, and what applying one writes (roster entries, resource bookings).

Appointments for planned care go in the existing appointments table; everything a plan writes
carries its plan id, so the ward can tell planned records from hand-made ones.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.time_codec import utcnow
from db.types import checks, one_of, timestamp
from hra_tui.domain import CareStatus, PlanStatus, SettingKey


class Setting(SQLModel, table=True):
    __tablename__ = "settings"
    __table_args__ = checks("settings", key=one_of("key", SettingKey), value="value >= 0")

    key: str = Field(primary_key=True)
    value: int
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class CareRequest(SQLModel, table=True):
    """A patient waiting for care in a slot: the paper's patient p (U, C, the skill needed)."""

    __tablename__ = "care_requests"
    __table_args__ = checks(
        "care_requests", status=one_of("status", CareStatus), urgency="urgency BETWEEN 1 AND 10",
        skill_min="skill_min BETWEEN 1 AND 5", care_cost="care_cost >= 0",
        duration="duration_min BETWEEN 5 AND 480")

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patients.id", index=True)
    resource_id: int | None = Field(default=None, foreign_key="resources.id")
    urgency: int = 5  # U: higher is more urgent
    skill_min: int = 1  # the least skill of the staff member who serves it
    care_cost: int = 0  # C
    duration_min: int = 30
    reason: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    earliest_slot_id: int | None = Field(default=None, foreign_key="time_slots.id")
    must_serve: bool = False  # never deferred: served within the horizon it is planned in
    due_slot_id: int | None = Field(default=None, foreign_key="time_slots.id")  # served by
    status: str = Field(default=CareStatus.WAITING.value, index=True)
    slot_id: int | None = Field(default=None, foreign_key="time_slots.id")
    appointment_id: int | None = Field(default=None, foreign_key="appointments.id")
    plan_id: int | None = Field(default=None, foreign_key="plans.id")


class StaffPair(SQLModel, table=True):
    """The paper's interaction I: positive if two staff work badly together, negative if well."""

    __tablename__ = "staff_pairs"
    __table_args__ = (
        *checks("staff_pairs", order="staff_a < staff_b", weight="weight BETWEEN -10 AND 10"),
        UniqueConstraint("staff_a", "staff_b", name="uq_staff_pairs"),
    )

    id: int | None = Field(default=None, primary_key=True)
    staff_a: int = Field(foreign_key="staff.id")
    staff_b: int = Field(foreign_key="staff.id")
    weight: int = 0


class PlanRecord(SQLModel, table=True):
    """One solve: its parameters, its numbers, its result (instance and assignments), and the
    fingerprint of the records it was built from, so applying can tell if they changed."""

    __tablename__ = "plans"
    __table_args__ = checks("plans", status=one_of("status", PlanStatus),
                            applied="(applied_at IS NULL) = (applied_by IS NULL)")

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    created_by: str
    params: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    wall_time: float = 0.0
    result: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    fingerprint: str
    applied_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    applied_by: str | None = None


class RosterEntry(SQLModel, table=True):
    """A staff member on duty in a slot (the paper's x_it = 1), by hand or by a plan."""

    __tablename__ = "roster_entries"
    __table_args__ = (
        UniqueConstraint("staff_id", "slot_id", name="uq_roster_staff_slot"),
        Index("ix_roster_entries_slot", "slot_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id")
    slot_id: int = Field(foreign_key="time_slots.id")
    overtime: bool = False
    plan_id: int | None = Field(default=None, foreign_key="plans.id")


class ResourceBooking(SQLModel, table=True):
    """A resource held in a slot (the paper's z_rt = 1) for one care request."""

    __tablename__ = "resource_bookings"
    __table_args__ = (Index("ix_resource_bookings_slot", "resource_id", "slot_id"),)

    id: int | None = Field(default=None, primary_key=True)
    resource_id: int = Field(foreign_key="resources.id")
    slot_id: int = Field(foreign_key="time_slots.id")
    care_request_id: int | None = Field(default=None, foreign_key="care_requests.id",
                                        unique=True)
    plan_id: int | None = Field(default=None, foreign_key="plans.id")
