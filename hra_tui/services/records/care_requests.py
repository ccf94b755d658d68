"""Care requests: patients waiting for the planner to give them a slot, a staff member and,
if they need one, a resource.

Only a waiting request is edited or cancelled: a scheduled one has an appointment an applied
plan booked, and a done or cancelled one is history. Each write is one audited transaction.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import Row, insert, select, update

from db import tables as t
from hra_tui.domain import CareStatus, Role
from hra_tui.services.context import Context, Tx
from hra_tui.services.errors import Invalid, NotFound, Refused
from hra_tui.services.plain_records import CareForm, CareRow, Choice
from hra_tui.services.records.lookups import patient_by_mrn
from hra_tui.services.records.states import normalise_mrn
from hra_tui.services.times import short_local, utcnow
from hra_tui.services.validation import check_care_form

_FORM_FIELDS = tuple(CareForm.__dataclass_fields__)


def _select():
    r, p, res = t.care_requests, t.patients, t.resources
    earliest, due = t.time_slots.alias("earliest"), t.time_slots.alias("due")
    return (select(r, p.c.mrn, p.c.name.label("patient_name"),
                   res.c.name.label("resource"), earliest.c.label.label("earliest"),
                   due.c.label.label("due"))
            .join(p, p.c.id == r.c.patient_id)
            .outerjoin(res, res.c.id == r.c.resource_id)
            .outerjoin(earliest, earliest.c.id == r.c.earliest_slot_id)
            .outerjoin(due, due.c.id == r.c.due_slot_id))


def _row(row: Row) -> CareRow:
    return CareRow(**{field: row._mapping[field] for field in _FORM_FIELDS},
                   id=row.id, patient_mrn=row.mrn, patient_name=row.patient_name,
                   status=row.status, resource=row.resource, earliest=row.earliest, due=row.due)


async def _check_links(tx: Tx, form: CareForm) -> None:
    """The resource is in use, the slots exist and the due slot is not before the earliest."""
    conn = tx.conn
    if form.resource_id is not None:
        res = (await conn.execute(select(t.resources).where(
            t.resources.c.id == form.resource_id))).first()
        if res is None:
            raise NotFound(f"No resource with id {form.resource_id}")
        if not res.active:
            raise Refused(f"{res.name} is no longer in use; choose another resource")
    starts = {}
    for field in ("earliest_slot_id", "due_slot_id"):
        slot_id = getattr(form, field)
        if slot_id is not None:
            slot = (await conn.execute(select(t.time_slots).where(
                t.time_slots.c.id == slot_id))).first()
            if slot is None:
                raise NotFound(f"No time slot with id {slot_id}")
            starts[field] = slot
    if len(starts) == 2 and starts["due_slot_id"].starts_at < starts["earliest_slot_id"].starts_at:
        raise Invalid(f"The due slot ({starts['due_slot_id'].label}) is before the earliest "
                      f"({starts['earliest_slot_id'].label})")


def _words(form: CareForm) -> str:
    return (f"urgency {form.urgency}, skill {form.skill_min}, {form.duration_min} min"
            + (f", {form.reason}" if form.reason else ""))


class CareRequestService:
    """The planner's waiting list; opened once per ward as `ward.care`. Clerks write it."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def get(self, request_id: int) -> CareRow:
        async with self._ctx.read() as conn:
            row = (await conn.execute(_select().where(
                t.care_requests.c.id == request_id))).first()
        if row is None:
            raise NotFound(f"No care request {request_id}")
        return _row(row)

    async def list(self, status: str | None = CareStatus.WAITING.value,
                   mrn: str | None = None) -> list[CareRow]:
        """Requests (waiting ones by default; None: all), most urgent first."""
        r = t.care_requests
        query = _select().order_by(r.c.urgency.desc(), r.c.id)
        if status is not None:
            query = query.where(r.c.status == CareStatus(status).value)
        if mrn:
            query = query.where(t.patients.c.mrn == normalise_mrn(mrn))
        async with self._ctx.read() as conn:
            return [_row(row) for row in await conn.execute(query)]

    async def slots(self, at: datetime | None = None) -> list[Choice]:
        """The slots still to start: what a request's earliest and due slots are chosen from."""
        s = t.time_slots
        async with self._ctx.read() as conn:
            rows = await conn.execute(select(s.c.id, s.c.label, s.c.starts_at)
                                      .where(s.c.starts_at >= (at or utcnow()))
                                      .order_by(s.c.starts_at))
            return [Choice(row.id, row.label or short_local(row.starts_at)) for row in rows]

    async def slot_at(self, moment: datetime) -> Choice:
        """The slot a moment falls in (a start counts, an end does not)."""
        s = t.time_slots
        async with self._ctx.read() as conn:
            row = (await conn.execute(select(s.c.id, s.c.label, s.c.starts_at)
                                      .where(s.c.starts_at <= moment, s.c.ends_at > moment)
                                      )).first()
        if row is None:
            raise NotFound(f"No time slot at {short_local(moment)}")
        return Choice(row.id, row.label or short_local(row.starts_at))

    async def resources(self) -> list[Choice]:
        res = t.resources
        async with self._ctx.read() as conn:
            rows = await conn.execute(select(res.c.id, res.c.name)
                                      .where(res.c.active.is_(True)).order_by(res.c.name))
            return [Choice(row.id, row.name) for row in rows]

    async def add(self, mrn: str, form: CareForm) -> CareRow:
        form = check_care_form(form)
        async with self._ctx.write(Role.CLERK, "add care requests") as tx:
            patient = await patient_by_mrn(tx.conn, mrn)
            await _check_links(tx, form)
            new_id = (await tx.conn.execute(insert(t.care_requests).values(
                patient_id=patient.id, created_at=utcnow(), status=CareStatus.WAITING.value,
                **asdict(form)))).inserted_primary_key[0]
            await tx.audit("add", "care request", new_id,
                           f"{patient.mrn} {patient.name}: {_words(form)}")
        return await self.get(new_id)

    async def _waiting(self, tx: Tx, request_id: int, doing: str) -> Row:
        row = (await tx.conn.execute(_select().where(
            t.care_requests.c.id == request_id))).first()
        if row is None:
            raise NotFound(f"No care request {request_id}")
        if row.status != CareStatus.WAITING.value:
            raise Refused(f"Care request {request_id} for {row.patient_name} is {row.status}; "
                          f"only a waiting request can be {doing}")
        return row

    async def edit(self, request_id: int, form: CareForm) -> CareRow:
        form = check_care_form(form)
        async with self._ctx.write(Role.CLERK, "edit care requests") as tx:
            before = _row(await self._waiting(tx, request_id, "edited"))
            changes = {field: value for field, value in asdict(form).items()
                       if getattr(before, field) != value}
            if not changes:
                raise Refused(f"Nothing to change for care request {request_id}")
            await _check_links(tx, form)
            await tx.conn.execute(update(t.care_requests)
                                  .where(t.care_requests.c.id == request_id).values(**changes))
            await tx.audit("edit", "care request", request_id,
                           f"{before.patient_mrn} {before.patient_name}: " + ", ".join(
                               f"{field} {getattr(before, field)!r} -> {value!r}"
                               for field, value in changes.items()))
        return await self.get(request_id)

    async def cancel(self, request_id: int) -> CareRow:
        async with self._ctx.write(Role.CLERK, "cancel care requests") as tx:
            row = await self._waiting(tx, request_id, "cancelled")
            await tx.conn.execute(update(t.care_requests)
                                  .where(t.care_requests.c.id == request_id)
                                  .values(status=CareStatus.CANCELLED.value))
            await tx.audit("cancel", "care request", request_id,
                           f"{row.mrn} {row.patient_name}: {row.reason or 'no reason given'}")
        return await self.get(request_id)
