"""The queue of pending admissions and transfers, opened from the bed board with `g`.

`n` requests a move (the patient, then a ward or a free bed), `v` approves the highlighted
one (promising its bed, or the free bed of its ward chosen then), `m` carries it out (admits
or transfers the patient now), `x` cancels it; `f` queues today's admissions from the applied
admissions plan; `l` lists done and cancelled moves too; enter says who took each step.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.binding import BindingType

from hra_tui.domain import MoveStatus, Role
from hra_tui.formatting import counted
from hra_tui.screens.base import key_table
from hra_tui.screens.prompts import ChooseScreen, ConfirmScreen
from hra_tui.screens.role_keys import needs
from hra_tui.screens.sublist import SubListScreen
from hra_tui.screens.ward_actions import ask_mrn, bed_choice
from hra_tui.services.plain_records import QueuedMoveRow
from hra_tui.services.times import short_local

COLUMNS = (("No.", 4), ("Kind", 8), ("Status", 9), ("Patient", 20), ("From", 5),
           ("To", 18), ("Asked", 12))

_WARD = "ward:"  # a chooser's value naming a ward rather than a bed


def destination(row: QueuedMoveRow) -> str:
    return f"{row.bed} · {row.ward}" if row.bed else row.ward


def steps(row: QueuedMoveRow) -> str:
    """Who took each step and when, in one line."""
    taken = [("requested", row.requested_by, row.requested_at),
             ("approved", row.approved_by, row.approved_at),
             ("done", row.done_by, row.done_at),
             ("cancelled", row.cancelled_by, row.cancelled_at)]
    said = "; ".join(f"{word} by {who} {short_local(at)}" for word, who, at in taken if at)
    extra = "".join(f" ({text})" for text in (row.source, row.note) if text)
    return f"Move {row.id}: {row.kind} {row.patient} ({row.mrn}){extra}: {said}"


class QueueScreen(SubListScreen[QueuedMoveRow]):
    TITLE = "Beds › Queue"
    AREA = "beds"
    COLUMNS = COLUMNS
    ROW_ACTIONS = ("approve", "carry_out", "cancel", "edit")
    BINDINGS: ClassVar[list[BindingType]] = key_table("queue", """
        escape  back       back       Back
        n       request    request    Request
        v       approve    approve    Approve
        m       carry_out  carry-out  Carry out
        x       cancel     cancel     Cancel move
        f       from_plan  from-plan  From plan
        l       history    history    Done too
        (enter) edit       steps      Who and when
    """)

    def __init__(self) -> None:
        super().__init__()
        self.everything = False

    def cells(self, row: QueuedMoveRow) -> tuple[object, ...]:
        return (row.id, row.kind, row.status, f"{row.patient} {row.mrn}", row.from_bed or "",
                destination(row), short_local(row.requested_at))

    async def fetch(self) -> list[QueuedMoveRow]:
        return await self.hra.ward.queue.list(everything=self.everything)

    def count_text(self, rows: list[QueuedMoveRow]) -> str:
        waiting = sum(row.status in (MoveStatus.REQUESTED, MoveStatus.APPROVED) for row in rows)
        return f"{counted(waiting, 'move')} waiting" + (" (done and cancelled shown)"
                                                          if self.everything else "")

    def offers(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self.table.current if self.is_mounted else None
        wanted = {"approve": MoveStatus.REQUESTED, "carry_out": MoveStatus.APPROVED}
        if action in wanted:
            return row is not None and row.status == wanted[action]
        if action == "cancel":
            return row is not None and row.status in (MoveStatus.REQUESTED,
                                                      MoveStatus.APPROVED)
        return super().offers(action, parameters)

    def action_edit(self) -> None:
        row = self.table.current
        if row is not None:
            self.notify(steps(row))

    async def action_history(self) -> None:
        self.everything = not self.everything
        await self.reload()

    @needs(Role.CLERK, "request moves")
    @work(group="queue-dialog", exclusive=True)
    async def action_request(self) -> None:
        mrn = await ask_mrn(self.hra, "Queue a move for which patient?")
        if mrn is None:
            return
        now = self.hra.now()
        choices = [(f"{_WARD}{name}", f"{name} · any bed")
                   for name in await self.hra.ward.beds.wards()]
        choices += [bed_choice(cell, now)
                    for cell in await self.hra.ward.beds.free(for_mrn=mrn)]
        where = await self.app.push_screen_wait(ChooseScreen(
            f"Move {mrn} to which ward or free bed?", choices, empty="No ward yet"))
        if where is None:
            return
        ward, bed = (where.removeprefix(_WARD), None) if where.startswith(_WARD) else (None,
                                                                                       where)
        await self.hra.attempt(self.hra.ward.queue.request(mrn, bed=bed, ward=ward),
                               lambda row: f"Move {row.id} requested: {row.kind} {row.patient} "
                                           f"to {destination(row)}")
        await self.reload()

    @needs(Role.CLERK, "approve moves")
    @work(group="queue-write", exclusive=True)
    async def action_approve(self) -> None:
        row = self.table.current
        if row is None:
            return
        bed = row.bed
        if bed is None:
            now = self.hra.now()
            bed = await self.app.push_screen_wait(ChooseScreen(
                f"Approve move {row.id} ({row.patient}) into which bed of {row.ward}?",
                [bed_choice(cell, now)
                 for cell in await self.hra.ward.beds.free(row.ward, for_mrn=row.mrn)],
                empty=f"No free bed on {row.ward}"))
        elif not await self.app.push_screen_wait(ConfirmScreen(
                f"Approve move {row.id}: {row.kind} {row.patient} to bed {bed}? The bed is "
                "promised to it.")):
            return
        if bed is not None:
            await self.hra.attempt(self.hra.ward.queue.approve(row.id, bed),
                                   lambda done: f"Move {done.id} approved: bed {done.bed} is "
                                                f"promised to {done.patient}")
            await self.reload()

    @needs(Role.CLERK, "carry out moves")
    @work(group="queue-write", exclusive=True)
    async def action_carry_out(self) -> None:
        row = self.table.current
        if row is not None and await self.app.push_screen_wait(ConfirmScreen(
                f"Carry out move {row.id}: {row.kind} {row.patient} ({row.mrn}) to bed "
                f"{row.bed} now?")):
            await self.hra.attempt(self.hra.ward.queue.carry_out(row.id),
                                   lambda done: f"Move {done.id} done: {done.patient} is in "
                                                f"bed {done.bed}")
            await self.reload()

    @needs(Role.CLERK, "cancel moves")
    @work(group="queue-write", exclusive=True)
    async def action_cancel(self) -> None:
        row = self.table.current
        if row is not None and await self.app.push_screen_wait(ConfirmScreen(
                f"Cancel move {row.id}: {row.kind} {row.patient} to {destination(row)}? The "
                "record stays.")):
            await self.hra.attempt(self.hra.ward.queue.cancel(row.id),
                                   lambda done: f"Move {done.id} of {done.patient} cancelled")
            await self.reload()

    @needs(Role.CLERK, "queue planned admissions")
    @work(group="queue-write", exclusive=True)
    async def action_from_plan(self) -> None:
        await self.hra.attempt(
            self.hra.ward.queue.from_plan(self.hra.now()),
            lambda fed: f"{counted(len(fed.added), 'admission')} of "
                        f"{fed.day.astimezone():%d %b} queued from plan {fed.plan_id}"
                        + (f"; {len(fed.skipped)} left out (in a bed or queued already)"
                           if fed.skipped else ""))
        await self.reload()
