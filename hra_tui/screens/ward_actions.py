"""Admit, transfer and discharge as dialogs, shared by the bed board and the patient record.

Each asks only what it does not know yet (the bed from the free beds, the patient by MRN),
then runs the same command as the `:` line, so the words and refusals are the same everywhere.
Call from a worker: the dialogs are awaited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hra_tui.screens.commands import Command
from hra_tui.screens.prompts import AskScreen, ChooseScreen, ConfirmScreen
from hra_tui.services.errors import Refused

if TYPE_CHECKING:
    from hra_tui.app import HraApp
    from hra_tui.services.records import BedCell


def bed_choice(cell: BedCell) -> tuple[str, str]:
    return cell.label, f"{cell.label:<5} {cell.ward} · {cell.type}"


async def choose_free_bed(app: HraApp, question: str) -> str | None:
    free = await app.ward.beds.free()
    return await app.push_screen_wait(ChooseScreen(
        question, [bed_choice(cell) for cell in free], empty="No free bed in the hospital"))


async def ask_mrn(app: HraApp, question: str) -> str | None:
    """The patient's MRN, checked against the records before the dialog closes."""
    answer = await app.push_screen_wait(AskScreen(
        question, placeholder="MRN, e.g. P000123", hint="enter: OK   esc: cancel"))
    if answer is None:
        return None
    mrn = answer.upper()
    try:
        await app.ward.patients.get(mrn)
    except Refused as exc:
        app.notify(str(exc), title="Refused", severity="error", timeout=8)
        return None
    return mrn


async def admit(app: HraApp, mrn: str | None = None, bed: str | None = None) -> object:
    mrn = mrn or await ask_mrn(app, f"Admit which patient{f' to bed {bed}' if bed else ''}?")
    if mrn is None:
        return None
    bed = bed or await choose_free_bed(app, f"Admit {mrn} to which free bed?")
    if bed is None:
        return None
    return await app.execute(Command("admit", (mrn, bed)))


async def transfer(app: HraApp, mrn: str, who: str | None = None) -> object:
    name = f"{who} ({mrn})" if who else mrn
    bed = await choose_free_bed(app, f"Transfer {name} to which free bed?")
    if bed is None:
        return None
    return await app.execute(Command("transfer", (mrn, bed)))


async def discharge(app: HraApp, mrn: str, who: str) -> object:
    if not await app.push_screen_wait(ConfirmScreen(f"Discharge {who} ({mrn})?")):
        return None
    return await app.execute(Command("discharge", (mrn,)))
