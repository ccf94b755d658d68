"""What the admissions planner (the IHTC-2024 problem) needs beyond the ward's own records.

Rooms are the beds sharing `beds.room`; nurses and surgeons are `staff`; theatres are
`resources` of kind "theatre"; a patient to admit or already in a bed is a `patients` row with
an `admission_requests` row saying what the planner must know. Days count from the horizon's
first day (`planning_horizon.starts_on`); shifts are named as in `planning_horizon.shift_types`.

An applied plan (`admission_plans`) writes three kinds of rows, each carrying its plan id: bed
reservations (a patient in one bed from a day, for some nights), theatre bookings (a
surgery's theatre, surgeon, day and minutes) and nurse rooms (the rooms a nurse looks after in
one shift). The bed row's own reservation holds one patient at a time; a plan books a bed for
successive patients over the horizon, hence a table of its own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import checks, one_of, timestamp
from hra_tui.domain import RequestKind


class PlanningHorizon(SQLModel, table=True):
    """The one admissions-planning horizon of this ward database (a single row, id 1)."""

    __tablename__ = "planning_horizon"
    __table_args__ = checks("planning_horizon", single="id = 1", days="days BETWEEN 1 AND 366",
                            skill_levels="skill_levels BETWEEN 1 AND 5")

    id: int = Field(default=1, primary_key=True)
    name: str = ""
    starts_on: datetime = Field(sa_column=timestamp())
    days: int
    skill_levels: int
    shift_types: list[str] = Field(sa_column=Column(JSON, nullable=False))
    age_groups: list[str] = Field(sa_column=Column(JSON, nullable=False))  # youngest first
    weights: dict[str, int] = Field(sa_column=Column(JSON, nullable=False))  # S1..S8 by name


class AdmissionRequest(SQLModel, table=True):
    """A patient to admit (surgery on the admission day), or an occupant already in a room."""

    __tablename__ = "admission_requests"
    __table_args__ = checks(
        "admission_requests", kind=one_of("kind", RequestKind),
        stay="length_of_stay >= 1", release="release_day >= 0",
        due="due_day IS NULL OR due_day >= release_day", surgery="surgery_minutes >= 0")

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, min_length=1)  # the instance's id, e.g. "p07" or "a0"
    kind: str
    patient_id: int = Field(foreign_key="patients.id", index=True)
    mandatory: bool = True
    age_group: str
    length_of_stay: int
    release_day: int = 0
    due_day: int | None = None
    surgery_minutes: int = 0
    surgeon_id: int | None = Field(default=None, foreign_key="staff.id")
    room: str | None = None  # an occupant's room
    incompatible_rooms: list[str] = Field(sa_column=Column(JSON, nullable=False))
    workload: list[int] = Field(sa_column=Column(JSON, nullable=False))  # per shift of stay
    skill_required: list[int] = Field(sa_column=Column(JSON, nullable=False))


class _DayMinutes(SQLModel):
    """Minutes available on one day of the horizon (0: none that day)."""

    day: int = Field(primary_key=True)
    minutes: int


class SurgeonDay(_DayMinutes, table=True):
    """How long a surgeon may operate on one day."""

    __tablename__ = "surgeon_days"
    __table_args__ = checks("surgeon_days", minutes="minutes >= 0")

    staff_id: int = Field(foreign_key="staff.id", primary_key=True)


class TheatreDay(_DayMinutes, table=True):
    """How long an operating theatre is open on one day."""

    __tablename__ = "theatre_days"
    __table_args__ = checks("theatre_days", minutes="minutes >= 0")

    resource_id: int = Field(foreign_key="resources.id", primary_key=True)


class NurseShift(SQLModel, table=True):
    """A shift a nurse works in the horizon, with the most workload they may carry in it."""

    __tablename__ = "nurse_shifts"
    __table_args__ = (UniqueConstraint("staff_id", "day", "shift", name="uq_nurse_shifts"),
                      *checks("nurse_shifts", load="max_load >= 0", day="day >= 0"))

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    day: int
    shift: str
    max_load: int


class AdmissionPlan(SQLModel, table=True):
    """A plan of the horizon's admissions applied to the records: the solution, its checked
    cost, and the fingerprint of the problem it was solved from. The newest one is in force:
    applying a plan replaces the rows of the one before."""

    __tablename__ = "admission_plans"
    __table_args__ = checks("admission_plans", cost="cost >= 0")

    id: int | None = Field(default=None, primary_key=True)
    applied_at: datetime = Field(sa_column=timestamp())
    applied_by: str
    fingerprint: str
    cost: int
    costs: list[int] = Field(sa_column=Column(JSON, nullable=False))  # S1..S8, weighted
    solution: dict = Field(sa_column=Column(JSON, nullable=False))  # the competition format


class BedReservation(SQLModel, table=True):
    """A bed held for a patient the plan admits: from horizon day `day`, for `nights` nights."""

    __tablename__ = "bed_reservations"
    __table_args__ = checks("bed_reservations", day="day >= 0", nights="nights >= 1")

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="admission_plans.id", index=True)
    request_id: int = Field(foreign_key="admission_requests.id", unique=True)
    patient_id: int = Field(foreign_key="patients.id", index=True)
    bed_id: int = Field(foreign_key="beds.id", index=True)
    day: int
    nights: int


class TheatreBooking(SQLModel, table=True):
    """A planned surgery: the theatre, the surgeon, the day and the minutes it takes."""

    __tablename__ = "theatre_bookings"
    __table_args__ = (Index("ix_theatre_bookings_day", "resource_id", "day"),
                      *checks("theatre_bookings", day="day >= 0", minutes="minutes >= 0"))

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="admission_plans.id", index=True)
    request_id: int = Field(foreign_key="admission_requests.id", unique=True)
    resource_id: int = Field(foreign_key="resources.id")
    surgeon_id: int = Field(foreign_key="staff.id")
    day: int
    minutes: int


class NurseRoom(SQLModel, table=True):
    """A room a nurse looks after in one shift of the horizon (one nurse per room-shift)."""

    __tablename__ = "nurse_rooms"
    __table_args__ = (UniqueConstraint("day", "shift", "room", name="uq_nurse_rooms"),
                      *checks("nurse_rooms", day="day >= 0"))

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="admission_plans.id", index=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    day: int
    shift: str
    room: str
