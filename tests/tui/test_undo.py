"""Undo at 80x24: `u` / ctrl+z reverses the last reversible write (paid, cancelled visit,
discharge, transfer) within a short window, after a confirm naming it, as an audited write."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.console import console, notes, settle, type_text, wait_for

from hra_tui.screens.billing.list import BillingScreen
from hra_tui.screens.prompts import ConfirmScreen
from hra_tui.services.errors import Refused
from hra_tui.services.times import utcnow
from hra_tui.services.ward import Ward


async def _command(pilot, line: str) -> None:
    await pilot.press("colon")
    await pilot.pause()
    await type_text(pilot, line)
    await pilot.press("enter")


async def _undo(pilot, key: str = "u") -> str:
    app = pilot.app
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
    question = app.screen.question
    await pilot.press("y")
    await wait_for(pilot, lambda: any(m.startswith("Undone:") for _, m in notes(app)))
    return question


async def test_undo_a_discharge(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _command(pilot, f"discharge {seed.admitted}")
        await wait_for(pilot, lambda: any("discharged from 1A" in m for _, m in notes(app)))
        question = await _undo(pilot)
        assert question == "Undo the discharge of Jane Doe from bed 1A (just now)?"
    async with await Ward.open(seeded_db) as ward:
        jane = await ward.patients.get(seed.admitted)
        assert (jane.patient.bed, jane.prescription) == ("1A", "Rest")
        assert (await ward.beds.cell("1A")).status == "occupied"
        assert [row.action for row in await ward.audit.recent()][:2] == ["undo discharge",
                                                                         "discharge"]


async def test_undo_a_transfer_with_ctrl_z(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _command(pilot, f"transfer {seed.admitted} 2A")
        await wait_for(pilot, lambda: any("transferred to 2A" in m for _, m in notes(app)))
        question = await _undo(pilot, "ctrl+z")
        assert "transfer of Jane Doe from bed 1A to 2A" in question
    async with await Ward.open(seeded_db) as ward:
        assert (await ward.patients.get(seed.admitted)).patient.bed == "1A"
        assert [(await ward.beds.cell(label)).status for label in ("1A", "2A")] == [
            "occupied", "free"]


async def test_undo_a_payment(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, BillingScreen))
        await settle(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: any(" paid: " in m for _, m in notes(app)))
        question = await _undo(pilot)
        assert question.startswith("Undo the payment of invoice")
        await settle(pilot)
    async with await Ward.open(seeded_db) as ward:
        assert [(i.status, i.paid_at) for i in await ward.billing.invoices()] == [
            ("unpaid", None)]


async def test_nothing_to_undo_after_the_window(seeded_db, seed):
    async with console(seeded_db, seed.admin) as (app, pilot):
        await _command(pilot, f"discharge {seed.admitted}")
        await wait_for(pilot, lambda: any("discharged from 1A" in m for _, m in notes(app)))
        app._now = lambda: utcnow() + timedelta(minutes=6)
        await pilot.press("u")
        await wait_for(pilot, lambda: any(m.startswith("Nothing to undo") for _, m in notes(app)))
        assert not isinstance(app.screen, ConfirmScreen)
    async with await Ward.open(seeded_db) as ward:
        assert (await ward.patients.get(seed.admitted)).patient.bed is None


async def test_a_cancelled_visit_is_booked_again_unless_its_slot_was_taken(ward, seed):
    visit = (await ward.patients.get(seed.admitted)).appointments[0]
    await ward.appointments.cancel(visit.id)
    again = await ward.appointments.undo_cancel(visit.id)
    assert again.status == "booked"
    await ward.appointments.cancel(visit.id)
    await ward.appointments.book(seed.waiting, seed.doctor_id, visit.starts_at)
    with pytest.raises(Refused, match="John Roe booked"):
        await ward.appointments.undo_cancel(visit.id)
