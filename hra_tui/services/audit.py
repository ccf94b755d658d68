"""Reading the audit trail (rows are written by every write's own transaction, see context)."""

from __future__ import annotations

from sqlalchemy import or_, select

from db import tables as t
from hra_tui.services.context import Context
from hra_tui.services.plain_records import AuditRow
from hra_tui.services.search import like_pattern


class AuditService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def recent(self, query: str = "", limit: int = 200) -> list[AuditRow]:
        """Newest first; the query matches user, action, entity or detail."""
        log = t.audit_log
        stmt = select(log)
        if query.strip():
            pattern = like_pattern(query)
            stmt = stmt.where(or_(*(column.ilike(pattern, escape="\\") for column in
                                    (log.c.user, log.c.action, log.c.entity, log.c.detail))))
        async with self._ctx.read() as conn:
            rows = await conn.execute(stmt.order_by(log.c.id.desc()).limit(limit))
            return [AuditRow(at=row.at, user=row.user, action=row.action, entity=row.entity,
                             entity_id=row.entity_id, detail=row.detail) for row in rows]
