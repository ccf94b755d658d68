"""Bill a patient (name, phone or MRN): amount, what for."""

from __future__ import annotations

from textual.app import ComposeResult

from hra_tui.screens.patient_form import PatientFormScreen
from hra_tui.services import validation
from hra_tui.services.plain_records import BillingRow
from hra_tui.services.records.billing import money
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.text_input import TextInput


class InvoiceFormScreen(PatientFormScreen[BillingRow]):
    TITLE = "Billing › New invoice"
    SUBMIT_LABEL = "Create invoice"
    MODE = "billing"

    def fields(self) -> ComposeResult:
        yield self.patient_field()
        yield FormField("amount", "Amount", TextInput(placeholder="e.g. 120.50", compact=True,
                                                  id="in-amount"))
        yield FormField("description", "For", TextInput(placeholder="e.g. X-ray, pharmacy",
                                                    compact=True, id="in-description"))

    def on_mount(self) -> None:
        self.focus_patient()

    def check(self, values: dict[str, str]) -> dict[str, str]:
        return validation.validate_invoice_form(values)

    async def submit(self, values: dict[str, str]) -> BillingRow:
        return await self.hra.ward.billing.create(
            await self.patient(values), validation.parse_invoice_amount(values["amount"]),
            values["description"].strip())

    def done(self, row: BillingRow) -> str:
        return f"Invoice {row.id} for {row.patient_name}: {money(row.amount_cents)}"
