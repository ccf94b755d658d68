"""Patients: the paged, indexed list; one patient's record; registration by the seed's form."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import Row, and_, case, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db import tables as t
from hra_tui.domain import BedStatus, Role
from hra_tui.fields import phone_digits
from hra_tui.services.appointments import appointments_of_patient, book_in
from hra_tui.services.beds import occupy
from hra_tui.services.billing import invoice_in, invoices_of_patient, money
from hra_tui.services.context import Context, Tx
from hra_tui.services.errors import Refused
from hra_tui.services.lookups import (
    PatientState,
    active_admission,
    active_doctor,
    patient_by_mrn,
    patient_state,
)
from hra_tui.services.mrn import mrn_of, next_number
from hra_tui.services.records import PatientDetail, PatientDetails, PatientForm, PatientRow
from hra_tui.services.reservations import read_reservation
from hra_tui.services.search import like_pattern, looks_like_mrn, number_query, prefix_range
from hra_tui.services.times import utcnow
from hra_tui.services.validation import check_patient_details, check_patient_form

REGISTRATION_CHARGE = "Charges at registration"


def patient_select():
    p, a = t.patients, t.admissions
    return (
        select(p.c.id, p.c.mrn, p.c.name, p.c.age, p.c.gender, p.c.phone, p.c.address,
               p.c.urgency, t.beds.c.label.label("bed"), t.wards.c.name.label("ward"),
               t.staff.c.name.label("doctor"), a.c.admitted_at)
        .select_from(p)
        .outerjoin(a, and_(a.c.patient_id == p.c.id, a.c.discharged_at.is_(None)))
        .outerjoin(t.beds, t.beds.c.id == a.c.bed_id)
        .outerjoin(t.wards, t.wards.c.id == t.beds.c.ward_id)
        .outerjoin(t.staff, t.staff.c.id == a.c.doctor_id)
    )


def patient_row(row: Row) -> PatientRow:
    return PatientRow(id=row.id, mrn=row.mrn, name=row.name, age=row.age, gender=row.gender,
                      phone=row.phone, address=row.address, urgency=row.urgency, bed=row.bed,
                      ward=row.ward, doctor=row.doctor, admitted_at=row.admitted_at)

SQLITE_MAX_INT = 2**63 - 1


def _matching(query: str):
    """The WHERE and ORDER BY for a filter box: a bare number finds MRNs ending in it (first)
    and phones holding its digits in a row; an MRN-like query is an MRN prefix (indexed
    range); anything else is a name substring."""
    p = t.patients
    text = " ".join(query.split())
    if not text:
        return p.c.active.is_(True), (p.c.name, p.c.id)
    digits = number_query(text)
    if digits is not None:
        mrn_ends = p.c.mrn.like(f"%{digits}")
        return (and_(p.c.active.is_(True),
                     or_(mrn_ends, p.c.phone_digits.like(f"%{digits}%"))),
                (case((mrn_ends, 0), else_=1), p.c.mrn))
    if looks_like_mrn(text):
        low, high = prefix_range(text.upper())
        return and_(p.c.active.is_(True), p.c.mrn >= low, p.c.mrn < high), (p.c.mrn,)
    return and_(p.c.active.is_(True), p.c.name.like(like_pattern(text), escape="\\")), \
        (p.c.name, p.c.id)


class PatientService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def search(self, query: str = "", limit: int = 100, offset: int = 0) -> list[PatientRow]:
        """One page of patients by name (substring), MRN (prefix, or suffix for a bare number)
        or phone digits, in name or MRN order (MRN matches first for a number)."""
        where, order = _matching(query)
        # SQLite takes 64-bit integers: a page past that end is simply empty
        limit, offset = (min(max(n, 0), SQLITE_MAX_INT) for n in (limit, offset))
        page = (select(t.patients.c.id).where(where).order_by(*order)
                .limit(limit).offset(offset).subquery())
        stmt = patient_select().join(page, page.c.id == t.patients.c.id).order_by(*order)
        async with self._ctx.read() as conn:
            return [patient_row(row) for row in await conn.execute(stmt)]

    async def count(self, query: str = "") -> int:
        where, _ = _matching(query)
        async with self._ctx.read() as conn:
            return (await conn.execute(
                select(func.count()).select_from(t.patients).where(where))).scalar_one()

    async def get(self, mrn: str) -> PatientDetail:
        async with self._ctx.read() as conn:
            patient = await patient_by_mrn(conn, mrn)
            return await _detail(conn, patient.id)

    async def register(self, form: PatientForm) -> PatientRow:
        """The seed's form in one transaction: patient, stay, appointment, invoice — or nothing."""
        form = check_patient_form(form)
        async with self._ctx.write(Role.CLERK, "register patients") as tx:
            if form.doctor_id is not None:
                await active_doctor(await tx.driver(), form.doctor_id)
            patient = await _insert_patient(tx, form)
            done = [f"registered {patient.mrn} {patient.name}"]
            if form.bed_label:
                bed = await occupy(tx, patient, form.bed_label, form.doctor_id,
                                   form.prescription)
                done.append(f"bed {bed.label}")
            if form.appointment_at is not None and form.doctor_id is not None:
                await book_in(tx, patient, form.doctor_id, form.appointment_at)
                done.append(f"appointment {form.appointment_at.isoformat(timespec='minutes')}")
            if form.amount_cents is not None:
                await invoice_in(tx, patient, form.amount_cents, REGISTRATION_CHARGE,
                                 paid=form.paid)
                done.append(f"invoice {money(form.amount_cents)}"
                            + (" paid" if form.paid else ""))
            await tx.audit("register", "patient", patient.id, ", ".join(done))
        return (await self.get(patient.mrn)).patient

    async def edit(self, mrn: str, details: PatientDetails) -> PatientRow:
        """Change who a patient is (name, address, age, gender, phone, urgency), by the same
        rules as registration, in one audited transaction naming each change."""
        details = check_patient_details(details)
        async with self._ctx.write(Role.CLERK, "edit patients") as tx:
            before = await patient_by_mrn(tx.conn, mrn)
            changes = {key: value for key, value in asdict(details).items()
                       if getattr(before, key) != value}
            if not changes:
                raise Refused(f"Nothing to change for {before.name}")
            values = dict(changes)
            if "phone" in changes:
                values["phone_digits"] = phone_digits(details.phone)
            await tx.conn.execute(update(t.patients).where(t.patients.c.id == before.id)
                                  .values(**values))
            said = ", ".join(f"{key} {getattr(before, key)!r} -> {value!r}"
                             for key, value in changes.items())
            await tx.audit("edit", "patient", before.id, f"{before.mrn} {before.name}: {said}")
        return (await self.get(before.mrn)).patient


async def _insert_patient(tx: Tx, form: PatientForm) -> PatientState:
    mrn = mrn_of(await next_number(tx))
    await tx.conn.execute(insert(t.patients).values(
        mrn=mrn, name=form.name, age=form.age, gender=form.gender, phone=form.phone,
        phone_digits=phone_digits(form.phone), address=form.address, urgency=form.urgency,
        registered_at=utcnow(), active=True,
    ))
    return await patient_state(await tx.driver(), mrn)


async def _detail(conn: AsyncConnection, patient_id: int) -> PatientDetail:
    row = (await conn.execute(patient_select().where(t.patients.c.id == patient_id))).one()
    stay = await active_admission(conn, patient_id)
    b = t.beds
    reserved = (await conn.execute(
        select(b.c.label, b.c.status, b.c.note).where(and_(
            b.c.status == BedStatus.RESERVED.value, b.c.active.is_(True),
            b.c.note.like(f"{row.mrn} %"))).order_by(b.c.status_since.desc()))).first()
    held = read_reservation(reserved.status, reserved.note) if reserved else None
    return PatientDetail(
        patient=patient_row(row),
        prescription=stay.prescription if stay is not None else "",
        appointments=await appointments_of_patient(conn, patient_id),
        invoices=await invoices_of_patient(conn, patient_id),
        reserved_bed=reserved.label if held else None,
        reserved_until=held.until if held else None,
    )
