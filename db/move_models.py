"""The queue of pending moves: admissions and transfers asked for, approved, carried out or
cancelled, each step with who took it and when.

A move names the patient, the ward and (from approval on) the bed. The database keeps the
queue's promises: one open move (requested or approved) per patient, and one approved move
per bed, by partial unique indexes, so two clerks approving into the same bed cannot both
win. Carrying a move out admits or transfers the patient in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from db.time_codec import utcnow
from db.types import UTCDateTime, checks, one_of
from hra_tui.domain import MoveKind, MoveStatus

OPEN = "status IN ('requested', 'approved')"
APPROVED = "status = 'approved'"


class QueuedMove(SQLModel, table=True):
    """One admission or transfer in the queue (`source`: '' by hand, 'plan N' from an
    applied admissions plan; `from_bed_id`: the bed a transfer leaves, as it was asked for
    and then as it was carried out)."""

    __tablename__ = "move_queue"
    __table_args__ = (
        Index("uq_move_queue_open_patient", "patient_id", unique=True,
              sqlite_where=text(OPEN), postgresql_where=text(OPEN)),
        Index("uq_move_queue_approved_bed", "bed_id", unique=True,
              sqlite_where=text(APPROVED), postgresql_where=text(APPROVED)),
        *checks("move_queue", kind=one_of("kind", MoveKind), status=one_of("status", MoveStatus),
                bed="status IN ('requested', 'cancelled') OR bed_id IS NOT NULL",
                approved="status NOT IN ('approved', 'done') OR approved_at IS NOT NULL",
                done="(status = 'done') = (done_at IS NOT NULL)",
                cancelled="(status = 'cancelled') = (cancelled_at IS NOT NULL)"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    patient_id: int = Field(foreign_key="patients.id", index=True)
    ward_id: int = Field(foreign_key="wards.id")
    bed_id: int | None = Field(default=None, foreign_key="beds.id")
    from_bed_id: int | None = Field(default=None, foreign_key="beds.id")  # a transfer's
    status: str = Field(default=MoveStatus.REQUESTED.value, index=True)
    note: str = ""
    source: str = ""
    requested_by: str
    requested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    approved_by: str | None = None
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_by: str | None = None
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancelled_by: str | None = None
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
