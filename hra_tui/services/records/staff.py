"""Doctors and clinical staff. Nobody is deleted: history refers to them, so they are
deactivated, and deactivated staff drop out of every list a clerk chooses from; a deactivated
member may be reactivated. A doctor's admitted patients and booked visits can move to another
active doctor in the same transaction as the deactivation."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import Row, and_, insert, select, update

from db import tables as t
from db.driver import Driver
from hra_tui.domain import DOCTOR_ROLES, AppointmentStatus, Role
from hra_tui.services.context import Context, Tx
from hra_tui.services.errors import Refused
from hra_tui.services.plain_records import StaffForm, StaffLoad, StaffRow
from hra_tui.services.records.appointments import appointment_row, appointment_select
from hra_tui.services.records.lookups import staff_by_id
from hra_tui.services.records.patient_rows import patients_of_doctor
from hra_tui.services.records.states import active_doctor
from hra_tui.services.search import like_pattern
from hra_tui.services.times import short_local, utcnow
from hra_tui.services.validation import check_staff_form, parse_staff_role


def staff_row(row: Row) -> StaffRow:
    return StaffRow(id=row.id, name=row.name, role=row.role, specialization=row.specialization,
                    phone=row.phone, skill=row.skill, max_slots=row.max_slots,
                    cost_per_slot=row.cost_per_slot, overtime_cost=row.overtime_cost,
                    active=row.active)


class StaffService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def get(self, staff_id: int) -> StaffRow:
        async with self._ctx.read() as conn:
            return staff_row(await staff_by_id(conn, staff_id))

    async def list(self, query: str = "", role: str | None = None,
                   include_inactive: bool = False) -> list[StaffRow]:
        s = t.staff
        stmt = select(s)
        if query.strip():
            pattern = like_pattern(query)
            stmt = stmt.where(s.c.name.ilike(pattern, escape="\\")
                              | s.c.specialization.ilike(pattern, escape="\\"))
        if role:
            stmt = stmt.where(s.c.role == parse_staff_role(role))
        if not include_inactive:
            stmt = stmt.where(s.c.active.is_(True))
        async with self._ctx.read() as conn:
            rows = await conn.execute(stmt.order_by(s.c.name, s.c.id))
            return [staff_row(row) for row in rows]

    async def doctors(self) -> list[StaffRow]:
        """Active doctors and surgeons: who a clerk may choose for a bed or an appointment."""
        s = t.staff
        stmt = select(s).where(s.c.active.is_(True), s.c.role.in_(DOCTOR_ROLES))
        async with self._ctx.read() as conn:
            return [staff_row(row) for row in await conn.execute(stmt.order_by(s.c.name))]

    async def add(self, form: StaffForm) -> StaffRow:
        form = check_staff_form(form)
        async with self._ctx.write(Role.ADMIN, "add staff") as tx:
            result = await tx.conn.execute(insert(t.staff).values(**asdict(form), active=True))
            new_id = result.inserted_primary_key[0]
            await tx.audit("add", "staff", new_id, f"{form.role} {form.name}")
        return await self.get(new_id)

    async def edit(self, staff_id: int, form: StaffForm) -> StaffRow:
        form = check_staff_form(form)
        async with self._ctx.write(Role.ADMIN, "edit staff") as tx:
            before = staff_row(await staff_by_id(tx.conn, staff_id))
            changes = {key: value for key, value in asdict(form).items()
                       if getattr(before, key) != value}
            if not changes:
                raise Refused(f"Nothing to change for {before.name}")
            await tx.conn.execute(update(t.staff).where(t.staff.c.id == staff_id)
                                  .values(**changes))
            await tx.audit("edit", "staff", staff_id, f"{before.name}: " + ", ".join(
                f"{key} {getattr(before, key)!r} -> {value!r}" for key, value in changes.items()))
        return await self.get(staff_id)

    async def workload(self, staff_id: int) -> StaffLoad:
        """The patients admitted under this doctor now, and their visits still booked ahead."""
        a = t.appointments
        async with self._ctx.read() as conn:
            await staff_by_id(conn, staff_id)
            patients = await patients_of_doctor(await Driver.of(conn), staff_id)
            visits = await conn.execute(appointment_select().where(and_(
                a.c.doctor_id == staff_id, a.c.status == AppointmentStatus.BOOKED.value,
                a.c.starts_at >= utcnow())).order_by(a.c.starts_at))
            return StaffLoad(patients,
                             [appointment_row(row) for row in visits])

    async def deactivate(self, staff_id: int, reassign_to: int | None = None) -> StaffRow:
        """Deactivate; with `reassign_to`, their admitted patients and booked visits move to
        that active doctor in the same transaction (a clash of visits refuses it all)."""
        async with self._ctx.write(Role.ADMIN, "deactivate staff") as tx:
            row = await staff_by_id(tx.conn, staff_id)
            if not row.active:
                raise Refused(f"{row.name} is already inactive")
            moved = ""
            if reassign_to is not None:
                moved = await _reassign(tx, row, reassign_to)
            await tx.conn.execute(update(t.staff).where(t.staff.c.id == staff_id)
                                  .values(active=False))
            await tx.audit("deactivate", "staff", staff_id, f"{row.role} {row.name}{moved}")
        return await self.get(staff_id)

    async def reactivate(self, staff_id: int) -> StaffRow:
        async with self._ctx.write(Role.ADMIN, "reactivate staff") as tx:
            row = await staff_by_id(tx.conn, staff_id)
            if row.active:
                raise Refused(f"{row.name} is already active")
            await tx.conn.execute(update(t.staff).where(t.staff.c.id == staff_id)
                                  .values(active=True))
            await tx.audit("reactivate", "staff", staff_id, f"{row.role} {row.name}")
        return await self.get(staff_id)


async def _reassign(tx: Tx, leaving: Row, doctor_id: int) -> str:
    """Move `leaving`'s current patients and booked visits ahead to `doctor_id`; the audit's
    words for it."""
    if doctor_id == leaving.id:
        raise Refused(f"Choose a doctor other than {leaving.name}")
    doctor = await active_doctor(await tx.driver(), doctor_id)
    a, ad = t.appointments, t.admissions
    clash = (await tx.conn.execute(
        select(a.c.starts_at).where(and_(
            a.c.doctor_id == leaving.id, a.c.status == AppointmentStatus.BOOKED.value,
            a.c.starts_at >= utcnow(),
            a.c.starts_at.in_(select(a.c.starts_at).where(and_(
                a.c.doctor_id == doctor.id,
                a.c.status != AppointmentStatus.CANCELLED.value))))))).first()
    if clash is not None:
        raise Refused(f"Dr {doctor.name} already has a visit at {short_local(clash.starts_at)}; "
                      "choose another doctor")
    stays = await tx.conn.execute(update(ad).where(and_(
        ad.c.doctor_id == leaving.id, ad.c.discharged_at.is_(None))).values(doctor_id=doctor.id))
    visits = await tx.conn.execute(update(a).where(and_(
        a.c.doctor_id == leaving.id, a.c.status == AppointmentStatus.BOOKED.value,
        a.c.starts_at >= utcnow())).values(doctor_id=doctor.id))
    driver = await tx.driver()  # the waiting list's places for them follow
    waiting = (await driver.rows("SELECT count(*) FROM waiting_list WHERE doctor_id = ? AND "
                                 "status = 'waiting'", (leaving.id,)))[0][0]
    await driver.run("UPDATE waiting_list SET doctor_id = ? WHERE doctor_id = ? AND "
                     "status = 'waiting'", (doctor.id, leaving.id))
    places = f", {waiting} waiting for a visit" if waiting else ""
    return (f"; {stays.rowcount} patients and {visits.rowcount} booked visits{places} "
            f"moved to {doctor.name}")
