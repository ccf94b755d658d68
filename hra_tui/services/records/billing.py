"""Invoices (the seed's billing): created in cents, paid once, unpaid listed first."""

from __future__ import annotations

from sqlalchemy import Row, case, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db import tables as t
from hra_tui.domain import InvoiceStatus, Role
from hra_tui.services.context import Context, Tx
from hra_tui.services.errors import Invalid, NotFound, Refused
from hra_tui.services.plain_records import BillingRow
from hra_tui.services.records.lookups import patient_by_mrn
from hra_tui.services.records.states import PatientState
from hra_tui.services.search import like_pattern
from hra_tui.services.times import at_local, utcnow
from hra_tui.services.validation import check_amount_cents, parse_text


def _select():
    b, p = t.billing, t.patients
    return (select(b.c.id, b.c.amount_cents, b.c.description, b.c.status, b.c.created_at,
                   b.c.paid_at, p.c.mrn.label("patient_mrn"), p.c.name.label("patient_name"))
            .join(p, p.c.id == b.c.patient_id))


def invoice_row(row: Row) -> BillingRow:
    return BillingRow(**row._mapping)  # _select labels each column as the record names it


async def invoices_of_patient(conn: AsyncConnection, patient_id: int) -> list[BillingRow]:
    rows = await conn.execute(_select().where(t.billing.c.patient_id == patient_id)
                              .order_by(t.billing.c.created_at.desc(), t.billing.c.id.desc()))
    return [invoice_row(row) for row in rows]


async def invoice_in(tx: Tx, patient: Row | PatientState, amount_cents: int,
                     description: str, paid: bool = False) -> int:
    """Create an invoice inside an open transaction: unpaid, or paid now at the desk."""
    if not isinstance(amount_cents, int) or isinstance(amount_cents, bool):
        raise Invalid("Amount must be a whole number of cents")
    check_amount_cents(amount_cents)
    result = await tx.conn.execute(insert(t.billing).values(
        patient_id=patient.id, amount_cents=amount_cents,
        description=parse_text(description, "Description", 200),
        status=(InvoiceStatus.PAID if paid else InvoiceStatus.UNPAID).value,
        created_at=(now := utcnow()), paid_at=now if paid else None,
    ))
    return result.inserted_primary_key[0]


def money(cents: int) -> str:
    return f"{cents // 100:,}.{cents % 100:02d}"


class BillingService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def get(self, invoice_id: int) -> BillingRow:
        async with self._ctx.read() as conn:
            row = (await conn.execute(_select().where(t.billing.c.id == invoice_id))).first()
        if row is None:
            raise NotFound(f"No invoice {invoice_id}")
        return invoice_row(row)

    async def invoices(self, query: str = "", unpaid_first: bool = True, limit: int = 200,
                       offset: int = 0) -> list[BillingRow]:
        """Invoices matching a patient name, MRN or description; newest first within status."""
        b, p = t.billing, t.patients
        page = select(b.c.id)
        if query.strip():
            pattern = like_pattern(query)
            patients = select(p.c.id).where(or_(p.c.name.ilike(pattern, escape="\\"),
                                                p.c.mrn.ilike(pattern, escape="\\")))
            page = page.where(or_(b.c.patient_id.in_(patients),
                                  b.c.description.ilike(pattern, escape="\\")))
        order = [b.c.created_at.desc(), b.c.id.desc()]
        if unpaid_first:
            order.insert(0, case((b.c.status == InvoiceStatus.UNPAID.value, 0), else_=1))
        # Page the billing rows alone, then join the page: sorting the join costs 15x more.
        ids = page.order_by(*order).limit(limit).offset(offset).subquery()
        stmt = _select().join(ids, ids.c.id == b.c.id).order_by(*order)
        async with self._ctx.read() as conn:
            return [invoice_row(row) for row in await conn.execute(stmt)]

    async def create(self, mrn: str, amount_cents: int, description: str) -> BillingRow:
        async with self._ctx.write(Role.CLERK, "create invoices") as tx:
            patient = await patient_by_mrn(tx.conn, mrn)
            new_id = await invoice_in(tx, patient, amount_cents, description)
            await tx.audit("invoice", "invoice", new_id,
                           f"{patient.mrn} {patient.name}: {money(amount_cents)} {description}")
        return await self.get(new_id)

    async def pay(self, invoice_id: int) -> BillingRow:
        async with self._ctx.write(Role.CLERK, "take payments") as tx:
            row = await _invoice(tx.conn, invoice_id)
            if row.status == InvoiceStatus.PAID.value:
                raise Refused(f"Invoice {row.id} was already paid {at_local(row.paid_at)}")
            if row.status != InvoiceStatus.UNPAID.value:
                raise Refused(f"Invoice {row.id} is {row.status}; it cannot be paid")
            await tx.conn.execute(update(t.billing).where(t.billing.c.id == row.id)
                                  .values(status=InvoiceStatus.PAID.value, paid_at=utcnow()))
            await tx.audit("pay", "invoice", row.id,
                           f"{row.patient_mrn} {row.patient_name}: {money(row.amount_cents)} paid")
        return await self.get(invoice_id)

    async def undo_pay(self, invoice_id: int) -> BillingRow:
        """Reverse a payment taken by mistake: the invoice is unpaid again (audited)."""
        async with self._ctx.write(Role.CLERK, "take payments") as tx:
            row = await _invoice(tx.conn, invoice_id)
            if row.status != InvoiceStatus.PAID.value:
                raise Refused(f"Invoice {row.id} ({row.patient_name}) is not paid")
            await tx.conn.execute(update(t.billing).where(t.billing.c.id == row.id)
                                  .values(status=InvoiceStatus.UNPAID.value, paid_at=None))
            await tx.audit("undo pay", "invoice", row.id,
                           f"{row.patient_mrn} {row.patient_name}: {money(row.amount_cents)} "
                           "unpaid again")
        return await self.get(invoice_id)


async def _invoice(conn, invoice_id: int):
    """The invoice row with its patient's MRN and name, or NotFound."""
    row = (await conn.execute(_select().where(t.billing.c.id == invoice_id))).first()
    if row is None:
        raise NotFound(f"No invoice {invoice_id}")
    return row
