"""Events that change the day, as records: a staff member absent (`ward.absences`) and a
resource, such as an operating theatre, closed (`ward.closures`), each from one moment to a
later one, with a reason.

Clerks enter them (a nurse calls in sick at 06:30), list those in force now or still to come,
and cancel them; cancelling (reopening a resource) is a status change that keeps who did it,
never a delete. Each write is one audited transaction. An event is refused for a staff member
or resource that is unknown or no longer in use, when To is not after From, when it is over
already, and when it overlaps another event of the same person or resource in force.

Both planners read the events in force through `absences_between` and `closures_between`.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import Row, Table, and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db import tables as t
from hra_tui.domain import EventStatus, Role
from hra_tui.services.context import Context
from hra_tui.services.errors import NotFound, Refused
from hra_tui.services.plain_records import Choice, EventForm, EventRow
from hra_tui.services.times import at_local, local_span, utcnow
from hra_tui.services.validation import check_event_form

ACTIVE = EventStatus.ACTIVE.value
SQLITE_INTEGER = 2**63  # an id at or beyond it names no row (and SQLite cannot bind it)


class _Events:
    """What the absences and the closures share; a subclass names its table, the table of
    who or what it is about, and its words."""

    TABLE: ClassVar[str]  # the events' table in db.tables
    SUBJECTS: ClassVar[str]  # the table of who or what an event is about
    OWNER: ClassVar[str]  # the events' column naming the subject
    KIND: ClassVar[str]  # the subject's column shown as its kind (a role, a resource kind)
    ENTITY: ClassVar[str]  # the audit's word: "staff absence"
    WORD: ClassVar[str]  # "Absence"
    SUBJECT: ClassVar[str]  # "staff member"
    IN_FORCE: ClassVar[str]  # "is absent": "Ann Lee is absent from ... to ..."

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    @property
    def _events(self) -> Table:
        return getattr(t, self.TABLE)

    @property
    def _subjects(self) -> Table:
        return getattr(t, self.SUBJECTS)

    def _select(self):
        e, s = self._events, self._subjects
        return (select(e, e.c[self.OWNER].label("subject_id"), s.c.name.label("subject"),
                       s.c[self.KIND].label("kind"))
                .join(s, s.c.id == e.c[self.OWNER]))

    def _row(self, row: Row) -> EventRow:
        return EventRow(starts_at=row.starts_at, ends_at=row.ends_at, reason=row.reason,
                        id=row.id, subject_id=row.subject_id, subject=row.subject,
                        kind=row.kind, status=row.status, entered_by=row.entered_by,
                        entered_at=row.entered_at, cancelled_by=row.cancelled_by,
                        cancelled_at=row.cancelled_at)

    async def get(self, event_id: int) -> EventRow:
        async with self._ctx.read() as conn:
            return self._row(await self._find(conn, event_id))

    async def _find(self, conn: AsyncConnection, event_id: int) -> Row:
        row = None
        if abs(event_id) < SQLITE_INTEGER:
            row = (await conn.execute(self._select().where(self._events.c.id == event_id))
                   ).first()
        if row is None:
            raise NotFound(f"No {self.WORD.lower()} {event_id}")
        return row

    async def list(self, everything: bool = False, at: datetime | None = None) -> list[EventRow]:
        """The events in force now or still to come, soonest first; `everything`: past and
        cancelled ones too."""
        e = self._events
        query = self._select().order_by(e.c.starts_at, e.c.id)
        if not everything:
            query = query.where(e.c.status == ACTIVE, e.c.ends_at > (at or utcnow()))
        async with self._ctx.read() as conn:
            return [self._row(row) for row in await conn.execute(query)]

    async def add(self, subject_id: int, form: EventForm) -> EventRow:
        form = check_event_form(form)
        async with self._ctx.write(Role.CLERK, f"enter {self.ENTITY}s") as tx:
            subject = await self._subject(tx.conn, subject_id)
            e = self._events
            clash = (await tx.conn.execute(select(e.c.id, e.c.starts_at, e.c.ends_at).where(
                e.c[self.OWNER] == subject_id, e.c.status == ACTIVE,
                e.c.starts_at < form.ends_at, e.c.ends_at > form.starts_at)
                .order_by(e.c.starts_at))).first()
            if clash is not None:
                raise Refused(f"{subject.name} {self.IN_FORCE} "
                              f"{local_span(clash.starts_at, clash.ends_at)} already "
                              f"({self.WORD.lower()} {clash.id}); cancel that one first or "
                              "choose times that do not overlap it")
            new_id = (await tx.conn.execute(insert(e).values(
                **{self.OWNER: subject_id}, starts_at=form.starts_at, ends_at=form.ends_at,
                reason=form.reason, status=ACTIVE, entered_by=tx.actor.name,
                entered_at=utcnow()))).inserted_primary_key[0]
            await tx.audit("add", self.ENTITY, new_id,
                           f"{subject.name}: {local_span(form.starts_at, form.ends_at)}"
                           + (f", {form.reason}" if form.reason else ""))
        return await self.get(new_id)

    async def _subject(self, conn: AsyncConnection, subject_id: int) -> Row:
        s = self._subjects
        row = None
        if abs(subject_id) < SQLITE_INTEGER:
            row = (await conn.execute(select(s).where(s.c.id == subject_id))).first()
        if row is None:
            raise NotFound(f"No {self.SUBJECT} with id {subject_id}")
        if not row.active:
            raise Refused(f"{row.name} is no longer in use; the planners do not plan with "
                          f"inactive {self.SUBJECT}s")
        return row

    async def cancel(self, event_id: int) -> EventRow:
        """The event no longer holds: its status changes, the record stays."""
        async with self._ctx.write(Role.CLERK, f"cancel {self.ENTITY}s") as tx:
            row = await self._find(tx.conn, event_id)
            if row.status != ACTIVE:
                raise Refused(f"{self.WORD} {event_id} of {row.subject} was cancelled already, "
                              f"{at_local(row.cancelled_at)} by {row.cancelled_by}")
            await tx.conn.execute(update(self._events).where(self._events.c.id == event_id)
                                  .values(status=EventStatus.CANCELLED.value,
                                          cancelled_by=tx.actor.name, cancelled_at=utcnow()))
            await tx.audit("cancel", self.ENTITY, event_id,
                           f"{row.subject}: {local_span(row.starts_at, row.ends_at)}")
        return await self.get(event_id)


class AbsenceService(_Events):
    """Staff absences; opened once per ward as `ward.absences`. Clerks write them."""

    TABLE, SUBJECTS, OWNER, KIND = "staff_absences", "staff", "staff_id", "role"
    ENTITY, WORD, SUBJECT, IN_FORCE = "staff absence", "Absence", "staff member", "is absent"


class ClosureService(_Events):
    """Resource closures (a theatre out of use); opened once per ward as `ward.closures`.
    Clerks write them; reopening a resource is cancelling its closure."""

    TABLE, SUBJECTS, OWNER, KIND = "resource_closures", "resources", "resource_id", "kind"
    ENTITY, WORD, SUBJECT, IN_FORCE = "resource closure", "Closure", "resource", "is closed"

    async def resources(self) -> list[Choice]:
        """The resources in use, by name: what a closure is chosen from; the admissions
        planner's theatres (those with minutes per day) first."""
        res = t.resources
        theatre = res.c.id.in_(select(t.theatre_days.c.resource_id))
        async with self._ctx.read() as conn:
            rows = await conn.execute(select(res.c.id, res.c.name)
                                      .where(res.c.active.is_(True))
                                      .order_by(theatre.desc(), res.c.name))
            return [Choice(row.id, row.name) for row in rows]


async def _in_force(conn: AsyncConnection, table: Table, owner: str, start: datetime,
                    end: datetime) -> list[Row]:
    return list(await conn.execute(
        select(table.c[owner].label("owner"), table.c.starts_at, table.c.ends_at)
        .where(and_(table.c.status == ACTIVE, table.c.starts_at < end, table.c.ends_at > start))
        .order_by(table.c[owner], table.c.starts_at, table.c.id)))


async def absences_between(conn: AsyncConnection, start: datetime, end: datetime) -> list[Row]:
    """The absences in force that overlap [start, end): (owner = staff id, starts_at,
    ends_at), for the planners."""
    return await _in_force(conn, t.staff_absences, "staff_id", start, end)


async def closures_between(conn: AsyncConnection, start: datetime, end: datetime) -> list[Row]:
    """The closures in force that overlap [start, end): (owner = resource id, starts_at,
    ends_at), for the planners."""
    return await _in_force(conn, t.resource_closures, "resource_id", start, end)
