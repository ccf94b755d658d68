"""Finding the records a clerk names (MRN, bed label, staff id) or saying clearly they are not."""

from __future__ import annotations

from sqlalchemy import Row, and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db import tables as t
from hra_tui.services.errors import NotFound
from hra_tui.services.records.states import normalise_mrn


async def patient_by_mrn(conn: AsyncConnection, mrn: str) -> Row:
    row = (await conn.execute(
        select(t.patients).where(t.patients.c.mrn == normalise_mrn(mrn))
    )).first()
    if row is None or not row.active:
        raise NotFound(f"No patient with MRN {normalise_mrn(mrn) or '(empty)'}")
    return row


async def staff_by_id(conn: AsyncConnection, staff_id: int) -> Row:
    row = (await conn.execute(select(t.staff).where(t.staff.c.id == staff_id))).first()
    if row is None:
        raise NotFound(f"No staff member with id {staff_id}")
    return row


async def active_admission(conn: AsyncConnection, patient_id: int) -> Row | None:
    """The patient's current stay with its bed label, or None."""
    a = t.admissions
    return (await conn.execute(
        select(a, t.beds.c.label.label("bed_label"))
        .join(t.beds, t.beds.c.id == a.c.bed_id)
        .where(and_(a.c.patient_id == patient_id, a.c.discharged_at.is_(None)))
    )).first()
