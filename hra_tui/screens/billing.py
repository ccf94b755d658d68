"""Billing: invoices with the unpaid first, newest first within each; take payment, bill.

The list is paged like the patient list: `PAGE` invoices at a time, more as the cursor nears
the end, so a hospital's hundred thousand invoices never sit in the table at once.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from hra_tui.domain import InvoiceStatus
from hra_tui.screens.base import AreaScreen, row_at_cursor
from hra_tui.screens.prompts import ConfirmScreen
from hra_tui.services.billing import money
from hra_tui.services.records import InvoiceRow
from hra_tui.widgets.plain import plain

PAGE = 200
PREFETCH = 20
COLUMNS = (("No.", 6), ("Patient", 24), ("Amount", 10), ("Status", 6), ("Description", 14),
           ("Date", 7))


def _day(moment: datetime, now: datetime) -> str:
    """The local day an invoice was raised or paid: '23 Nov', or 'Nov 2025' in another year."""
    local = moment.astimezone()
    return f"{local:%d %b}" if local.year == now.astimezone().year else f"{local:%b %Y}"


class BillingScreen(AreaScreen):
    MODE = "billing"
    TITLE = "Billing"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "pay", "Mark paid", id="billing-pay"),
        Binding("n", "new_invoice", "New invoice", id="billing-new"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[InvoiceRow] = []
        self._query = ""
        self._generation = 0
        self._more = False
        self._fetching = False

    def compose_body(self) -> ComposeResult:
        table: DataTable[str] = DataTable(id="invoices", cursor_type="row", zebra_stripes=True)
        for label, width in COLUMNS:
            table.add_column(label, width=width, key=label)
        yield table

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#invoices", DataTable)

    def focus_list(self) -> None:
        self.table.focus()

    def _current(self) -> InvoiceRow | None:
        return row_at_cursor(self.table, self.rows)

    async def reload(self) -> None:
        self._generation += 1
        generation, query = self._generation, self.filter_text
        rows = await self.ward.billing.invoices(query, unpaid_first=True, limit=PAGE)
        if generation != self._generation:
            return
        keep = self._current()
        self._query, self.rows, self._more = query, rows, len(rows) == PAGE
        self.table.clear()
        self._add(rows)
        if keep is not None and str(keep.id) in self.table.rows:
            self.table.move_cursor(row=self.table.get_row_index(str(keep.id)))
        self._status()

    async def _load_more(self, generation: int) -> None:
        self._fetching = True
        try:
            rows = await self.ward.billing.invoices(self._query, unpaid_first=True, limit=PAGE,
                                                    offset=len(self.rows))
        finally:
            self._fetching = False
        if generation == self._generation:
            self.rows.extend(rows)
            self._more = len(rows) == PAGE
            self._add(rows)
            self._status()

    def _add(self, rows: list[InvoiceRow]) -> None:
        now = self.hra.now()
        for row in rows:
            when = row.paid_at if row.paid_at else row.created_at
            self.table.add_row(*plain(row.id, f"{row.patient_mrn} {row.patient_name}",
                                      f"{money(row.amount_cents):>10}", row.status.upper(),
                                      row.description, _day(when, now)), key=str(row.id))

    def _status(self) -> None:
        unpaid = [row for row in self.rows if row.status == InvoiceStatus.UNPAID]
        owed = money(sum(row.amount_cents for row in unpaid))
        more = "+" if self._more else ""
        text = f"{len(self.rows)}{more} invoices shown, {len(unpaid)}{more} unpaid ({owed} owed)"
        if self._query:
            text += f"  ·  filter “{self._query}”"
        self.set_status(text)
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#invoices")
    def _moved(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()
        if self._more and not self._fetching and event.cursor_row >= len(self.rows) - PREFETCH:
            self.run_worker(partial(self._load_more, self._generation), group="more")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pay" and self.is_mounted:
            row = self._current()
            return row is not None and row.status == InvoiceStatus.UNPAID
        return True

    @work(group="billing-dialog", exclusive=True)
    async def action_pay(self) -> None:
        row = self._current()
        if row is None:
            return
        if await self.app.push_screen_wait(ConfirmScreen(
                f"Mark invoice {row.id} paid: {money(row.amount_cents)} from "
                f"{row.patient_name} ({row.description})?")):
            await self.hra.attempt(
                self.ward.billing.pay(row.id),
                lambda done: f"Invoice {done.id} paid: {money(done.amount_cents)} from "
                             f"{done.patient_name}")

    def action_new_invoice(self) -> None:
        from hra_tui.screens.invoice_form import InvoiceFormScreen

        self.app.push_screen(InvoiceFormScreen())
