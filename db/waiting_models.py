"""The appointments' waiting list: patients waiting for a visit with a doctor, or with any
doctor of a specialty, each with a priority and the moment they were put on it. When a visit
is cancelled its slot is offered to the first who fits; a clerk books it for them.

Nothing history refers to is deleted: a place taken off the list, or booked, keeps who did it,
when, and (booked) the appointment it became. A patient waits in one place at a time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from db.time_codec import utcnow
from db.types import UTCDateTime, checks, one_of
from hra_tui.domain import WaitingStatus
from hra_tui.fields import PRIORITY


class WaitingEntry(SQLModel, table=True):
    """A patient waiting for a visit with `doctor_id`, or with any doctor of `specialty`."""

    __tablename__ = "waiting_list"
    __table_args__ = (
        Index("uq_waiting_list_patient", "patient_id", unique=True,
              sqlite_where=text("status = 'waiting'"),
              postgresql_where=text("status = 'waiting'")),
        *checks("waiting_list", priority=PRIORITY.between("priority"),
                status=one_of("status", WaitingStatus),
                wants="doctor_id IS NOT NULL OR specialty != ''",
                closed="(status = 'waiting') = (closed_at IS NULL)",
                booked="(status = 'booked') = (appointment_id IS NOT NULL)"),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patients.id", index=True)
    doctor_id: int | None = Field(default=None, foreign_key="staff.id")
    specialty: str = ""
    priority: int = PRIORITY.default
    since: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    note: str = ""
    status: str = Field(default=WaitingStatus.WAITING.value)
    added_by: str
    closed_by: str | None = None
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    appointment_id: int | None = Field(default=None, foreign_key="appointments.id")
