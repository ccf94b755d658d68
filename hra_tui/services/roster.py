"""Who is on duty: the roster a plan (or a clerk) wrote, read for the shift at hand.

The bed board shows it, so a clerk admitting a patient sees which staff cover the ward now, or
on the next rostered shift when none is running.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from db import models, plan_models
from hra_tui.services.context import Context
from hra_tui.services.records import DutyShift
from hra_tui.services.times import utcnow

slots_t = models.TimeSlot.__table__  # type: ignore[attr-defined]
roster_t = plan_models.RosterEntry.__table__  # type: ignore[attr-defined]
staff_t = models.Staff.__table__  # type: ignore[attr-defined]


class RosterService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    async def on_duty(self, at: datetime | None = None) -> DutyShift | None:
        """The rostered shift running at `at` (default now), else the next one; None if the
        roster holds nothing from `at` on."""
        at = at or utcnow()
        async with self.ctx.read() as conn:
            slot = (await conn.execute(
                select(slots_t.c.id, slots_t.c.label, slots_t.c.starts_at, slots_t.c.ends_at)
                .where(slots_t.c.ends_at > at)
                .where(slots_t.c.id.in_(select(roster_t.c.slot_id)))
                .order_by(slots_t.c.starts_at).limit(1))).first()
            if slot is None:
                return None
            people = (await conn.execute(
                select(staff_t.c.name, staff_t.c.role, roster_t.c.overtime)
                .join(roster_t, roster_t.c.staff_id == staff_t.c.id)
                .where(roster_t.c.slot_id == slot.id)
                .order_by(staff_t.c.role, staff_t.c.name))).all()
        return DutyShift(label=slot.label, starts_at=slot.starts_at, ends_at=slot.ends_at,
                         running=slot.starts_at <= at,
                         staff=[f"{p.name} ({p.role}{', overtime' if p.overtime else ''})"
                                for p in people])
