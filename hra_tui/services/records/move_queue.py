"""The queue of pending moves (`ward.queue`): admissions and transfers a clerk asks for, then
approves into a bed, then carries out, or cancels; each step is one audited transaction that
keeps who took it and when.

A move is requested for a patient into a ward, or a bed of it; approving it promises the bed
(one approved move per bed, and one open move per patient, are partial unique indexes, so of
two clerks approving into one bed, one wins and the other reads who has it); carrying it out
admits or transfers the patient in the same transaction as the status change, refused if the
bed has been taken or is not clean by then. Nothing is deleted: a cancelled move stays.

`from_plan` feeds the queue from the admissions plan in force: the patients it admits on one
day (today by default) become requested moves into their planned beds. It is a step the clerk
takes (a key, a command) rather than a side effect of applying a plan: a plan covers many
days and is an admin's act, the queue holds the moves due now, and pulling a day twice adds
nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from db.driver import Driver
from hra_tui.domain import BedStatus, MoveKind, MoveStatus, Role
from hra_tui.fields import NOTE  # loaded anyway, by plain_records
from hra_tui.services.context import Context, Tx
from hra_tui.services.errors import Conflict, Invalid, NotFound, Refused
from hra_tui.services.free_text import parse_text
from hra_tui.services.plain_records import QueuedMoveRow
from hra_tui.services.records.beds import (
    BedService,
    describe_bed,
    held,
    move_to,
    occupy,
    takes_anyone,
)
from hra_tui.services.records.states import PatientState, bed_state, patient_state
from hra_tui.services.times import utcnow

REQUESTED, APPROVED = MoveStatus.REQUESTED.value, MoveStatus.APPROVED.value
OPEN = (REQUESTED, APPROVED)
SQLITE_INTEGER = 2**63  # an id at or beyond it names no row (and SQLite cannot bind it)
DAY = timedelta(days=1)

_SELECT = """
SELECT m.id, m.kind, m.status, p.mrn, p.name, w.name, b.label,
       CASE WHEN m.status IN ('requested', 'approved') THEN nb.label ELSE f.label END,
       m.note, m.source, m.requested_by, m.requested_at, m.approved_by, m.approved_at,
       m.done_by, m.done_at, m.cancelled_by, m.cancelled_at, m.patient_id, m.bed_id, m.ward_id
FROM move_queue m
JOIN patients p ON p.id = m.patient_id
JOIN wards w ON w.id = m.ward_id
LEFT JOIN beds b ON b.id = m.bed_id
LEFT JOIN beds f ON f.id = m.from_bed_id
LEFT JOIN admissions a ON a.patient_id = m.patient_id AND a.discharged_at IS NULL
LEFT JOIN beds nb ON nb.id = a.bed_id
"""


@dataclass(frozen=True)
class _Move:
    row: QueuedMoveRow
    patient_id: int
    bed_id: int | None
    ward_id: int


@dataclass(frozen=True)
class PlanQueued:
    """What `from_plan` did: the plan and the day it read, the moves it added, and the
    patients it left out with why ('P000012 Ann Lee: in bed 3B already')."""

    plan_id: int
    day: datetime
    added: list[QueuedMoveRow]
    skipped: list[str]


def _read(driver: Driver, values: tuple) -> _Move:
    (move_id, kind, status, mrn, name, ward, bed, from_bed, note, source, requested_by,
     requested_at, approved_by, approved_at, done_by, done_at, cancelled_by, cancelled_at,
     patient_id, bed_id, ward_id) = values
    row = QueuedMoveRow(
        id=move_id, kind=kind, status=status, mrn=mrn, patient=name, ward=ward, bed=bed,
        from_bed=from_bed if kind == MoveKind.TRANSFER.value else None, note=note,
        source=source, requested_by=requested_by, requested_at=driver.read_time(requested_at),
        approved_by=approved_by, approved_at=driver.read_time(approved_at), done_by=done_by,
        done_at=driver.read_time(done_at), cancelled_by=cancelled_by,
        cancelled_at=driver.read_time(cancelled_at))
    return _Move(row, patient_id, bed_id, ward_id)


async def _find(driver: Driver, move_id: int) -> _Move:
    rows = await driver.rows(_SELECT + "WHERE m.id = ?", (move_id,)) \
        if abs(move_id) < SQLITE_INTEGER else []
    if not rows:
        raise NotFound(f"No move {move_id} in the queue")
    return _read(driver, rows[0])


def _what(row: QueuedMoveRow) -> str:
    """'admit P000012 Ann Lee to bed 3B on North', 'transfer … from bed 2A to North'."""
    where = f"bed {row.bed} on {row.ward}" if row.bed else row.ward
    leaving = f" from bed {row.from_bed}" if row.from_bed else ""
    return f"{row.kind} {row.mrn} {row.patient}{leaving} to {where}"


def _not_open(row: QueuedMoveRow, wanted: str, doing: str) -> Refused:
    """'Move 3 is done (2026-03-10 09:12 by clara); only an approved move can be carried
    out'."""
    by, at = {MoveStatus.DONE.value: (row.done_by, row.done_at),
              MoveStatus.CANCELLED.value: (row.cancelled_by, row.cancelled_at),
              APPROVED: (row.approved_by, row.approved_at)}.get(row.status, (None, None))
    when = f" ({at.astimezone():%Y-%m-%d %H:%M} by {by})" if at is not None else ""
    article = "an" if wanted[0] in "aeiou" else "a"
    return Refused(f"Move {row.id} is {row.status}{when}; only {article} {wanted} move can be "
                   f"{doing}")


async def _open_move_of(driver: Driver, patient: PatientState) -> None:
    rows = await driver.rows("SELECT id, status FROM move_queue WHERE patient_id = ? AND "
                             "status IN ('requested', 'approved')", (patient.id,))
    if rows:
        raise Refused(f"{patient.name} has move {rows[0][0]} {rows[0][1]} already; carry it "
                      "out or cancel it first")


class MoveQueueService:
    """The queue; opened once per ward as `ward.queue`. Clerks and admins write it."""

    def __init__(self, ctx: Context, beds: BedService) -> None:
        self._ctx = ctx
        self._beds = beds

    async def list(self, everything: bool = False) -> list[QueuedMoveRow]:
        """The open moves (requested, approved), oldest first; `everything`: done and
        cancelled ones too."""
        where = "" if everything else "WHERE m.status IN ('requested', 'approved') "
        driver = await self._ctx.plain()
        return [_read(driver, values).row
                for values in await driver.rows(_SELECT + where + "ORDER BY m.id")]

    async def get(self, move_id: int) -> QueuedMoveRow:
        return (await _find(await self._ctx.plain(), move_id)).row

    async def request(self, mrn: str, *, bed: str | None = None, ward: str | None = None,
                      note: str = "") -> QueuedMoveRow:
        """Ask for a patient to be admitted (or, if in a bed now, transferred) to a ward, or to
        a bed of it; no bed is promised until the move is approved."""
        note = " ".join(parse_text(note, NOTE.label, NOTE.limit).split())
        if not (bed or "").strip() and not (ward or "").strip():
            raise Invalid("Name the bed or the ward the patient is to go to")
        try:
            async with self._ctx.write(Role.CLERK, "request moves") as tx:
                driver = await tx.driver()
                patient = await patient_state(driver, mrn)
                ward_id, bed_id = await _destination(driver, patient, bed, ward)
                await _open_move_of(driver, patient)
                kind = MoveKind.TRANSFER if patient.stay_id is not None else MoveKind.ADMIT
                move_id = await _insert(tx, patient, kind, ward_id, bed_id, note, "")
                row = (await _find(driver, move_id)).row
                await tx.audit("request", "move", move_id, _what(row)
                               + (f" ({note})" if note else ""))
        except Conflict as conflict:
            raise await self._explain(conflict, mrn) from None
        return await self.get(move_id)

    async def approve(self, move_id: int, bed: str | None = None) -> QueuedMoveRow:
        """Promise the move its bed (`bed`, else the bed it names): refused when the bed is
        occupied, blocked, held for someone else or promised to another move."""
        try:
            async with self._ctx.write(Role.CLERK, "approve moves") as tx:
                driver = await tx.driver()
                move = await _find(driver, move_id)
                if move.row.status != REQUESTED:
                    raise _not_open(move.row, REQUESTED, "approved")
                label = bed or move.row.bed
                if not (label or "").strip():
                    raise Refused(f"Move {move_id} names no bed yet; give the bed to approve "
                                  "it into")
                target = await bed_state(driver, label)
                if target.ward != move.row.ward:
                    raise Refused(f"Bed {target.label} is on {target.ward}, not {move.row.ward}"
                                  "; choose a bed of the move's ward")
                await _refuse_taken(driver, move, target)
                await driver.run(
                    "UPDATE move_queue SET status = ?, bed_id = ?, approved_by = ?, "
                    "approved_at = ? WHERE id = ?",
                    (APPROVED, target.id, tx.actor.name, driver.time(utcnow()), move_id))
                row = (await _find(driver, move_id)).row
                await tx.audit("approve", "move", move_id, _what(row))
        except Conflict as conflict:
            raise await self._explain_bed(conflict, move_id, bed) from None
        return await self.get(move_id)

    async def carry_out(self, move_id: int) -> QueuedMoveRow:
        """Admit or transfer the patient into the approved bed, in the same transaction as
        the move becoming done; refused (nothing written) if the bed is not free by now."""
        try:
            async with self._ctx.write(Role.CLERK, "carry out moves") as tx:
                driver = await tx.driver()
                move = await _find(driver, move_id)
                row = move.row
                if row.status != APPROVED:
                    if row.status == REQUESTED:
                        raise Refused(f"Move {move_id} is not approved yet; approve it first")
                    raise _not_open(row, APPROVED, "carried out")
                patient = await patient_state(driver, row.mrn)
                if row.kind == MoveKind.ADMIT.value:
                    cell = await occupy(tx, patient, row.bed or "", None, "")
                elif patient.stay_id is None:
                    raise Refused(f"{patient.name} is not admitted to any bed; cancel this "
                                  "transfer and request an admission")
                else:
                    cell = await move_to(tx, patient, row.bed or "")
                await driver.run(
                    "UPDATE move_queue SET status = ?, from_bed_id = ?, done_by = ?, "
                    "done_at = ? WHERE id = ?",
                    (MoveStatus.DONE.value, patient.bed_id, tx.actor.name,
                     driver.time(utcnow()), move_id))
                # the admission or transfer in the words the bed service audits it with (the
                # census reads them), then the move's own step
                await tx.audit(row.kind, "patient", patient.id,
                               f"{patient.mrn} {patient.name} into bed {cell.label}"
                               if row.kind == MoveKind.ADMIT.value else
                               f"{patient.mrn} {patient.name} from bed {patient.bed_label} "
                               f"to bed {cell.label}")
                await tx.audit("done", "move", move_id, _what(row))
        except Conflict as conflict:
            raise await self._beds.explain_conflict(conflict, row.mrn, row.bed or "") from None
        return await self.get(move_id)

    async def cancel(self, move_id: int) -> QueuedMoveRow:
        """The move will not happen: its status changes, the record stays; an approved move's
        bed is no longer promised."""
        async with self._ctx.write(Role.CLERK, "cancel moves") as tx:
            driver = await tx.driver()
            move = await _find(driver, move_id)
            if move.row.status not in OPEN:
                raise _not_open(move.row, "open", "cancelled")
            await driver.run("UPDATE move_queue SET status = ?, cancelled_by = ?, "
                             "cancelled_at = ? WHERE id = ?",
                             (MoveStatus.CANCELLED.value, tx.actor.name, driver.time(utcnow()),
                              move_id))
            await tx.audit("cancel", "move", move_id, f"{_what(move.row)} ({move.row.status})")
        return await self.get(move_id)

    async def from_plan(self, at: datetime | None = None) -> PlanQueued:
        """The admissions the plan in force makes on the day of `at` (now), as requested
        moves into their planned beds, in one audited transaction. Left out: patients in a
        bed already, with a move open, or queued from this plan before."""
        async with self._ctx.write(Role.CLERK, "queue planned admissions") as tx:
            driver = await tx.driver()
            plans = await driver.rows("SELECT max(id) FROM admission_plans")
            horizon = await driver.rows("SELECT starts_on, days FROM planning_horizon")
            if not plans or plans[0][0] is None or not horizon:
                raise Refused("No admissions plan is in force; apply one first (Planning, s)")
            plan_id = plans[0][0]
            starts_on, days = driver.read_time(horizon[0][0]), horizon[0][1]
            day = (at or utcnow()) - starts_on
            index = day // DAY
            if not 0 <= index < days:
                raise Refused(f"Plan {plan_id} covers {starts_on.astimezone():%Y-%m-%d} and "
                              f"the {days - 1} days after; this day is not one of them")
            planned = await driver.rows(
                "SELECT r.patient_id, p.mrn, b.id, b.ward_id FROM bed_reservations r "
                "JOIN patients p ON p.id = r.patient_id JOIN beds b ON b.id = r.bed_id "
                "WHERE r.plan_id = ? AND r.day = ? ORDER BY b.label, p.mrn", (plan_id, index))
            source = f"plan {plan_id}"
            added, skipped = [], []
            for _patient_id, mrn, bed_id, ward_id in planned:
                patient = await patient_state(driver, mrn)
                why = await _left_out(driver, patient, source)
                if why:
                    skipped.append(f"{patient.mrn} {patient.name}: {why}")
                    continue
                move_id = await _insert(tx, patient, MoveKind.ADMIT, ward_id, bed_id,
                                        "", source)
                added.append((await _find(driver, move_id)).row)
            first = starts_on + index * DAY
            await tx.audit("queue from plan", "admission plan", plan_id,
                           f"{len(added)} planned admissions of {first.astimezone():%Y-%m-%d} "
                           "queued" + (": " + ", ".join(f"move {row.id} {row.mrn} to bed "
                                                         f"{row.bed}" for row in added)
                                       if added else "")
                           + (f"; {len(skipped)} left out" if skipped else ""))
        return PlanQueued(plan_id, first, added, skipped)

    async def _explain(self, conflict: Conflict, mrn: str) -> Refused:
        """Another clerk queued a move for the patient between our check and our write."""
        driver = await self._ctx.plain()
        patient = await patient_state(driver, mrn)
        try:
            await _open_move_of(driver, patient)
        except Refused as refused:
            return refused
        return conflict

    async def _explain_bed(self, conflict: Conflict, move_id: int, bed: str | None) -> Refused:
        """Another clerk approved a move into the bed between our check and our write."""
        driver = await self._ctx.plain()
        move = await _find(driver, move_id)
        try:
            await _refuse_taken(driver, move, await bed_state(driver, bed or move.row.bed))
        except Refused as refused:
            return refused
        return conflict


async def _destination(driver: Driver, patient: PatientState, bed: str | None,
                       ward: str | None) -> tuple[int, int | None]:
    """(ward id, bed id or None) of where the patient is asked to go."""
    ward_id = None
    if (ward or "").strip():
        rows = await driver.rows("SELECT id FROM wards WHERE name = ? AND active",
                                 (ward.strip(),))
        if not rows:
            raise NotFound(f"No ward named '{ward.strip()}'")
        ward_id = rows[0][0]
    if not (bed or "").strip():
        return ward_id, None
    target = await bed_state(driver, bed)
    if target.id == patient.bed_id:
        raise Refused(f"{patient.name} is in bed {target.label} already")
    rows = await driver.rows("SELECT ward_id FROM beds WHERE id = ?", (target.id,))
    if ward_id is not None and rows[0][0] != ward_id:
        raise Refused(f"Bed {target.label} is on {target.ward}, not {ward.strip()}")
    return rows[0][0], target.id


async def _insert(tx: Tx, patient: PatientState, kind: MoveKind, ward_id: int,
                  bed_id: int | None, note: str, source: str) -> int:
    driver = await tx.driver()
    [(move_id,)] = await driver.rows(
        "INSERT INTO move_queue (kind, patient_id, ward_id, bed_id, from_bed_id, status, note, "
        "source, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (kind.value, patient.id, ward_id, bed_id, patient.bed_id, REQUESTED, note, source,
         tx.actor.name, driver.time(utcnow())))
    return move_id


async def _refuse_taken(driver: Driver, move: _Move, target) -> None:
    """Refuse a bed no approval can promise: someone in it, blocked, held for someone else,
    or promised to another move. A bed being cleaned may be promised (it is clean before the
    move is carried out, or carrying it out is refused)."""
    reservation = held(target)
    cleaning = target.status == BedStatus.CLEANING.value and target.stay_id is None
    theirs = reservation is not None and reservation.mrn == move.row.mrn
    if not (takes_anyone(target) or cleaning or theirs):
        raise Refused(describe_bed(target))
    rows = await driver.rows(
        "SELECT m.id, p.name FROM move_queue m JOIN patients p ON p.id = m.patient_id "
        "WHERE m.bed_id = ? AND m.status = 'approved' AND m.id != ?", (target.id, move.row.id))
    if rows:
        raise Refused(f"Bed {target.label} is promised to move {rows[0][0]} ({rows[0][1]}) "
                      "already")


async def _left_out(driver: Driver, patient: PatientState, source: str) -> str:
    """Why a planned admission is not queued ('' when it is)."""
    if patient.stay_id is not None:
        return f"in bed {patient.bed_label} already"
    rows = await driver.rows(
        "SELECT id, status FROM move_queue WHERE patient_id = ? AND (source = ? OR status IN "
        "('requested', 'approved')) ORDER BY id DESC LIMIT 1", (patient.id, source))
    return f"move {rows[0][0]} ({rows[0][1]}) already" if rows else ""
