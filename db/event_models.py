"""Events that change the day, as records: a staff member absent, a resource (an operating
theatre, a scanner) closed, each from one moment to a later one, with a reason, who entered
it and when. Both planners read the events in force: the ward roster puts nobody on duty in a
slot their absence overlaps and uses no resource in a slot its closure overlaps; the
admissions planner gives a closed theatre and an absent surgeon no minutes on the days the
event overlaps, and an absent nurse no shift it overlaps.

Nothing history refers to is deleted: cancelling an absence, or reopening a resource, is a
status change that keeps who did it and when.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from db.time_codec import utcnow
from db.types import UTCDateTime, checks, one_of
from hra_tui.domain import EventStatus


def _event_checks(table: str) -> tuple:
    return checks(table, order="ends_at > starts_at", status=one_of("status", EventStatus),
                  cancelled="(status = 'cancelled') = (cancelled_at IS NOT NULL)")


class _Event(SQLModel):
    """What an absence and a closure share: when, why, who entered it, and its status (each
    table gets columns of its own, hence `sa_type` rather than the shared `timestamp()`)."""

    id: int | None = Field(default=None, primary_key=True)
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    reason: str = ""
    status: str = Field(default=EventStatus.ACTIVE.value)
    entered_by: str
    entered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    cancelled_by: str | None = None
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class StaffAbsence(_Event, table=True):
    """A staff member who cannot work from `starts_at` to `ends_at` (sick, leave, training)."""

    __tablename__ = "staff_absences"
    __table_args__ = (Index("ix_staff_absences_when", "staff_id", "ends_at"),
                      *_event_checks("staff_absences"))

    staff_id: int = Field(foreign_key="staff.id")


class ResourceClosure(_Event, table=True):
    """A resource (a theatre is a `resources` row) out of use from `starts_at` to `ends_at`."""

    __tablename__ = "resource_closures"
    __table_args__ = (Index("ix_resource_closures_when", "resource_id", "ends_at"),
                      *_event_checks("resource_closures"))

    resource_id: int = Field(foreign_key="resources.id")
