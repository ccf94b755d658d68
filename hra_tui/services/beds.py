"""Beds and stays: the board, admit, transfer, discharge, cleaning and blocking.

A bed's status column and the admissions table always agree: every change to one changes the
other in the same transaction, and the database's partial unique indexes (one active admission
per bed, one per patient) catch any race the checks below could not see.
"""

from __future__ import annotations

import re

from sqlalchemy import Row, and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db.models import BedStatus, Role
from hra_tui.services import tables as t
from hra_tui.services.context import Context, Tx
from hra_tui.services.errors import Conflict, Refused
from hra_tui.services.lookups import (
    active_admission,
    active_doctor,
    bed_by_label,
    bed_occupant,
    normalise_label,
    patient_by_mrn,
)
from hra_tui.services.records import BedCell
from hra_tui.services.times import short_local, utcnow
from hra_tui.services.validation import parse_text


def natural_key(label: str) -> list[object]:
    """'2A' before '10A': numbers in labels compare as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", label)]


def _board_select():
    b, a, p = t.beds, t.admissions, t.patients
    return (
        select(b.c.id, b.c.label, t.wards.c.name.label("ward"), b.c.type, b.c.status,
               b.c.status_since, b.c.note, p.c.mrn, p.c.name.label("patient_name"))
        .join(t.wards, t.wards.c.id == b.c.ward_id)
        .outerjoin(a, and_(a.c.bed_id == b.c.id, a.c.discharged_at.is_(None)))
        .outerjoin(p, p.c.id == a.c.patient_id)
        .where(b.c.active.is_(True))
    )


def _cell(row: Row) -> BedCell:
    return BedCell(id=row.id, label=row.label, ward=row.ward, type=row.type, status=row.status,
                   since=row.status_since, patient_mrn=row.mrn, patient_name=row.patient_name,
                   note=row.note)


async def _bed_unavailable(conn: AsyncConnection, bed: Row) -> str | None:
    """Why a bed cannot take a patient now, in the clerk's words, or None if it is free."""
    if bed.status == BedStatus.FREE.value:
        occupant = await bed_occupant(conn, bed.id)
        if occupant is None:
            return None
        return f"Bed {bed.label} is occupied by {occupant.name} since " \
               f"{short_local(occupant.admitted_at)}"
    return await describe_bed_status(conn, bed)


async def describe_bed_status(conn: AsyncConnection, bed: Row) -> str:
    since = short_local(bed.status_since)
    if bed.status == BedStatus.OCCUPIED.value:
        occupant = await bed_occupant(conn, bed.id)
        who = occupant.name if occupant else "a patient"
        when = short_local(occupant.admitted_at) if occupant else since
        return f"Bed {bed.label} is occupied by {who} since {when}"
    if bed.status == BedStatus.CLEANING.value:
        return f"Bed {bed.label} is being cleaned (since {since}); mark it clean first"
    if bed.status == BedStatus.BLOCKED.value:
        return f"Bed {bed.label} is blocked: {bed.note or 'no reason given'}"
    if bed.status == BedStatus.RESERVED.value:
        return f"Bed {bed.label} is reserved (since {since})"
    return f"Bed {bed.label} is free"


async def set_bed_status(tx: Tx, bed_id: int, status: BedStatus, note: str | None = None) -> None:
    values: dict[str, object] = {"status": status.value, "status_since": utcnow()}
    if note is not None:
        values["note"] = note
    await tx.conn.execute(update(t.beds).where(t.beds.c.id == bed_id).values(**values))


async def occupy(tx: Tx, patient: Row, bed_label: str, doctor_id: int | None,
                 prescription: str) -> Row:
    """Admit a patient into a free bed inside an open transaction; returns the bed row."""
    current = await active_admission(tx.conn, patient.id)
    if current is not None:
        raise Refused(f"{patient.name} is already in bed {current.bed_label}")
    bed = await bed_by_label(tx.conn, bed_label)
    reason = await _bed_unavailable(tx.conn, bed)
    if reason:
        raise Refused(reason)
    if doctor_id is not None:
        await active_doctor(tx.conn, doctor_id)
    await tx.conn.execute(insert(t.admissions).values(
        patient_id=patient.id, bed_id=bed.id, doctor_id=doctor_id,
        prescription=prescription, admitted_at=utcnow(),
    ))
    await set_bed_status(tx, bed.id, BedStatus.OCCUPIED, note="")
    return bed


class BedService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def wards(self) -> list[str]:
        async with self._ctx.read() as conn:
            rows = await conn.execute(
                select(t.wards.c.name).where(t.wards.c.active.is_(True)).order_by(t.wards.c.name))
            return [row.name for row in rows]

    async def board(self, ward: str | None = None) -> list[BedCell]:
        """Every active bed with its occupant, ordered by ward then label (2A before 10A)."""
        query = _board_select()
        if ward:
            query = query.where(t.wards.c.name == ward)
        async with self._ctx.read() as conn:
            cells = [_cell(row) for row in await conn.execute(query)]
        return sorted(cells, key=lambda cell: (cell.ward, natural_key(cell.label)))

    async def free(self, ward: str | None = None) -> list[BedCell]:
        return [cell for cell in await self.board(ward) if cell.status == BedStatus.FREE.value]

    async def cell(self, label: str) -> BedCell:
        """One bed as on the board."""
        async with self._ctx.read() as conn:
            bed = await bed_by_label(conn, label)
            row = (await conn.execute(_board_select().where(t.beds.c.id == bed.id))).one()
        return _cell(row)

    async def admit(self, mrn: str, bed_label: str, doctor_id: int | None = None,
                    prescription: str = "") -> BedCell:
        prescription = parse_text(prescription, "Prescription")
        try:
            async with self._ctx.write(Role.CLERK, "admit patients") as tx:
                patient = await patient_by_mrn(tx.conn, mrn)
                bed = await occupy(tx, patient, bed_label, doctor_id, prescription)
                await tx.audit("admit", "patient", patient.id,
                               f"{patient.mrn} {patient.name} into bed {bed.label}")
        except Refused as refused:
            raise await self._explain_race(refused, mrn, bed_label) from None
        return await self.cell(bed_label)

    async def transfer(self, mrn: str, bed_label: str) -> BedCell:
        """Move an admitted patient to a free bed; the old bed goes to cleaning."""
        try:
            async with self._ctx.write(Role.CLERK, "transfer patients") as tx:
                patient = await patient_by_mrn(tx.conn, mrn)
                stay = await active_admission(tx.conn, patient.id)
                if stay is None:
                    raise Refused(f"{patient.name} is not admitted to any bed")
                target = await bed_by_label(tx.conn, bed_label)
                if target.id == stay.bed_id:
                    raise Refused(f"{patient.name} is already in bed {target.label}")
                reason = await _bed_unavailable(tx.conn, target)
                if reason:
                    raise Refused(reason)
                await tx.conn.execute(update(t.admissions).where(t.admissions.c.id == stay.id)
                                      .values(bed_id=target.id))
                await set_bed_status(tx, stay.bed_id, BedStatus.CLEANING)
                await set_bed_status(tx, target.id, BedStatus.OCCUPIED, note="")
                await tx.audit("transfer", "patient", patient.id,
                               f"{patient.mrn} {patient.name} from bed {stay.bed_label} "
                               f"to bed {target.label}")
        except Refused as refused:
            raise await self._explain_race(refused, mrn, bed_label) from None
        return await self.cell(bed_label)

    async def discharge(self, mrn: str) -> BedCell:
        """End the patient's stay; the bed goes to cleaning. Returns the bed left behind."""
        async with self._ctx.write(Role.CLERK, "discharge patients") as tx:
            patient = await patient_by_mrn(tx.conn, mrn)
            stay = await active_admission(tx.conn, patient.id)
            if stay is None:
                raise Refused(f"{patient.name} is not admitted to any bed")
            await tx.conn.execute(update(t.admissions).where(t.admissions.c.id == stay.id)
                                  .values(discharged_at=utcnow()))
            await set_bed_status(tx, stay.bed_id, BedStatus.CLEANING)
            await tx.audit("discharge", "patient", patient.id,
                           f"{patient.mrn} {patient.name} from bed {stay.bed_label}")
        return await self.cell(stay.bed_label)

    async def mark_clean(self, label: str) -> BedCell:
        async with self._ctx.write(Role.CLERK, "mark beds clean") as tx:
            bed = await bed_by_label(tx.conn, label)
            if bed.status != BedStatus.CLEANING.value:
                state = await describe_bed_status(tx.conn, bed)
                raise Refused(f"{state}, not waiting for cleaning")
            await set_bed_status(tx, bed.id, BedStatus.FREE)
            await tx.audit("clean", "bed", bed.id, f"bed {bed.label} cleaned, now free")
        return await self.cell(label)

    async def block(self, label: str, reason: str) -> BedCell:
        reason = " ".join(parse_text(reason, "Reason", 200).split())
        if not reason:
            raise Refused("Give a reason for blocking the bed")
        async with self._ctx.write(Role.CLERK, "block beds") as tx:
            bed = await bed_by_label(tx.conn, label)
            if bed.status not in (BedStatus.FREE.value, BedStatus.CLEANING.value):
                raise Refused(f"{await describe_bed_status(tx.conn, bed)}; only a free or cleaning "
                              "bed can be blocked")
            await set_bed_status(tx, bed.id, BedStatus.BLOCKED, note=reason)
            await tx.audit("block", "bed", bed.id, f"bed {bed.label} blocked: {reason}")
        return await self.cell(label)

    async def unblock(self, label: str) -> BedCell:
        async with self._ctx.write(Role.CLERK, "unblock beds") as tx:
            bed = await bed_by_label(tx.conn, label)
            if bed.status != BedStatus.BLOCKED.value:
                raise Refused(f"Bed {bed.label} is not blocked")
            await set_bed_status(tx, bed.id, BedStatus.FREE, note="")
            await tx.audit("unblock", "bed", bed.id, f"bed {bed.label} unblocked, now free")
        return await self.cell(label)

    async def _explain_race(self, refused: Refused, mrn: str, bed_label: str) -> Refused:
        """A constraint caught what the checks did not see (another clerk was faster): say
        what the bed or the patient holds now, as the checks would have."""
        if not isinstance(refused, Conflict):
            return refused
        async with self._ctx.read() as conn:
            bed = await bed_by_label(conn, normalise_label(bed_label))
            reason = await _bed_unavailable(conn, bed)
            if reason:
                return Refused(reason)
            patient = await patient_by_mrn(conn, mrn)
            stay = await active_admission(conn, patient.id)
            if stay is not None:
                return Refused(f"{patient.name} is already in bed {stay.bed_label}")
        return refused

