"""Add or edit one care request: how urgent, the least skill of whoever serves it, its cost
and minutes, why, the resource it needs and the slots it may be served in (the service
checks the same rules, and that only a waiting request is edited)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select

from hra_tui.fields import CARE_NUMBERS, REASON
from hra_tui.screens.form import FormScreen
from hra_tui.services.plain_records import CareRow, Choice
from hra_tui.services.validation import care_form_from_values, validate_care_form
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.text_input import TextInput

YES_NO = (("No, may wait", "no"), ("Yes, never deferred", "yes"))


def _pick(name: str, label: str, choices: list[Choice], value: int | None,
          prompt: str) -> FormField:
    options = [(choice.label, str(choice.id)) for choice in choices]
    chosen = str(value) if value is not None else Select.NULL
    if value is not None and chosen not in {v for _l, v in options}:
        options.append((f"#{value}", chosen))  # a slot gone by stays as it was
    return FormField(name, label, Select(options, value=chosen, prompt=prompt, compact=True,
                                         id=f"in-{name}"))


class CareFormScreen(FormScreen[CareRow]):
    MODE = "planning"

    def __init__(self, mrn: str, patient: str, slots: list[Choice], resources: list[Choice],
                 editing: CareRow | None = None) -> None:
        super().__init__()
        self.mrn = mrn
        self.editing = editing
        self.slots = slots
        self.resources = resources
        self.TITLE = (f"Planning › Care request {editing.id} for {patient}" if editing
                      else f"Planning › Care request for {patient} ({mrn})")
        self.SUBMIT_LABEL = "Save changes" if editing else "Add request"

    def fields(self) -> ComposeResult:
        row = self.editing
        for name, spec in CARE_NUMBERS.items():
            value = getattr(row, name) if row else spec.default
            yield FormField(name, spec.form_label, TextInput(
                value=str(value), placeholder=spec.form_hint, compact=True, id=f"in-{name}"))
        yield FormField("reason", REASON.label, TextInput(
            value=row.reason if row else "", placeholder="e.g. wound dressing", compact=True,
            id="in-reason"))
        yield _pick("resource_id", "Resource", self.resources,
                    row.resource_id if row else None, "none")
        yield _pick("earliest_slot_id", "Earliest slot", self.slots,
                    row.earliest_slot_id if row else None, "any")
        yield _pick("due_slot_id", "Due by slot", self.slots,
                    row.due_slot_id if row else None, "none")
        yield FormField("must_serve", "Must serve", Select(
            YES_NO, value="yes" if row and row.must_serve else "no", allow_blank=False,
            compact=True, id="in-must_serve"))

    def on_mount(self) -> None:
        self.query_one("#in-urgency", Input).focus()

    def check(self, values: dict[str, str]) -> dict[str, str]:
        return validate_care_form(values)

    async def submit(self, values: dict[str, str]) -> CareRow:
        form = care_form_from_values(values)
        care = self.hra.ward.care
        if self.editing is not None:
            return await care.edit(self.editing.id, form)
        return await care.add(self.mrn, form)

    def done(self, row: CareRow) -> str:
        return (f"Care request {row.id} {'saved' if self.editing else 'added'} for "
                f"{row.patient_name}: urgency {row.urgency}, {row.duration_min} min")


async def open_care_form(app, mrn: str, patient: str, editing: CareRow | None = None) -> None:
    """The form with the upcoming slots and the resources in use to choose from; awaited
    (call from a worker)."""
    care = app.ward.care
    await app.push_screen_wait(CareFormScreen(mrn, patient, await care.slots(app.now()),
                                              await care.resources(), editing))
