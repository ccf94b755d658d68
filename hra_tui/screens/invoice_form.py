"""Bill a patient: MRN, amount, what for."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from hra_tui.screens.form import FormScreen
from hra_tui.services import validation
from hra_tui.services.billing import money
from hra_tui.services.errors import Invalid
from hra_tui.services.records import InvoiceRow
from hra_tui.widgets.form_field import FormField


def _amount(text: str) -> int:
    cents = validation.parse_money(text)
    if cents is None:
        raise Invalid("Give the amount, e.g. 120.50")
    return cents


def _invoice_errors(values: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not values.get("mrn", "").strip():
        errors["mrn"] = "Type the patient's MRN, e.g. P000123"
    checks = {"amount": _amount,
              "description": lambda text: validation.parse_text(text, "Description", 200)}
    for name, check in checks.items():
        try:
            check(values.get(name, ""))
        except Invalid as exc:
            errors[name] = str(exc)
    return errors


class InvoiceFormScreen(FormScreen[InvoiceRow]):
    TITLE = "Billing › New invoice"
    SUBMIT_LABEL = "Create invoice"
    MODE = "billing"

    def fields(self) -> ComposeResult:
        yield FormField("mrn", "Patient MRN", Input(placeholder="e.g. P000123", compact=True,
                                                    id="in-mrn"))
        yield FormField("amount", "Amount", Input(placeholder="e.g. 120.50", compact=True,
                                                  id="in-amount"))
        yield FormField("description", "For", Input(placeholder="e.g. X-ray, pharmacy",
                                                    compact=True, id="in-description"))

    def on_mount(self) -> None:
        self.query_one("#in-mrn", Input).focus()

    def check(self, values: dict[str, str]) -> dict[str, str]:
        return _invoice_errors(values)

    async def submit(self, values: dict[str, str]) -> InvoiceRow:
        return await self.hra.ward.billing.create(
            values["mrn"].strip().upper(), _amount(values["amount"]),
            values["description"].strip())

    def done(self, row: InvoiceRow) -> str:
        return f"Invoice {row.id} for {row.patient_name}: {money(row.amount_cents)}"
