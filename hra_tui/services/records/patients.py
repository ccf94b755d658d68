"""Patients: one patient's record; registration by the seed's form; edits (the list's pages are
in patient_rows)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db import tables as t
from db.driver import Driver
from hra_tui.domain import BedStatus, Role
from hra_tui.fields import phone_digits
from hra_tui.services.context import Context, Tx
from hra_tui.services.errors import Refused
from hra_tui.services.mrn import mrn_of, next_number
from hra_tui.services.plain_records import (
    PatientDetail,
    PatientDetails,
    PatientForm,
    PatientRow,
    PlannedAdmission,
)
from hra_tui.services.records.appointments import appointments_of_patient, book_in
from hra_tui.services.records.beds import occupy
from hra_tui.services.records.billing import invoice_in, invoices_of_patient, money
from hra_tui.services.records.lookups import active_admission, patient_by_mrn
from hra_tui.services.records.patient_rows import patient_by_id
from hra_tui.services.records.reservations import read_reservation
from hra_tui.services.records.states import PatientState, active_doctor, patient_state
from hra_tui.services.times import utcnow
from hra_tui.services.validation import check_patient_details, check_patient_form

REGISTRATION_CHARGE = "Charges at registration"


class PatientService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

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
    row = await patient_by_id(await Driver.of(conn), patient_id)
    stay = await active_admission(conn, patient_id)
    b = t.beds
    reserved = (await conn.execute(
        select(b.c.label, b.c.status, b.c.note).where(and_(
            b.c.status == BedStatus.RESERVED.value, b.c.active.is_(True),
            b.c.note.like(f"{row.mrn} %"))).order_by(b.c.status_since.desc()))).first()
    held = read_reservation(reserved.status, reserved.note) if reserved else None
    planned = await _planned(conn, patient_id)
    return PatientDetail(
        patient=row,
        prescription=stay.prescription if stay is not None else "",
        appointments=await appointments_of_patient(conn, patient_id),
        invoices=await invoices_of_patient(conn, patient_id),
        reserved_bed=reserved.label if held else None,
        reserved_until=held.until if held else None,
        planned=planned,
    )


async def _planned(conn: AsyncConnection, patient_id: int) -> PlannedAdmission | None:
    """The patient's admission in the plan in force (bed, nights, theatre), if it has one."""
    r, tb, b = t.bed_reservations, t.theatre_bookings, t.beds
    row = (await conn.execute(
        select(r.c.day, r.c.nights, b.c.label, b.c.room, t.planning_horizon.c.starts_on,
               t.resources.c.name.label("theatre"), t.staff.c.name.label("surgeon"),
               tb.c.minutes)
        .join(b, b.c.id == r.c.bed_id)
        .join(t.planning_horizon, t.planning_horizon.c.id == 1)
        .outerjoin(tb, tb.c.request_id == r.c.request_id)
        .outerjoin(t.resources, t.resources.c.id == tb.c.resource_id)
        .outerjoin(t.staff, t.staff.c.id == tb.c.surgeon_id)
        .where(r.c.patient_id == patient_id))).first()
    if row is None:
        return None
    return PlannedAdmission(arrives=row.starts_on + timedelta(days=row.day), nights=row.nights,
                            bed=row.label, room=row.room, theatre=row.theatre,
                            surgeon=row.surgeon, minutes=row.minutes or 0)
