"""The ward's layout from the bed board: a ward's name and whether it takes patients, and a
bed's label, ward, type and room, with the beds CSV import's rules (checked again by the
service, which also keeps an occupied bed on its ward)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select

from hra_tui.domain import BedType
from hra_tui.fields import ROOM
from hra_tui.screens.form import FormScreen
from hra_tui.services.errors import Invalid
from hra_tui.services.plain_records import BedRow, WardRow
from hra_tui.services.validation import (
    bed_form_from_values,
    parse_ward_name,
    validate_bed_form,
)
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.text_input import TextInput

BED_TYPES = tuple((kind.value.upper() if kind is BedType.ICU else kind.value.capitalize(),
                   kind.value) for kind in BedType)
ACTIVE = (("Yes, takes patients", "yes"), ("No, deactivated", "no"))


def _text(name: str, label: str, value: str, placeholder: str = "") -> FormField:
    return FormField(name, label, TextInput(value=value, placeholder=placeholder, compact=True,
                                            id=f"in-{name}"))


class WardFormScreen(FormScreen[WardRow]):
    """Add a ward, or rename one and (de)activate it."""

    MODE = "beds"

    def __init__(self, editing: WardRow | None = None) -> None:
        super().__init__()
        self.editing = editing
        self.TITLE = f"Beds › Ward {editing.name}" if editing else "Beds › Add a ward"
        self.SUBMIT_LABEL = "Save changes" if editing else "Add ward"

    def fields(self) -> ComposeResult:
        ward = self.editing
        yield _text("name", "Name", ward.name if ward else "", "e.g. Ward 5 — Cardiology")
        if ward is not None:
            yield FormField("active", "Active", Select(
                ACTIVE, value="yes" if ward.active else "no", allow_blank=False, compact=True,
                id="in-active"))

    def on_mount(self) -> None:
        self.query_one("#in-name", Input).focus()

    def check(self, values: dict[str, str]) -> dict[str, str]:
        try:
            parse_ward_name(values["name"])
        except Invalid as exc:
            return {"name": str(exc)}
        return {}

    async def submit(self, values: dict[str, str]) -> WardRow:
        layout = self.hra.ward.layout
        if self.editing is None:
            return await layout.add_ward(values["name"])
        active = values["active"] == "yes"
        return await layout.edit_ward(
            self.editing.name, values["name"],
            None if active == self.editing.active else active)

    def done(self, row: WardRow) -> str:
        if self.editing is None:
            return f"Ward {row.name} added; n adds its beds"
        return f"Ward {row.name} saved ({'active' if row.active else 'inactive'})"


class BedFormScreen(FormScreen[BedRow]):
    """Add a bed to a ward, or edit one: its label, ward, type and room."""

    MODE = "beds"

    def __init__(self, wards: list[str], editing: BedRow | None = None,
                 ward: str | None = None) -> None:
        super().__init__()
        self.editing = editing
        self.wards = wards if editing is None or editing.ward in wards \
            else [*wards, editing.ward]
        self.ward_name = editing.ward if editing else ward
        self.TITLE = f"Beds › Edit bed {editing.label}" if editing else "Beds › Add a bed"
        self.SUBMIT_LABEL = "Save changes" if editing else "Add bed"

    def fields(self) -> ComposeResult:
        bed = self.editing
        yield _text("label", "Label", bed.label if bed else "", "e.g. 3B")
        yield FormField("ward", "Ward", Select(
            [(name, name) for name in self.wards], value=self.ward_name or Select.NULL,
            prompt="choose a ward", compact=True, id="in-ward"))
        yield FormField("type", "Type", Select(
            BED_TYPES, value=bed.type if bed else BedType.GENERAL.value, allow_blank=False,
            compact=True, id="in-type"))
        yield _text("room", ROOM.label, bed.room if bed else "", "e.g. R12, or blank")
        if bed is not None and bed.occupant:
            yield FormField("occupant", "Occupied by", TextInput(
                value=bed.occupant, compact=True, disabled=True, id="in-occupant"))

    def values(self) -> dict[str, str]:
        return {name: value for name, value in super().values().items() if name != "occupant"}

    def on_mount(self) -> None:
        self.query_one("#in-label", Input).focus()

    def check(self, values: dict[str, str]) -> dict[str, str]:
        errors = validate_bed_form(values)
        if "ward" in errors and not values["ward"]:
            errors["ward"] = "Choose a ward"
        return errors

    async def submit(self, values: dict[str, str]) -> BedRow:
        form = bed_form_from_values(values)
        layout = self.hra.ward.layout
        if self.editing is not None:
            return await layout.edit_bed(self.editing.label, form)
        return await layout.add_bed(form)

    def done(self, row: BedRow) -> str:
        room = f", room {row.room}" if row.room else ""
        return f"Bed {row.label} {'saved' if self.editing else 'added'}: {row.type} on " \
               f"{row.ward}{room}"
