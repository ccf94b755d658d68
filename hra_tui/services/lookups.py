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


async def bed_by_label(conn: AsyncConnection, label: str) -> Row:
    row = (await conn.execute(
        select(t.beds, t.wards.c.name.label("ward"))
        .join(t.wards, t.wards.c.id == t.beds.c.ward_id)
        .where(t.beds.c.label == normalise_label(label))
    )).first()
    if row is None or not row.active:
        raise NotFound(f"No bed {normalise_label(label) or '(empty)'} on any ward")
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


async def bed_occupant(conn: AsyncConnection, bed_id: int) -> Row | None:
    """Who is in a bed now (patient name, mrn, admitted_at), or None."""
    a = t.admissions
    return (await conn.execute(
        select(t.patients.c.name, t.patients.c.mrn, a.c.admitted_at, a.c.id)
        .join(t.patients, t.patients.c.id == a.c.patient_id)
        .where(and_(a.c.bed_id == bed_id, a.c.discharged_at.is_(None)))
    )).first()
