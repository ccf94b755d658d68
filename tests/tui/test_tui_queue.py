"""The queue and the bed swap by keys at 80x24: `g` on the bed board opens the queue, where a
clerk requests a move (`n`), approves it into a bed (`v`) and carries it out (`m`); `S` on the
board swaps two patients' beds, and `u` swaps them back; a viewer is offered none of it."""

from __future__ import annotations

from support.console import console, notes, press_for, settle, type_text, wait_for
from textual.widgets._footer import FooterKey

from hra_tui.screens.beds.board import BedsScreen
from hra_tui.screens.beds.queue import QueueScreen
from hra_tui.screens.prompts import AskScreen, ChooseScreen, ConfirmScreen
from hra_tui.services.ward import Ward


def footer(app) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


async def _board(pilot, label: str) -> BedsScreen:
    screen = await press_for(pilot, "b", BedsScreen)
    screen.board.focus_label(label)
    await pilot.pause()
    return screen


async def _choose(pilot, text: str) -> None:
    """Narrow the open chooser to `text` and take the first match."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ChooseScreen))
    await type_text(pilot, text)
    await pilot.press("enter")


async def test_request_approve_and_carry_out_a_move_by_keys(seeded_db, seed):
    async with console(seeded_db, seed.clerk) as (app, pilot):
        await _board(pilot, "1B")
        queue = await press_for(pilot, "g", QueueScreen)
        assert "Beds › Queue" in str(queue.query_one("#title").render())
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, AskScreen))
        await type_text(pilot, seed.waiting)
        await pilot.press("enter")
        await _choose(pilot, "North")
        await wait_for(pilot, lambda: any(m.startswith("Move 1 requested: admit John Roe to "
                                                       "North") for _, m in notes(app)))
        await settle(pilot)
        assert [(row.id, row.status) for row in queue.table.records] == [(1, "requested")]
        await pilot.press("m")  # not approved yet: not offered
        await pilot.press("v")
        await _choose(pilot, "10A")
        await wait_for(pilot, lambda: ("information", "Move 1 approved: bed 10A is promised to "
                                                      "John Roe") in notes(app))
        await settle(pilot)
        assert queue.table.records[0].status == "approved"
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.question == "Carry out move 1: admit John Roe " \
                                      f"({seed.waiting}) to bed 10A now?"
        await pilot.press("y")
        await wait_for(pilot, lambda: ("information", "Move 1 done: John Roe is in bed 10A")
                       in notes(app))
        await settle(pilot)
        assert queue.table.records == []
        await pilot.press("l")
        await settle(pilot)
        assert [(row.id, row.status) for row in queue.table.records] == [(1, "done")]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BedsScreen))
    async with await Ward.open(seeded_db) as ward:
        cell = await ward.beds.cell("10A")
        assert (cell.status, cell.patient_mrn) == ("occupied", seed.waiting)
        assert [row.action for row in await ward.audit.recent(limit=4)] == [
            "done", "admit", "approve", "request"]


async def test_swap_two_patients_by_keys_and_undo_it(seeded_db, seed):
    async with await Ward.open(seeded_db) as ward:
        await ward.beds.admit(seed.waiting, "S1")
    async with console(seeded_db, seed.clerk) as (app, pilot):
        screen = await _board(pilot, "1A")
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, ChooseScreen))
        assert app.screen.question == "Swap Jane Doe (bed 1A) with the patient in which bed?"
        assert [value for value, _ in app.screen.choices] == ["S1"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: ("information", "John Roe is in 1A now, Jane Doe in S1")
                       in notes(app))
        await settle(pilot)
        assert next(c for c in screen.cells if c.label == "1A").patient_mrn == seed.waiting
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.question == "Undo the swap of beds 1A and S1 (just now)?"
        await pilot.press("y")
        await wait_for(pilot, lambda: ("information", "Undone: the swap of beds 1A and S1")
                       in notes(app))
    async with await Ward.open(seeded_db) as ward:
        assert (await ward.beds.cell("1A")).patient_mrn == seed.admitted
        assert [row.action for row in await ward.audit.recent(limit=2)] == ["undo swap", "swap"]


async def test_a_viewer_sees_the_queue_but_is_offered_no_writes(seeded_db, seed):
    async with await Ward.open(seeded_db) as ward:
        await ward.queue.request(seed.waiting, bed="2A")
    async with console(seeded_db, seed.clerk) as (app, pilot):
        await _board(pilot, "1A")
        assert "Swap" in footer(app)
        await press_for(pilot, "g", QueueScreen)
        assert {"Request", "Approve", "Cancel move", "From plan"} <= set(footer(app))
    async with console(seeded_db, seed.viewer) as (app, pilot):
        await _board(pilot, "1A")
        assert "Swap" not in footer(app)
        await pilot.press("S")
        await wait_for(pilot, lambda: any("cannot swap patients' beds" in m
                                          for _, m in notes(app)))
        queue = await press_for(pilot, "g", QueueScreen)
        assert [row.bed for row in queue.table.records] == ["2A"]
        assert not {"Request", "Approve", "Carry out", "Cancel move", "From plan"} & set(
            footer(app))
        await pilot.press("v")
        await wait_for(pilot, lambda: any("vic is a viewer and cannot approve moves" in m
                                          for _, m in notes(app)))
        assert isinstance(app.screen, QueueScreen)
