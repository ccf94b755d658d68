"""Beds and stays: the board, admit, transfer, discharge, cleaning and blocking.

A bed's status column and the admissions table always agree: every change to one changes the
other in the same transaction, and the database's partial unique indexes (one active admission
per bed, one per patient) catch any race the checks below could not see. The writes read the
bed and the patient with one driver statement apiece (see driver.py), so admit and discharge
stay a few milliseconds on a hospital-sized database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from db.driver import Driver
from hra_tui.domain import BedStatus, Role
from hra_tui.services.context import Context, Tx
from hra_tui.services.errors import Conflict, Refused
from hra_tui.services.free_text import parse_text
from hra_tui.services.quick_records import BedCell, Reservation
from hra_tui.services.records.reservations import read_reservation, reservation_note
from hra_tui.services.records.states import (
    BedState,
    PatientState,
    active_doctor,
    active_ward_names,
    bed_state,
    board_beds,
    normalise_mrn,
    patient_state,
)
from hra_tui.services.times import short_local, to_utc, utcnow


def natural_key(label: str) -> list[object]:
    """'2A' before '10A': numbers in labels compare as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", label)]


def bed_cell(row: BedState) -> BedCell:
    return BedCell(id=row.id, label=row.label, ward=row.ward, type=row.type, status=row.status,
                   since=row.status_since, patient_mrn=row.mrn, patient_name=row.patient_name,
                   note=row.note, reservation=read_reservation(row.status, row.note))


def held(bed: BedState | BedCell, now: datetime | None = None) -> Reservation | None:
    """The reservation still holding the bed (named and not expired), else None."""
    reservation = read_reservation(bed.status, bed.note)
    if reservation is None or reservation.expired(now or utcnow()):
        return None
    return reservation


def takes_anyone(bed: BedState | BedCell, now: datetime | None = None) -> bool:
    """Free, or reserved for someone whose reservation has expired."""
    if getattr(bed, "stay_id", None) is not None or getattr(bed, "patient_mrn", None):
        return False
    if bed.status == BedStatus.FREE.value:
        return True
    return (bed.status == BedStatus.RESERVED.value
            and read_reservation(bed.status, bed.note) is not None and held(bed, now) is None)


def describe_bed(bed: BedState) -> str:
    """The bed's state in a clerk's words: 'Bed 3B is occupied by Jane Doe since 14:05'."""
    if bed.stay_id is not None:
        return f"Bed {bed.label} is occupied by {bed.patient_name} since " \
               f"{short_local(bed.admitted_at)}"
    since = short_local(bed.status_since)
    if bed.status == BedStatus.OCCUPIED.value:
        return f"Bed {bed.label} is marked occupied (since {since})"
    if bed.status == BedStatus.CLEANING.value:
        return f"Bed {bed.label} is being cleaned (since {since}); mark it clean first"
    if bed.status == BedStatus.BLOCKED.value:
        return f"Bed {bed.label} is blocked: {bed.note or 'no reason given'}"
    if bed.status == BedStatus.RESERVED.value:
        reservation = read_reservation(bed.status, bed.note)
        if reservation is not None:
            return (f"Bed {bed.label} is reserved for {reservation.name} ({reservation.mrn}) "
                    f"until {short_local(reservation.until)}")
        return f"Bed {bed.label} is reserved (since {since}): {bed.note or 'no reason given'}"
    return f"Bed {bed.label} is free"


def _refuse_unless_free(bed: BedState, mrn: str | None = None) -> None:
    """Refuse a bed that is not free, unless it is reserved for `mrn` or its reservation has
    expired."""
    if takes_anyone(bed):
        return
    reservation = held(bed)
    if bed.stay_id is None and reservation is not None and reservation.mrn == mrn:
        return
    raise Refused(describe_bed(bed))


async def admitted(driver: Driver, mrn: str) -> PatientState:
    """The patient's state, refused unless they are in a bed now."""
    patient = await patient_state(driver, mrn)
    if patient.stay_id is None:
        raise Refused(f"{patient.name} is not admitted to any bed")
    return patient


async def _set_status(tx: Tx, bed: BedState, status: BedStatus,
                      note: str | None = None) -> BedCell:
    """Change a bed's status (and note); returns the bed's cell as it now is, sans occupant."""
    driver = await tx.driver()
    now = utcnow()
    note = bed.note if note is None else note
    await driver.run("UPDATE beds SET status = ?, status_since = ?, note = ? WHERE id = ?",
                     (status.value, driver.time(now), note, bed.id))
    return bed_cell(bed).replace(status=status.value, since=now, note=note,
                                 patient_mrn=None, patient_name=None,
                                 reservation=read_reservation(status.value, note))


async def occupy(tx: Tx, patient: PatientState, bed_label: str, doctor_id: int | None,
                 prescription: str, at: datetime | None = None) -> BedCell:
    """Admit a patient into a free bed inside an open transaction."""
    if patient.stay_id is not None:
        raise Refused(f"{patient.name} is already in bed {patient.bed_label}")
    driver = await tx.driver()
    bed = await bed_state(driver, bed_label)
    _refuse_unless_free(bed, patient.mrn)
    if doctor_id is not None:
        await active_doctor(driver, doctor_id)
    await driver.run(
        "INSERT INTO admissions (patient_id, bed_id, doctor_id, prescription, admitted_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (patient.id, bed.id, doctor_id, prescription, driver.time(at or utcnow())))
    cell = await _set_status(tx, bed, BedStatus.OCCUPIED, note="")
    return cell.replace(patient_mrn=patient.mrn, patient_name=patient.name)


async def move_to(tx: Tx, patient: PatientState, bed_label: str) -> BedCell:
    """Move an admitted patient's stay to a free bed inside an open transaction (no
    discharge: doctor, prescription and admission time go with them); the bed left goes to
    cleaning."""
    driver = await tx.driver()
    target = await bed_state(driver, bed_label)
    if target.id == patient.bed_id:
        raise Refused(f"{patient.name} is already in bed {target.label}")
    _refuse_unless_free(target, patient.mrn)
    await driver.run("UPDATE admissions SET bed_id = ? WHERE id = ?",
                     (target.id, patient.stay_id))
    await driver.run("UPDATE beds SET status = ?, status_since = ? WHERE id = ?",
                     (BedStatus.CLEANING.value, driver.time(utcnow()), patient.bed_id))
    cell = await _set_status(tx, target, BedStatus.OCCUPIED, note="")
    return cell.replace(patient_mrn=patient.mrn, patient_name=patient.name)


class BedService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def wards(self) -> list[str]:
        """The active wards' names, in order."""
        return await active_ward_names(await self._ctx.plain())

    async def board(self, ward: str | None = None) -> list[BedCell]:
        """Every active bed with its occupant, ordered by ward then label (2A before 10A)."""
        cells = [bed_cell(bed) for bed in await board_beds(await self._ctx.plain(), ward)]
        return sorted(cells, key=lambda cell: (cell.ward, natural_key(cell.label)))

    async def free(self, ward: str | None = None, for_mrn: str | None = None) -> list[BedCell]:
        """Beds anyone may be admitted into (free, or with an expired reservation), and the
        bed reserved for `for_mrn`, if any."""
        mine = normalise_mrn(for_mrn) if for_mrn else None

        def held_for_them(cell: BedCell) -> bool:
            reservation = held(cell)
            return reservation is not None and reservation.mrn == mine

        return [cell for cell in await self.board(ward)
                if takes_anyone(cell) or (mine is not None and held_for_them(cell))]

    async def cell(self, label: str) -> BedCell:
        """One bed as on the board."""
        return bed_cell(await bed_state(await self._ctx.plain(), label, on_active_ward=False))

    async def admit(self, mrn: str, bed_label: str, doctor_id: int | None = None,
                    prescription: str = "") -> BedCell:
        prescription = parse_text(prescription, "Prescription")
        try:
            async with self._ctx.write_plain(Role.CLERK, "admit patients") as tx:
                patient = await patient_state(await tx.driver(), mrn)
                cell = await occupy(tx, patient, bed_label, doctor_id, prescription)
                await tx.audit("admit", "patient", patient.id,
                               f"{patient.mrn} {patient.name} into bed {cell.label}")
        except Conflict as conflict:
            raise await self.explain_conflict(conflict, mrn, bed_label) from None
        return cell

    async def transfer(self, mrn: str, bed_label: str) -> BedCell:
        """Move an admitted patient to a free bed; the old bed goes to cleaning."""
        try:
            async with self._ctx.write_plain(Role.CLERK, "transfer patients") as tx:
                patient = await admitted(await tx.driver(), mrn)
                cell = await move_to(tx, patient, bed_label)
                await tx.audit("transfer", "patient", patient.id,
                               f"{patient.mrn} {patient.name} from bed {patient.bed_label} "
                               f"to bed {cell.label}")
        except Conflict as conflict:
            raise await self.explain_conflict(conflict, mrn, bed_label) from None
        return cell

    async def swap(self, first: str, second: str, undo: bool = False) -> tuple[BedCell, BedCell]:
        """Two admitted patients exchange beds in one audited transaction; their stays go on
        (doctor, prescription, admitted since) and both beds stay occupied. Returns the two
        beds as they now are, in the order given. `undo`: this swaps back a swap made by
        mistake (audited as such, so the census counts neither)."""
        async with self._ctx.write_plain(Role.CLERK, "swap patients' beds") as tx:
            driver = await tx.driver()
            one, two = await bed_state(driver, first), await bed_state(driver, second)
            if one.id == two.id:
                raise Refused(f"Both are bed {one.label}; name two different beds")
            for bed in (one, two):
                if bed.stay_id is None or bed.status != BedStatus.OCCUPIED.value:
                    raise Refused(f"{describe_bed(bed)}; only two occupied beds can swap")
            # One active stay per bed is a partial unique index, checked row by row: the first
            # stay leaves the index (ended at its own start, so the CHECK on the order holds)
            # while the second takes its bed, then comes back in the bed the second left.
            await driver.run("UPDATE admissions SET discharged_at = admitted_at WHERE id = ?",
                             (one.stay_id,))
            await driver.run("UPDATE admissions SET bed_id = ? WHERE id = ?",
                             (one.id, two.stay_id))
            await driver.run("UPDATE admissions SET bed_id = ?, discharged_at = NULL "
                             "WHERE id = ?", (two.id, one.stay_id))
            await tx.audit("undo swap" if undo else "swap", "bed", one.id,
                           f"{one.mrn} {one.patient_name} from bed {one.label} to bed "
                           f"{two.label}, {two.mrn} {two.patient_name} from bed {two.label} "
                           f"to bed {one.label}")
        return (bed_cell(one).replace(patient_mrn=two.mrn, patient_name=two.patient_name),
                bed_cell(two).replace(patient_mrn=one.mrn, patient_name=one.patient_name))

    async def discharge(self, mrn: str) -> BedCell:
        """End the patient's stay; the bed goes to cleaning. Returns the bed left behind."""
        async with self._ctx.write_plain(Role.CLERK, "discharge patients") as tx:
            driver = await tx.driver()
            patient = await admitted(driver, mrn)
            bed = await bed_state(driver, patient.bed_label)
            await driver.run("UPDATE admissions SET discharged_at = ? WHERE id = ?",
                             (driver.time(utcnow()), patient.stay_id))
            cell = await _set_status(tx, bed, BedStatus.CLEANING)
            await tx.audit("discharge", "patient", patient.id,
                           f"{patient.mrn} {patient.name} from bed {bed.label}")
        return cell

    async def undo_discharge(self, mrn: str, bed_label: str) -> BedCell:
        """Reverse a discharge made by mistake: the stay that ended in `bed_label` goes on, as
        long as the patient is in no bed and the bed is still empty (cleaning or free)."""
        async with self._ctx.write_plain(Role.CLERK, "discharge patients") as tx:
            driver = await tx.driver()
            patient = await patient_state(driver, mrn)
            if patient.stay_id is not None:
                raise Refused(f"{patient.name} is in bed {patient.bed_label} now")
            bed = await bed_state(driver, bed_label)
            if bed.stay_id is not None or bed.status not in (BedStatus.CLEANING.value,
                                                             BedStatus.FREE.value):
                raise Refused(f"{describe_bed(bed)}; {patient.name} cannot go back into it")
            stays = await driver.rows(
                "SELECT id FROM admissions WHERE patient_id = ? AND bed_id = ? "
                "AND discharged_at IS NOT NULL ORDER BY discharged_at DESC, id DESC LIMIT 1",
                (patient.id, bed.id))
            if not stays:
                raise Refused(f"{patient.name} was never discharged from bed {bed.label}")
            await driver.run("UPDATE admissions SET discharged_at = NULL WHERE id = ?",
                             (stays[0][0],))
            cell = await _set_status(tx, bed, BedStatus.OCCUPIED, note="")
            await tx.audit("undo discharge", "patient", patient.id,
                           f"{patient.mrn} {patient.name} back in bed {bed.label}")
        return cell.replace(patient_mrn=patient.mrn, patient_name=patient.name)

    async def undo_transfer(self, mrn: str, back_to: str) -> BedCell:
        """Reverse a transfer made by mistake: the patient goes back to `back_to` (if it is
        still empty) and the bed they leave is free again, as it was before."""
        async with self._ctx.write_plain(Role.CLERK, "transfer patients") as tx:
            driver = await tx.driver()
            patient = await admitted(driver, mrn)
            back = await bed_state(driver, back_to)
            if back.stay_id is not None or back.status not in (BedStatus.CLEANING.value,
                                                               BedStatus.FREE.value):
                raise Refused(f"{describe_bed(back)}; {patient.name} cannot go back into it")
            left = await bed_state(driver, patient.bed_label)
            await driver.run("UPDATE admissions SET bed_id = ? WHERE id = ?",
                             (back.id, patient.stay_id))
            await _set_status(tx, left, BedStatus.FREE, note="")
            cell = await _set_status(tx, back, BedStatus.OCCUPIED, note="")
            await tx.audit("undo transfer", "patient", patient.id,
                           f"{patient.mrn} {patient.name} from bed {left.label} back to bed "
                           f"{back.label}")
        return cell.replace(patient_mrn=patient.mrn, patient_name=patient.name)

    async def mark_clean(self, label: str) -> BedCell:
        async with self._ctx.write_plain(Role.CLERK, "mark beds clean") as tx:
            bed = await bed_state(await tx.driver(), label)
            if bed.status != BedStatus.CLEANING.value or bed.stay_id is not None:
                raise Refused(f"{describe_bed(bed)}, not waiting for cleaning")
            cell = await _set_status(tx, bed, BedStatus.FREE)
            await tx.audit("clean", "bed", bed.id, f"bed {bed.label} cleaned, now free")
        return cell

    async def reserve(self, label: str, mrn: str, until: datetime) -> BedCell:
        """Hold a free bed (or one whose reservation expired) for a patient until a time."""
        from hra_tui.services.validation import check_future  # not at the top: admit needs none

        until = check_future(to_utc(until), "Reservation")
        async with self._ctx.write_plain(Role.CLERK, "reserve beds") as tx:
            driver = await tx.driver()
            bed = await bed_state(driver, label)
            patient = await patient_state(driver, mrn)
            if patient.stay_id is not None:
                raise Refused(f"{patient.name} is already in bed {patient.bed_label}")
            if not takes_anyone(bed):
                raise Refused(f"{describe_bed(bed)}; only a free bed can be reserved")
            holding = await driver.rows(
                "SELECT label FROM beds WHERE status = 'reserved' AND note LIKE ? AND id != ?",
                (f"{patient.mrn} %", bed.id))
            for (other,) in holding:
                if held(await bed_state(driver, other)) is not None:
                    raise Refused(f"{patient.name} already has bed {other} reserved; "
                                  "release it first")
            cell = await _set_status(tx, bed, BedStatus.RESERVED,
                                     note=reservation_note(patient.mrn, patient.name, until))
            await tx.audit("reserve", "bed", bed.id, f"bed {bed.label} reserved for "
                           f"{patient.mrn} {patient.name} until {until.isoformat()}")
        return cell

    async def release(self, label: str) -> BedCell:
        """End a bed's reservation (expired or not): the bed is free again."""
        return await self._free(label, BedStatus.RESERVED, "release", lambda bed: (
            f"bed {bed.label} released ({bed.note or 'no note'}), now free"))

    async def block(self, label: str, reason: str) -> BedCell:
        reason = " ".join(parse_text(reason, "Reason", 200).split())
        if not reason:
            raise Refused("Give a reason for blocking the bed")
        async with self._ctx.write_plain(Role.CLERK, "block beds") as tx:
            bed = await bed_state(await tx.driver(), label)
            if bed.stay_id is not None or bed.status not in (BedStatus.FREE.value,
                                                             BedStatus.CLEANING.value):
                raise Refused(f"{describe_bed(bed)}; only a free or cleaning bed can be blocked")
            cell = await _set_status(tx, bed, BedStatus.BLOCKED, note=reason)
            await tx.audit("block", "bed", bed.id, f"bed {bed.label} blocked: {reason}")
        return cell

    async def unblock(self, label: str) -> BedCell:
        return await self._free(label, BedStatus.BLOCKED, "unblock",
                                lambda bed: f"bed {bed.label} unblocked, now free")

    async def _free(self, label: str, held: BedStatus, action: str,
                    detail: Callable[[BedState], str]) -> BedCell:
        """Free a bed that is `held` (reserved, blocked), clearing its note; audited."""
        async with self._ctx.write_plain(Role.CLERK, f"{action} beds") as tx:
            bed = await bed_state(await tx.driver(), label)
            if bed.status != held.value:
                raise Refused(f"Bed {bed.label} is not {held.value}")
            cell = await _set_status(tx, bed, BedStatus.FREE, note="")
            await tx.audit(action, "bed", bed.id, detail(bed))
        return cell

    async def explain_conflict(self, conflict: Conflict, mrn: str, bed_label: str) -> Refused:
        """A constraint caught what the checks did not see (another clerk was faster): say
        what the bed or the patient holds now, as the checks would have."""
        driver = await self._ctx.plain()
        bed = await bed_state(driver, bed_label)
        if bed.stay_id is not None:
            return Refused(describe_bed(bed))
        patient = await patient_state(driver, mrn)
        if patient.stay_id is not None:
            return Refused(f"{patient.name} is already in bed {patient.bed_label}")
        return conflict
