"""Finding the records a clerk names (MRN, bed label, staff id) or saying clearly they are not."""

from __future__ import annotations

from sqlalchemy import Row, and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.models import StaffRole
from hra_tui.services import tables as t
from hra_tui.services.errors import NotFound, Refused

DOCTOR_ROLES = (StaffRole.DOCTOR.value, StaffRole.SURGEON.value)


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


async def patient_and_stay(conn: AsyncConnection, mrn: str) -> Row:
    """A patient with the current stay's id, bed and prescription (None when not admitted)."""
    p, a = t.patients, t.admissions
    row = (await conn.execute(
        select(p.c.id, p.c.mrn, p.c.name, p.c.active, a.c.id.label("stay_id"), a.c.bed_id,
               a.c.prescription, t.beds.c.label.label("bed_label"))
        .select_from(p)
        .outerjoin(a, and_(a.c.patient_id == p.c.id, a.c.discharged_at.is_(None)))
        .outerjoin(t.beds, t.beds.c.id == a.c.bed_id)
        .where(p.c.mrn == normalise_mrn(mrn))
    )).first()
    if row is None or not row.active:
        raise NotFound(f"No patient with MRN {normalise_mrn(mrn) or '(empty)'}")
    return row


async def staff_by_id(conn: AsyncConnection, staff_id: int) -> Row:
    row = (await conn.execute(select(t.staff).where(t.staff.c.id == staff_id))).first()
    if row is None:
        raise NotFound(f"No staff member with id {staff_id}")
    return row


async def active_doctor(conn: AsyncConnection, staff_id: int) -> Row:
    """A doctor a clerk may choose: exists, is a doctor or surgeon, and is still active."""
    row = await staff_by_id(conn, staff_id)
    if row.role not in DOCTOR_ROLES:
        raise Refused(f"{row.name} is a {row.role}, not a doctor")
    if not row.active:
        raise Refused(f"Dr {row.name} is no longer active; choose another doctor")
    return row


async def active_admission(conn: AsyncConnection, patient_id: int) -> Row | None:
    """The patient's current stay with its bed label, or None."""
    a = t.admissions
    return (await conn.execute(
        select(a, t.beds.c.label.label("bed_label"))
        .join(t.beds, t.beds.c.id == a.c.bed_id)
        .where(and_(a.c.patient_id == patient_id, a.c.discharged_at.is_(None)))
    )).first()
