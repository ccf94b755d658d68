"""Admit, transfer and discharge as dialogs, shared by the bed board and the patient record.

Each asks only what it does not know yet (the bed from the free beds, the patient by name,
phone or MRN), then runs the same command as the `:` line, so the words and refusals are the
same everywhere.
Call from a worker: the dialogs are awaited.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from hra_tui.screens.prompts import AskScreen, ChooseScreen, ConfirmScreen
from hra_tui.screens.shell.command_syntax import Command
from hra_tui.services.errors import NotFound, Refused

if TYPE_CHECKING:
    from textual.widgets import Input

    from hra_tui.screens.host import Host
    from hra_tui.services.plain_records import PatientRow
    from hra_tui.services.quick_records import BedCell


def bed_choice(cell: BedCell, now: datetime | None = None) -> tuple[str, str]:
    """A bed as a choice; at `now`, a bed still held for someone says for whom."""
    reservation = cell.reservation
    held = (f" · reserved for {reservation.name}"
            if reservation and now and not reservation.expired(now) else "")
    return cell.label, f"{cell.label:<5} {cell.ward} · {cell.type}{held}"


async def choose_free_bed(app: Host, question: str, mrn: str | None = None) -> str | None:
    """A free bed, or the bed reserved for `mrn` (listed first)."""
    now = app.now()
    choices = [bed_choice(cell, now) for cell in await app.ward.beds.free(for_mrn=mrn)]
    choices.sort(key=lambda choice: "reserved for" not in choice[1])
    return await app.push_screen_wait(ChooseScreen(
        question, choices, empty="No free bed in the hospital"))


CHOICES = 50  # how many matching patients the chooser lists


async def ask_mrn(app: Host, question: str) -> str | None:
    """The patient by name, phone or MRN, as an MRN; when several match, the clerk chooses."""
    answer = await app.push_screen_wait(AskScreen(
        question, placeholder="name, phone or MRN, e.g. P000123",
        hint="enter: OK   esc: cancel"))
    if answer is None:
        return None
    return await find_patient(app, answer)


async def find_patient(app: Host, text: str) -> str | None:
    """The MRN of the one patient `text` names (exact MRN, or the only match), else the clerk's
    choice among the matches; None with a notice when nothing matches or the clerk cancels."""
    try:
        rows = await app.ward.patient_list.search(text, limit=CHOICES)
        total = len(rows) if len(rows) < CHOICES else await app.ward.patient_list.count(text)
    except Refused as exc:
        app.show_failure(exc)
        return None
    exact = [row for row in rows if row.mrn == text.strip().upper()]
    if exact or len(rows) == 1:
        return (exact or rows)[0].mrn
    if not rows:
        app.show_failure(NotFound(f"No patient matches {text.strip()!r} (name, phone or MRN)"))
        return None
    shown = "" if total == len(rows) else f" (first {len(rows)})"
    return await app.push_screen_wait(ChooseScreen(
        f"{total:,} patients match {text.strip()!r}{shown}: which one?",
        [(row.mrn, patient_choice(row)) for row in rows]))


async def offer_patients(app: Host, field: Input, then: Callable[[], Awaitable[None]]) -> bool:
    """For a form's patient field: when its text matches several patients (and is no exact
    MRN), open the chooser and return True; the chosen MRN goes into the field, then `then`."""
    text = field.value.strip()
    if not text:
        return False
    rows = await app.ward.patient_list.search(text, limit=CHOICES)
    if len(rows) < 2 or any(row.mrn == text.upper() for row in rows):
        return False
    total = len(rows) if len(rows) < CHOICES else await app.ward.patient_list.count(text)
    shown = "" if total == len(rows) else f" (first {len(rows)})"

    def chosen(mrn: str | None) -> None:
        if mrn:
            field.value = mrn
            app.call_later(then)

    app.push_screen(ChooseScreen(f"{total:,} patients match {text!r}{shown}: which one?",
                                 [(row.mrn, patient_choice(row)) for row in rows]), chosen)
    return True


async def one_patient(app: Host, text: str) -> str:
    """The MRN of the patient `text` names (MRN, name or phone) for a form, without a chooser:
    an exact MRN or the only match; otherwise Refused, naming a few of the matches."""
    rows = await app.ward.patient_list.search(text, limit=4)
    exact = [row for row in rows if row.mrn == text.strip().upper()]
    if exact or len(rows) == 1:
        return (exact or rows)[0].mrn
    if not rows:
        raise NotFound(f"No patient matches {text.strip()!r} (name, phone or MRN)")
    total = await app.ward.patient_list.count(text)
    named = ", ".join(f"{row.mrn} {row.name}" for row in rows[:3]) + (", …" if total > 3 else "")
    raise Refused(f"{total:,} patients match {text.strip()!r} ({named}); type the MRN")


def patient_choice(row: PatientRow) -> str:
    parts = [f"{row.mrn} {row.name}", f"{row.age}{row.gender}"]
    parts += [row.phone] if row.phone else []
    parts += [f"in {row.bed}"] if row.bed else []
    return " · ".join(parts)


async def admit(app: Host, mrn: str | None = None, bed: str | None = None) -> object:
    mrn = mrn or await ask_mrn(app, f"Admit which patient{f' to bed {bed}' if bed else ''}?")
    if mrn is None:
        return None
    bed = bed or await choose_free_bed(app, f"Admit {mrn} to which free bed?", mrn)
    if bed is None:
        return None
    return await app.execute(Command("admit", (mrn, bed)))


async def transfer(app: Host, mrn: str, who: str | None = None) -> object:
    name = f"{who} ({mrn})" if who else mrn
    bed = await choose_free_bed(app, f"Transfer {name} to which free bed?", mrn)
    if bed is None:
        return None
    return await app.execute(Command("transfer", (mrn, bed)))


async def discharge(app: Host, mrn: str, who: str) -> object:
    if not await app.push_screen_wait(ConfirmScreen(f"Discharge {who} ({mrn})?")):
        return None
    return await app.execute(Command("discharge", (mrn,)))
