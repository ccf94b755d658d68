"""Beds: the board of one ward at a time, and every bed action by a key on the focused bed.

`v` reserves a free bed for a patient until a time, or releases a reservation; `m` on a
reserved bed admits the patient it is held for. `t` moves the focused patient to a free bed
without a discharge (the stay, its doctor and prescription go on; the old bed goes to
cleaning), `S` (shift+s) swaps them with the patient of another bed, and `g` opens the queue
of pending admissions and transfers. `n` adds a bed to the ward shown, `e` edits the focused
bed, delete retires it, and `w` adds a ward or edits one (rename, deactivate). `o` opens the
ward's forecast and `y` the daily census of every ward. `[` and `]` step through the wards;
`/` searches beds in all wards (label, patient, status, note). Actions the focused bed does
not allow are hidden from the footer and refused by keys.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

from hra_tui.domain import BedStatus, Role
from hra_tui.screens import ward_actions
from hra_tui.screens.base import AreaScreen, key_table, step_bindings
from hra_tui.screens.prompts import AskScreen, ChooseScreen, ConfirmScreen
from hra_tui.screens.role_keys import needs
from hra_tui.screens.shell.command_syntax import Command
from hra_tui.services.errors import Invalid
from hra_tui.services.plain_records import DutyShift
from hra_tui.services.quick_records import BedCell, Reservation
from hra_tui.services.times import parse_local_datetime, short_local
from hra_tui.services.validation import parse_future_datetime
from hra_tui.widgets.bed_board import MARKERS, BedBoard

# action -> bed statuses it applies to
_APPLIES = {
    "admit": {BedStatus.FREE, BedStatus.RESERVED},
    "reserve": {BedStatus.FREE, BedStatus.RESERVED},
    "transfer": {BedStatus.OCCUPIED},
    "swap": {BedStatus.OCCUPIED},
    "discharge": {BedStatus.OCCUPIED},
    "record": {BedStatus.OCCUPIED},
    "clean": {BedStatus.CLEANING},
    "block": {BedStatus.FREE, BedStatus.CLEANING, BedStatus.BLOCKED},
    "edit_bed": set(BedStatus),
    "retire": {BedStatus.FREE, BedStatus.CLEANING, BedStatus.BLOCKED},
}


_ADD_WARD = " add"  # the ward chooser's first choice; no ward's name starts with a space


def _until_problem(text: str) -> str | None:
    """Why `text` is no time a bed can be held until (None when it is one)."""
    try:
        parse_future_datetime(text, "Reservation")
    except Invalid as exc:
        return str(exc)
    return None


def _matches(cell: BedCell, needle: str) -> bool:
    haystack = " ".join(filter(None, (cell.label, cell.ward, cell.type, cell.status,
                                      cell.patient_name, cell.patient_mrn, cell.note)))
    return needle in haystack.lower()


class BedsScreen(AreaScreen):
    CSS_PATH = Path(__file__).with_name("board.tcss")
    MODE = "beds"
    TITLE = "Beds"

    BINDINGS: ClassVar[list[BindingType]] = [
        *key_table("beds", """
            m      admit      admit      Admit
            t      transfer   transfer   Transfer
            S      swap       swap       Swap
            x      discharge  discharge  Discharge
            f      clean      clean      Cleaned
            k      block      block      Block/unblock
            v      reserve    reserve    Reserve/release
            enter  record     record     Record
            (n)       add_bed     add-bed   New bed
            (e)       edit_bed    edit-bed  Edit bed
            (w)       wards       wards     Wards
            (o)       forecast    forecast  Forecast
            (y)       census      census    Census
            (g)       queue       queue     Queue
            (delete)  retire      retire    Retire bed
        """),
        *step_bindings("ward", ("Previous ward", "beds-prev-ward"),
                       ("Next ward", "beds-next-ward"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.wards: list[str] = []
        self.cells: list[BedCell] = []
        self.ward_index = 0

    def compose_body(self) -> ComposeResult:
        yield Static("", id="ward-bar")
        yield Static("", id="duty-bar")
        yield BedBoard()
        yield Static("", id="bed-legend")

    @property
    def board(self) -> BedBoard:
        return self.query_one(BedBoard)

    @property
    def current_ward(self) -> str | None:
        return self.wards[self.ward_index] if self.wards else None

    def focus_list(self) -> None:
        self.board.focus_label(self._focused_label())

    def _focused_label(self) -> str | None:
        cell = self.board.focused_cell
        return cell.label if cell else None

    async def reload(self) -> None:
        keep = self._focused_label()
        self.wards = await self.ward.beds.wards()
        self.cells = await self.ward.beds.board()
        self._show_duty(await self.ward.roster.on_duty(self.hra.now()))
        self.ward_index = min(self.ward_index, max(0, len(self.wards) - 1))
        await self._draw(keep)

    async def apply_filter(self, text: str) -> None:
        """Search all wards; when the search is cleared, stay on the bed found, in its ward."""
        focused = self.board.focused_cell
        if not text and focused is not None and focused.ward in self.wards:
            self.ward_index = self.wards.index(focused.ward)
        await self._draw(focused.label if focused else None)

    def _show_duty(self, shift: DutyShift | None) -> None:
        """One line: who covers the ward now (or next), from the applied roster."""
        if shift is None:
            line = "On duty: nothing rostered yet (apply a plan on the Planning screen, s)"
        else:
            when = "now" if shift.running else "next"
            line = f"On duty {when} · {shift.label}: {', '.join(shift.staff) or 'nobody'}"
        self.query_one("#duty-bar", Static).update(Text(line))

    def _shown(self) -> list[BedCell]:
        needle = self.filter_text.strip().lower()
        if needle:
            return [cell for cell in self.cells if _matches(cell, needle)]
        return [cell for cell in self.cells if cell.ward == self.current_ward]

    async def _draw(self, keep: str | None) -> None:
        shown = self._shown()
        typing = self.focused is not None and self.focused.id == "filter"
        await self.board.show(shown, self.hra.now(), keep, focus=not typing)
        counts = Counter(cell.status for cell in shown)
        if self.filter_text:
            bar = f"All wards · {len(shown)} beds match “{self.filter_text}”"
        elif self.wards:
            bar = (f"◀ {self.current_ward} ▶   ward {self.ward_index + 1} of {len(self.wards)}"
                   "   ([ and ] switch)")
        else:
            bar = "No wards yet"
        self.query_one("#ward-bar", Static).update(Text(bar))
        self.query_one("#bed-legend", Static).update(
            "   ".join(f"{marker} {counts[status]}" for status, marker in MARKERS.items()))
        free = sum(1 for cell in self.cells if cell.status == BedStatus.FREE)
        self.set_status(f"{free} of {len(self.cells)} beds free in the hospital")
        self.refresh_bindings()

    @on(BedBoard.Focused)
    def _focused(self) -> None:
        self.refresh_bindings()

    def offers(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        statuses = _APPLIES.get(action)
        if statuses is None:
            return super().offers(action, parameters)
        cell = self.board.focused_cell if self.is_mounted else None
        if cell is None or cell.status not in statuses:
            return False
        # a bed reserved for nobody in particular takes no admission until it is released
        return action != "admit" or cell.status != BedStatus.RESERVED or bool(cell.reservation)

    async def action_ward(self, step: int) -> None:
        if not self.wards:
            return
        self.ward_index = (self.ward_index + step) % len(self.wards)
        if self.filter_text:
            self.action_clear_filter()
        await self._draw(None)

    def _cell(self) -> BedCell | None:
        return self.board.focused_cell

    def _held(self, cell: BedCell) -> Reservation | None:
        """The reservation still holding the bed at the console's moment, else None."""
        held = cell.reservation
        return held if held is not None and not held.expired(self.hra.now()) else None

    @needs(Role.CLERK, "admit patients")
    @work(group="bed-write", exclusive=True)
    async def action_admit(self) -> None:
        cell = self._cell()
        if cell is None:
            return
        held = self._held(cell)
        if held is None:
            await ward_actions.admit(self.hra, bed=cell.label)
        elif await self.app.push_screen_wait(ConfirmScreen(
                f"Admit {held.name} ({held.mrn}) into bed {cell.label}, reserved for them?")):
            await self.hra.execute(Command("admit", (held.mrn, cell.label)))

    @needs(Role.CLERK, "reserve beds")
    @work(group="bed-write", exclusive=True)
    async def action_reserve(self) -> None:
        """On a free bed: reserve it for a patient until a time; on a reserved one: release."""
        cell = self._cell()
        if cell is None:
            return
        if cell.status == BedStatus.RESERVED:
            whom = (f", reserved for {cell.reservation.name} until "
                    f"{short_local(cell.reservation.until, self.hra.now())}"
                    if cell.reservation else f" ({cell.note})" if cell.note else "")
            await self.confirmed_write(
                f"Release bed {cell.label}{whom}?", lambda: self.ward.beds.release(cell.label),
                lambda done: f"Bed {done.label} released, now free")
            return
        mrn = await ward_actions.ask_mrn(self.hra, f"Reserve bed {cell.label} for which patient?")
        if mrn is None:
            return
        who = (await self.ward.patients.get(mrn)).patient.name
        until = await self.app.push_screen_wait(AskScreen(
            f"Hold bed {cell.label} for {who} ({mrn}) until when?",
            placeholder="e.g. today 14:00 or tomorrow 9:30", check=_until_problem))
        if until is not None:
            await self.hra.attempt(
                self.ward.beds.reserve(cell.label, mrn, parse_local_datetime(until)),
                lambda done: f"Bed {done.label} reserved for {done.reservation.name} until "
                             f"{short_local(done.reservation.until, self.hra.now())}")

    @needs(Role.CLERK, "transfer patients")
    @work(group="bed-write", exclusive=True)
    async def action_transfer(self) -> None:
        cell = self._cell()
        if cell is not None and cell.patient_mrn:
            await ward_actions.transfer(self.hra, cell.patient_mrn, cell.patient_name)

    @needs(Role.CLERK, "swap patients' beds")
    @work(group="bed-write", exclusive=True)
    async def action_swap(self) -> None:
        """The focused patient and one chosen from the other occupied beds exchange beds."""
        cell = self._cell()
        if cell is None or not cell.patient_mrn:
            return
        others = [(other.label, f"{other.label:<5} {other.patient_name} · {other.ward}")
                  for other in self.cells
                  if other.patient_mrn and other.label != cell.label]
        chosen = await self.app.push_screen_wait(ChooseScreen(
            f"Swap {cell.patient_name} (bed {cell.label}) with the patient in which bed?",
            others, empty="Nobody else is in a bed"))
        if chosen is not None:
            await self.hra.execute(Command("swap", (cell.label, chosen)))

    def action_queue(self) -> None:
        from hra_tui.screens.beds.queue import QueueScreen

        self.app.push_screen(QueueScreen())

    @needs(Role.CLERK, "discharge patients")
    @work(group="bed-write", exclusive=True)
    async def action_discharge(self) -> None:
        cell = self._cell()
        if cell is not None and cell.patient_mrn:
            await ward_actions.discharge(self.hra, cell.patient_mrn,
                                         cell.patient_name or cell.patient_mrn)

    @needs(Role.CLERK, "mark beds clean")
    async def action_clean(self) -> None:
        cell = self._cell()
        if cell is not None:
            await self.hra.attempt(self.ward.beds.mark_clean(cell.label),
                                   lambda done: f"Bed {done.label} cleaned, now free")

    @needs(Role.CLERK, "block beds")
    @work(group="bed-write", exclusive=True)
    async def action_block(self) -> None:
        cell = self._cell()
        if cell is None:
            return
        if cell.status == BedStatus.BLOCKED:
            await self.hra.attempt(self.ward.beds.unblock(cell.label),
                                   lambda done: f"Bed {done.label} unblocked, now free")
            return
        reason = await self.app.push_screen_wait(AskScreen(
            f"Block bed {cell.label}: why?", placeholder="e.g. broken rail, awaiting repair"))
        if reason is not None:
            await self.hra.attempt(self.ward.beds.block(cell.label, reason),
                                   lambda done: f"Bed {done.label} blocked: {done.note}")

    @needs(Role.ADMIN, "add beds")
    @work(group="bed-dialog", exclusive=True)
    async def action_add_bed(self) -> None:
        from hra_tui.screens.beds.layout_forms import BedFormScreen

        if not self.wards:
            self.notify("No ward yet: w adds one")
            return
        await self.app.push_screen_wait(BedFormScreen(self.wards, ward=self.current_ward))

    @needs(Role.ADMIN, "edit beds")
    @work(group="bed-dialog", exclusive=True)
    async def action_edit_bed(self) -> None:
        from hra_tui.screens.beds.layout_forms import BedFormScreen

        cell = self._cell()
        if cell is not None:
            bed = await self.ward.layout.bed(cell.label)
            await self.app.push_screen_wait(BedFormScreen(self.wards, editing=bed))

    @needs(Role.ADMIN, "retire beds")
    @work(group="bed-write", exclusive=True)
    async def action_retire(self) -> None:
        cell = self._cell()
        if cell is not None:
            await self.confirmed_write(
                f"Retire bed {cell.label} on {cell.ward}? It leaves the board for good; its "
                "history stays.", lambda: self.ward.layout.retire_bed(cell.label),
                lambda done: f"Bed {done.label} retired")

    @needs(Role.ADMIN, "add or edit wards")
    @work(group="bed-dialog", exclusive=True)
    async def action_wards(self) -> None:
        """Choose a ward to edit (inactive ones too, to reactivate them), or add one."""
        from hra_tui.screens.beds.layout_forms import WardFormScreen

        wards = await self.ward.layout.wards()
        choices = [(_ADD_WARD, "+ Add a ward")] + [
            (row.name, f"{row.name} · {row.beds} beds, {row.occupied} occupied"
                       + ("" if row.active else " · inactive")) for row in wards]
        chosen = await self.app.push_screen_wait(ChooseScreen("Which ward?", choices))
        if chosen is not None:
            editing = next((row for row in wards if row.name == chosen), None)
            await self.app.push_screen_wait(WardFormScreen(editing))

    def action_forecast(self) -> None:
        from hra_tui.screens.beds.forecast import ForecastScreen  # statsmodels on first use

        self.app.push_screen(ForecastScreen(self.wards, self.current_ward))

    def action_census(self) -> None:
        from hra_tui.screens.beds.census import CensusScreen

        self.app.push_screen(CensusScreen())

    def action_record(self) -> None:
        from hra_tui.screens.patients.record import PatientDetailScreen

        cell = self._cell()
        if cell is not None and cell.patient_mrn:
            self.app.push_screen(PatientDetailScreen(cell.patient_mrn))
