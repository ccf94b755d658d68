"""Finding the records a clerk names (MRN, bed label, staff id) or saying clearly they are not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db import tables as t
from db.driver import Driver
from hra_tui.domain import DOCTOR_ROLES
from hra_tui.services.errors import NotFound, Refused


def normalise_mrn(mrn: str) -> str:
    return mrn.strip().upper()


def normalise_label(label: str) -> str:
    return label.strip().upper()


async def patient_by_mrn(conn: AsyncConnection, mrn: str) -> Row:
    row = (await conn.execute(
        select(t.patients).where(t.patients.c.mrn == normalise_mrn(mrn))
    )).first()
    if row is None or not row.active:
        raise NotFound(f"No patient with MRN {normalise_mrn(mrn) or '(empty)'}")
    return row


def bed_select():
    """A bed as the board shows it: ward, status, and who is in it now (if anyone)."""
    b, a, p = t.beds, t.admissions, t.patients
    return (
        select(b.c.id, b.c.label, b.c.active, t.wards.c.name.label("ward"), b.c.type,
               b.c.status, b.c.status_since, b.c.note, p.c.mrn,
               p.c.name.label("patient_name"), a.c.admitted_at, a.c.id.label("stay_id"))
        .join(t.wards, t.wards.c.id == b.c.ward_id)
        .outerjoin(a, and_(a.c.bed_id == b.c.id, a.c.discharged_at.is_(None)))
        .outerjoin(p, p.c.id == a.c.patient_id)
    )


async def bed_by_label(conn: AsyncConnection, label: str) -> Row:
    row = (await conn.execute(bed_select().where(t.beds.c.label == normalise_label(label)))).first()
    if row is None or not row.active:
        raise NotFound(f"No bed {normalise_label(label) or '(empty)'} on any ward")
    return row


async def staff_by_id(conn: AsyncConnection, staff_id: int) -> Row:
    row = (await conn.execute(select(t.staff).where(t.staff.c.id == staff_id))).first()
    if row is None:
        raise NotFound(f"No staff member with id {staff_id}")
    return row


async def active_doctor(driver: Driver, staff_id: int) -> StaffState:
    """A doctor a clerk may choose: exists, is a doctor or surgeon, and is still active."""
    rows = await driver.rows("SELECT id, name, role, active FROM staff WHERE id = ?", (staff_id,))
    if not rows:
        raise NotFound(f"No staff member with id {staff_id}")
    sid, name, role, active = rows[0]
    doctor = StaffState(sid, name, role, bool(active))
    if doctor.role not in DOCTOR_ROLES:
        raise Refused(f"{doctor.name} is a {doctor.role}, not a doctor")
    if not doctor.active:
        raise Refused(f"Dr {doctor.name} is no longer active; choose another doctor")
    return doctor


async def active_admission(conn: AsyncConnection, patient_id: int) -> Row | None:
    """The patient's current stay with its bed label, or None."""
    a = t.admissions
    return (await conn.execute(
        select(a, t.beds.c.label.label("bed_label"))
        .join(t.beds, t.beds.c.id == a.c.bed_id)
        .where(and_(a.c.patient_id == patient_id, a.c.discharged_at.is_(None)))
    )).first()


# What a write transaction reads, one driver statement each (see driver.py).

@dataclass(frozen=True)
class StaffState:
    id: int
    name: str
    role: str
    active: bool


@dataclass(frozen=True)
class PatientState:
    """A patient and the current stay (stay_id None when not admitted)."""

    id: int
    mrn: str
    name: str
    stay_id: int | None
    bed_id: int | None
    bed_label: str | None


@dataclass(frozen=True)
class BedState:
    """A bed and who is in it now (stay_id None when nobody is)."""

    id: int
    label: str
    ward: str
    type: str
    status: str
    status_since: datetime
    note: str
    mrn: str | None
    patient_name: str | None
    admitted_at: datetime | None
    stay_id: int | None


_PATIENT_STATE = """
SELECT p.id, p.mrn, p.name, p.active, a.id, a.bed_id, b.label
FROM patients p
LEFT JOIN admissions a ON a.patient_id = p.id AND a.discharged_at IS NULL
LEFT JOIN beds b ON b.id = a.bed_id
WHERE p.mrn = ?
"""

_BED_STATE = """
SELECT b.id, b.label, b.active AND w.active, w.name, b.type, b.status, b.status_since, b.note,
       p.mrn, p.name, a.admitted_at, a.id
FROM beds b
JOIN wards w ON w.id = b.ward_id
LEFT JOIN admissions a ON a.bed_id = b.id AND a.discharged_at IS NULL
LEFT JOIN patients p ON p.id = a.patient_id
WHERE b.label = ?
"""


async def patient_state(driver: Driver, mrn: str) -> PatientState:
    rows = await driver.rows(_PATIENT_STATE, (normalise_mrn(mrn),))
    if not rows or not rows[0][3]:
        raise NotFound(f"No patient with MRN {normalise_mrn(mrn) or '(empty)'}")
    pid, code, name, _active, stay_id, bed_id, bed_label = rows[0]
    return PatientState(pid, code, name, stay_id, bed_id, bed_label)


async def bed_state(driver: Driver, label: str) -> BedState:
    rows = await driver.rows(_BED_STATE, (normalise_label(label),))
    if not rows or not rows[0][2]:
        raise NotFound(f"No bed {normalise_label(label) or '(empty)'} on any ward")
    (bid, code, _active, ward, kind, status, since, note, mrn, patient_name, admitted_at,
     stay_id) = rows[0]
    return BedState(bid, code, ward, kind, status, driver.read_time(since), note, mrn,
                    patient_name, driver.read_time(admitted_at), stay_id)
