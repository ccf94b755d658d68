"""Who is on duty: the roster a plan (or a clerk) wrote, read for the shift at hand.

The bed board shows it, so a clerk admitting a patient sees which staff cover the ward now, or
on the next rostered shift when none is running.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from db import tables as t
from hra_tui.services.context import Context
from hra_tui.services.plain_records import DutyShift
from hra_tui.services.times import utcnow


class RosterService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    async def on_duty(self, at: datetime | None = None) -> DutyShift | None:
        """The rostered shift running at `at` (default now), else the next one; None if the
        roster holds nothing from `at` on."""
        at = at or utcnow()
        async with self.ctx.read() as conn:
            slot = (await conn.execute(
                select(t.time_slots.c.id, t.time_slots.c.label, t.time_slots.c.starts_at,
                       t.time_slots.c.ends_at)
                .where(t.time_slots.c.ends_at > at)
                .where(t.time_slots.c.id.in_(select(t.roster.c.slot_id)))
                .order_by(t.time_slots.c.starts_at).limit(1))).first()
            if slot is None:
                return None
            people = (await conn.execute(
                select(t.staff.c.name, t.staff.c.role, t.roster.c.overtime)
                .join(t.roster, t.roster.c.staff_id == t.staff.c.id)
                .where(t.roster.c.slot_id == slot.id)
                .order_by(t.staff.c.role, t.staff.c.name))).all()
        return DutyShift(label=slot.label, starts_at=slot.starts_at, ends_at=slot.ends_at,
                         running=slot.starts_at <= at,
                         staff=[f"{p.name} ({p.role}{', overtime' if p.overtime else ''})"
                                for p in people])
