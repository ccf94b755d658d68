"""Billing: invoices with the unpaid first, newest first within each; take payment, bill.

The list is paged like the patient list: `PAGE` invoices at a time, more as the cursor nears
the end, so a hospital's hundred thousand invoices never sit in the table at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from hra_tui.domain import InvoiceStatus, Role
from hra_tui.screens.base import ListScreen
from hra_tui.screens.role_keys import needs
from hra_tui.services.plain_records import BillingRow
from hra_tui.services.records.billing import money

PAGE = 200
PREFETCH = 20


def _day(moment: datetime, now: datetime) -> str:
    """The local day an invoice was raised or paid: '23 Nov', or 'Nov 2025' in another year."""
    local = moment.astimezone()
    return f"{local:%d %b}" if local.year == now.astimezone().year else f"{local:%b %Y}"


class BillingScreen(ListScreen[BillingRow]):
    MODE = "billing"
    TITLE = "Billing"
    TABLE_ID = "invoices"
    COLUMNS = (("No.", 6), ("Patient", 24), ("Amount", 10), ("Status", 6), ("Description", 14),
               ("Date", 7))
    WHOLE = ("Amount",)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "pay", "Mark paid", id="billing-pay"),
        Binding("n", "new_invoice", "New invoice", id="billing-new"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._just_made: str | None = None  # the next reload puts the cursor on this invoice

    async def reload(self) -> None:
        query = self.filter_text

        async def fetch(limit: int, offset: int) -> list[BillingRow]:
            return await self.ward.billing.invoices(query, unpaid_first=True, limit=limit,
                                                    offset=offset)

        if await self.table.load(fetch, PAGE, page=PAGE, prefetch=PREFETCH, query=query,
                                 loaded=self._status):
            self.table.move_to(self._just_made)
            self._just_made = None
            self._status()

    def cells(self, row: BillingRow) -> tuple[object, ...]:
        when = row.paid_at if row.paid_at else row.created_at
        return (row.id, f"{row.patient_mrn} {row.patient_name}",
                f"{money(row.amount_cents):>10}", row.status.upper(), row.description,
                _day(when, self.hra.now()))

    def _status(self) -> None:
        unpaid = [row for row in self.rows if row.status == InvoiceStatus.UNPAID]
        owed = money(sum(row.amount_cents for row in unpaid))
        more = "+" if self.table.more else ""
        text = f"{len(self.rows)}{more} invoices shown, {len(unpaid)}{more} unpaid ({owed} owed)"
        if self.table.query:
            text += f"  ·  filter “{self.table.query}”"
        self.set_status(text)
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#invoices")
    def _moved(self) -> None:
        self.refresh_bindings()

    def offers(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pay" and self.is_mounted:
            row = self.current
            return row is not None and row.status == InvoiceStatus.UNPAID
        return super().offers(action, parameters)

    @needs(Role.CLERK, "take payments")
    @work(group="billing-dialog", exclusive=True)
    async def action_pay(self) -> None:
        paid = await self.confirmed_write_current(
            lambda row: f"Mark invoice {row.id} paid: {money(row.amount_cents)} from "
                        f"{row.patient_name} ({row.description})?",
            lambda row: self.ward.billing.pay(row.id),
            lambda done: f"Invoice {done.id} paid: {money(done.amount_cents)} from "
                         f"{done.patient_name}")
        if paid is not None:
            self.hra.remember(f"the payment of invoice {paid.id} ({money(paid.amount_cents)} "
                              f"from {paid.patient_name})",
                              lambda: self.ward.billing.undo_pay(paid.id))

    @needs(Role.CLERK, "create invoices")
    def action_new_invoice(self) -> None:
        from hra_tui.screens.billing.invoice_form import InvoiceFormScreen

        self.app.push_screen(InvoiceFormScreen(), self._invoiced)

    def _invoiced(self, row: BillingRow | None) -> None:
        """The new invoice gets the cursor, so the next `m` pays it and no other: now, if the
        reload the write started has shown it, else when that reload does."""
        if row is not None:
            key = str(row.id)
            if key in self.table.rows:
                self.table.move_to(key)
            else:
                self._just_made = key
            self.focus_list()
