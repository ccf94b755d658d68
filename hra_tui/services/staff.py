"""Doctors and clinical staff. Nobody is deleted: history refers to them, so they are
deactivated, and deactivated staff drop out of every list a clerk chooses from."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import Row, insert, select, update

from db import tables as t
from hra_tui.domain import DOCTOR_ROLES, Role
from hra_tui.services.context import Context
from hra_tui.services.errors import Refused
from hra_tui.services.lookups import staff_by_id
from hra_tui.services.records import StaffForm, StaffRow
from hra_tui.services.search import like_pattern
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
            stmt = stmt.where(s.c.name.like(pattern, escape="\\")
                              | s.c.specialization.like(pattern, escape="\\"))
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

    async def deactivate(self, staff_id: int) -> StaffRow:
        async with self._ctx.write(Role.ADMIN, "deactivate staff") as tx:
            row = await staff_by_id(tx.conn, staff_id)
            if not row.active:
                raise Refused(f"{row.name} is already inactive")
            await tx.conn.execute(update(t.staff).where(t.staff.c.id == staff_id)
                                  .values(active=False))
            await tx.audit("deactivate", "staff", staff_id, f"{row.role} {row.name}")
        return await self.get(staff_id)
