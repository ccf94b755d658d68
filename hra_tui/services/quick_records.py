"""Who acts, a patient row, a bed cell and its reservation: the plain records `hra patient
list`, `hra bed list`, `hra admit` and the sign-in hand out, apart from the many in
`plain_records` (making a frozen dataclass costs about a millisecond, and those commands need
only these).

Times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user's name and role, which every write checks."""

    name: str
    role: str


@dataclass(frozen=True)
class PatientRow:
    """One patient and where they lie now (bed, ward, doctor, since); None when not admitted."""

    id: int
    mrn: str
    name: str
    age: int
    gender: str
    phone: str
    address: str
    urgency: int
    bed: str | None
    ward: str | None
    doctor: str | None
    admitted_at: datetime | None


@dataclass(frozen=True)
class Reservation:
    """A bed held for one patient until a moment; past it, the bed is no longer held."""

    mrn: str
    name: str
    until: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.until


@dataclass(frozen=True)
class BedCell:
    """One tile of the bed board: the bed, its status and since when, who lies in it."""

    id: int
    label: str
    ward: str
    type: str
    status: str
    since: datetime
    patient_mrn: str | None
    patient_name: str | None
    note: str
    reservation: Reservation | None = None  # whom a reserved bed is held for, until when
