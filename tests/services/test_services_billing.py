"""Invoices: exact cents, paid once, unpaid first, searchable."""

from __future__ import annotations

import pytest

from hra_tui.services.errors import Invalid, NotAllowed, NotFound, Refused


async def test_create_pay_and_list_unpaid_first(open_ward, seed):
    async with open_ward(seed.clerk) as ward:
        first = await ward.billing.create(seed.waiting, 5_000, "X-ray")
        second = await ward.billing.create(seed.other, 0, "Follow-up (free)")
        assert (first.amount_cents, first.status, first.paid_at) == (5_000, "unpaid", None)
        paid = await ward.billing.pay(first.id)
        assert paid.status == "paid" and paid.paid_at is not None
        listed = await ward.billing.invoices()
        assert [row.status for row in listed] == ["unpaid", "unpaid", "paid"]
        assert listed[0].id == second.id  # newest unpaid first
        assert [row.id for row in await ward.billing.invoices("x-ray")] == [first.id]
        assert [row.patient_name for row in await ward.billing.invoices("doe")] == ["Jane Doe"]
        assert len(await ward.billing.invoices(limit=1, offset=2)) == 1
        newest = await ward.billing.invoices(unpaid_first=False)
        assert newest[0].id == second.id and newest[1].id == first.id
        audit = await ward.audit.recent(limit=3)
        assert [(row.user, row.action) for row in audit] == \
            [("clara", "pay"), ("clara", "invoice"), ("clara", "invoice")]
        assert "50.00 X-ray" in audit[2].detail


async def test_paying_twice_says_when(ward, seed, db_dump):
    invoice = (await ward.patients.get(seed.admitted)).invoices[0]
    await ward.billing.pay(invoice.id)
    before = db_dump()
    with pytest.raises(Refused, match=rf"^Invoice {invoice.id} was already paid at \d\d:\d\d$"):
        await ward.billing.pay(invoice.id)
    with pytest.raises(NotFound, match="^No invoice 777$"):
        await ward.billing.pay(777)
    assert db_dump() == before


@pytest.mark.parametrize(("amount", "message"), [
    (-1, "cannot be negative"), (100_000_001, "too large"), (12.5, "whole number of cents"),
])
async def test_bad_amounts(ward, seed, db_dump, amount, message):
    before = db_dump()
    with pytest.raises(Invalid, match=message):
        await ward.billing.create(seed.waiting, amount, "x")
    assert db_dump() == before


async def test_viewer_cannot_bill(open_ward, seed, db_dump):
    before = db_dump()
    async with open_ward(seed.viewer) as ward:
        with pytest.raises(NotAllowed, match="cannot create invoices"):
            await ward.billing.create(seed.waiting, 100, "x")
        with pytest.raises(NotAllowed, match="cannot take payments"):
            await ward.billing.pay(1)
        assert len(await ward.billing.invoices()) == 1
    assert db_dump() == before
