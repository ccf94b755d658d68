"""Staff pairs, opened from the staff list with `w`: who works well or badly together, as the
planner weighs it when it puts two people on one shift. Add or change a pair's weight with a
form, remove one after a yes/no."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Select

from hra_tui.domain import Role
from hra_tui.fields import PAIR_WEIGHT
from hra_tui.formatting import counted
from hra_tui.screens.base import key_table
from hra_tui.screens.form import FormScreen
from hra_tui.screens.role_keys import needs
from hra_tui.screens.sublist import SubListScreen
from hra_tui.services.plain_records import PairRow, StaffRow
from hra_tui.services.validation import parse_pair_weight, validate_pair_form
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.text_input import TextInput

COLUMNS = (("Staff", 26), ("With", 26), ("Weight", 6), ("Works", 10))


def _works(weight: int) -> str:
    return "badly" if weight > 0 else "well" if weight < 0 else "no matter"


class PairFormScreen(FormScreen[PairRow]):
    """Two active staff members and their weight; a pair that exists gets the new weight."""

    MODE = "staff"

    def __init__(self, staff: list[StaffRow], editing: PairRow | None = None,
                 first: int | None = None) -> None:
        super().__init__()
        self.staff = staff
        self.editing = editing
        self.first = editing.staff_a if editing else first
        self.TITLE = (f"Doctors & staff › Pair {editing.name_a} and {editing.name_b}"
                      if editing else "Doctors & staff › Add a pair")
        self.SUBMIT_LABEL = "Save weight" if editing else "Add pair"

    def fields(self) -> ComposeResult:
        options = [(f"{row.name} · {row.role}", str(row.id)) for row in self.staff]
        pair = self.editing

        def member(name: str, label: str, value: int | None) -> FormField:
            return FormField(name, label, Select(
                options, value=str(value) if value is not None else Select.NULL,
                prompt="choose", compact=True, disabled=pair is not None, id=f"in-{name}"))

        yield member("staff_a", "Staff member", self.first)
        yield member("staff_b", "Works with", pair.staff_b if pair else None)
        yield FormField("weight", PAIR_WEIGHT.label, TextInput(
            value=str(pair.weight) if pair else "", placeholder=PAIR_WEIGHT.form_hint,
            compact=True, id="in-weight"))

    def on_mount(self) -> None:
        target = "#in-weight" if self.editing or self.first is not None else "#in-staff_a"
        self.query_one(target).focus()

    def check(self, values: dict[str, str]) -> dict[str, str]:
        return validate_pair_form(values)

    async def submit(self, values: dict[str, str]) -> PairRow:
        return await self.hra.ward.pairs.set(int(values["staff_a"]), int(values["staff_b"]),
                                             parse_pair_weight(values["weight"]))

    def done(self, pair: PairRow) -> str:
        return f"{pair.name_a} and {pair.name_b}: weight {pair.weight} ({_works(pair.weight)} " \
               "together)"


class PairsScreen(SubListScreen[PairRow]):
    TITLE = "Doctors & staff › Pairs"
    AREA = "staff"
    COLUMNS = COLUMNS
    ROW_ACTIONS = ("edit", "remove")
    BINDINGS: ClassVar[list[BindingType]] = key_table("pairs", """
        escape  back    back    Back
        n       add     add     Add
        e       edit    edit    Weight
        x       remove  remove  Remove
    """)

    def __init__(self, first: int | None = None) -> None:
        super().__init__()
        self.first = first  # the staff member highlighted when the list was opened

    def record_key(self, pair: PairRow) -> str:
        return f"{pair.staff_a}-{pair.staff_b}"

    def cells(self, pair: PairRow) -> tuple[object, ...]:
        return pair.name_a, pair.name_b, pair.weight, _works(pair.weight)

    async def fetch(self) -> list[PairRow]:
        return await self.hra.ward.pairs.list()

    def count_text(self, rows: list[PairRow]) -> str:
        return counted(len(rows), "pair")

    @needs(Role.ADMIN, "change staff pairs")
    @work(group="pairs-dialog", exclusive=True)
    async def action_add(self) -> None:
        staff = await self.hra.ward.staff.list()
        await self.app.push_screen_wait(PairFormScreen(staff, first=self.first))

    @needs(Role.ADMIN, "change staff pairs")
    @work(group="pairs-dialog", exclusive=True)
    async def action_edit(self) -> None:
        pair = self.table.current
        if pair is not None:
            staff = await self.hra.ward.staff.list(include_inactive=True)
            await self.app.push_screen_wait(PairFormScreen(staff, editing=pair))

    @needs(Role.ADMIN, "change staff pairs")
    @work(group="pairs-write", exclusive=True)
    async def action_remove(self) -> None:
        from hra_tui.screens.prompts import ConfirmScreen

        pair = self.table.current
        if pair is not None and await self.app.push_screen_wait(ConfirmScreen(
                f"Remove the pair {pair.name_a} and {pair.name_b} (weight {pair.weight})? "
                "The planner no longer weighs them together.")):
            await self.hra.attempt(
                self.hra.ward.pairs.remove(pair.staff_a, pair.staff_b),
                lambda gone: f"Removed the pair {gone.name_a} and {gone.name_b}")
            await self.reload()
