"""The daily census: per ward, how its beds stood at midnight and who came and went that day.

The midnight census convention: a day's bed counts (occupied, free, cleaning, blocked,
reserved) are the beds as they stood at the midnight that ends the day, in the ward's local
time; today's, whose midnight has not come, are the beds as they stand now. Admissions,
discharges and transfers count what happened from the midnight that starts the day to the one
that ends it (so far, today). A transfer counts only between two wards (a move to another bed
of the same ward is neither in nor out), a bed swap is a transfer of each of its two patients,
and a transfer or swap undone is counted neither way.

Everything comes from the records, so a past day is computed as well as today: stays from the
admissions table (admitted and discharged times), moves between beds from the audit log's
transfer and swap rows (each names the beds left and taken), and each bed's state that night from
its status now when that began before the midnight, else from the last audited change to it
before then (admit, discharge, transfer, clean, block, unblock, reserve, release). A bed
counts on the ward it belongs to now, among the beds in service now; a bed whose state that
night no record tells (changed since by a bulk import, or by no audited write in the year
before) counts as free. Only the day's patients' moves and, for a past day, the beds changed
since are read from the audit log, so today's census does not grow with the log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from db.driver import Driver
from db.time_codec import parse_sql_time
from hra_tui.domain import BedStatus
from hra_tui.services.context import Context
from hra_tui.services.errors import Invalid
from hra_tui.services.times import local_day_bounds, utcnow

_MOVE = re.compile(r" from bed (?P<left>\S+) (?:back )?to bed (?P<took>\S+)$")
# A swap is one audited action for two patients, the first named taking the second's bed.
_SWAP = re.compile(r"^(?P<first>\S+) .* from bed (?P<a>\S+) to bed (?P<b>\S+), (?P<second>\S+) "
                   r".* from bed (?P=b) to bed (?P=a)$")
_ONE_BED = re.compile(r" (?:into|from|back in) bed (?P<bed>\S+)$")
# Each audited action that leaves a bed in a new state, by the state it leaves.
_BED_ACTIONS = {"clean": BedStatus.FREE, "unblock": BedStatus.FREE, "release": BedStatus.FREE,
                "add": BedStatus.FREE, "block": BedStatus.BLOCKED,
                "reserve": BedStatus.RESERVED}
_PATIENT_BED = {"admit": BedStatus.OCCUPIED, "undo discharge": BedStatus.OCCUPIED,
                "discharge": BedStatus.CLEANING}
_STATE_ACTIONS = ("('admit', 'discharge', 'transfer', 'undo transfer', 'undo discharge', "
                  "'clean', 'block', 'unblock', 'reserve', 'release', 'add')")
_LOOKBACK_DAYS = 366
_BATCH = 2000
COUNTS = ("occupied", "free", "cleaning", "blocked", "reserved", "admitted", "discharged",
          "transferred_in", "transferred_out")


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$")


def parse_census_day(text: str, now: datetime | None = None) -> date:
    """A census day as a clerk types it: 'today', 'yesterday', 2026-03-09, or day first
    09/03 (the last 9 March, today or before) or 09/03/2026; Invalid in words otherwise."""
    cleaned = text.strip().lower()
    today = (now or utcnow()).astimezone().date()
    words = {"yesterday": -1, "today": 0, "tomorrow": 1}  # tomorrow: refused as not yet known
    if cleaned in words:
        return today + timedelta(days=words[cleaned])
    try:
        if match := _DAY_FIRST.match(cleaned):
            day_, month, year = match.groups()
            if year is not None:
                return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day_))
            last = date(today.year, int(month), int(day_))
            return last if last <= today else date(today.year - 1, int(month), int(day_))
        return date.fromisoformat(cleaned)
    except ValueError:
        raise Invalid(f"'{text.strip()}' is not a day; use e.g. {today.isoformat()}, "
                      f"{today:%d/%m} or yesterday") from None


@dataclass(frozen=True)
class WardCensus:
    """One ward's census of one day (`ward` is "All wards" on the total line)."""

    ward: str
    beds: int
    occupied: int
    free: int
    cleaning: int
    blocked: int
    reserved: int
    admitted: int
    discharged: int
    transferred_in: int
    transferred_out: int


@dataclass(frozen=True)
class Census:
    """A day's census: each ward's line, and as of when its bed counts were taken."""

    day: date
    as_of: datetime  # the midnight ending the day, or now for today
    wards: list[WardCensus]

    @property
    def total(self) -> WardCensus:
        sums = {name: sum(getattr(w, name) for w in self.wards) for name in ("beds", *COUNTS)}
        return WardCensus(ward="All wards", **sums)


@dataclass(frozen=True)
class _Move:
    at: datetime
    patient_id: int
    left: str
    took: str
    undo: bool


def _moves(rows: list[tuple]) -> list[_Move]:
    """The audit's transfer rows (at, action, patient id, detail) as moves, in time order."""
    moves = []
    for at, action, patient_id, detail in rows:
        match = _MOVE.search(detail or "")
        if match and patient_id is not None:
            moves.append(_Move(parse_sql_time(at), patient_id, match["left"], match["took"],
                               action == "undo transfer"))
    return moves


def _swaps(rows: list[tuple], patient_of: dict[str, int]) -> list[_Move]:
    """The audit's swap rows (at, action, detail) as two moves each, one per patient, for the
    patients in `patient_of` (by MRN); undoing a swap is two undone moves."""
    moves = []
    for at, action, detail in rows:
        if match := _SWAP.search(detail or ""):
            for mrn, left, took in ((match["first"], match["a"], match["b"]),
                                    (match["second"], match["b"], match["a"])):
                if mrn in patient_of:
                    moves.append(_Move(parse_sql_time(at), patient_of[mrn], left, took,
                                       action == "undo swap"))
    return moves


def _counted(moves: list[_Move]) -> list[_Move]:
    """The transfers that stand: an undone transfer and its undoing both drop out."""
    standing: list[_Move] = []
    for move in moves:
        if move.undo:
            for earlier in reversed(standing):
                if earlier.patient_id == move.patient_id:
                    standing.remove(earlier)
                    break
        else:
            standing.append(move)
    return standing


def _bed_at(bed: str, patient_id: int, moment: datetime, stay_end: datetime | None,
            moves: list[_Move]) -> str:
    """The bed a patient lay in at `moment` of a stay that ended in `bed` (or lies there now):
    each later move of theirs in that stay is walked back. `moves` are in time order."""
    for move in reversed(moves):
        if move.patient_id == patient_id and moment < move.at and \
                (stay_end is None or move.at <= stay_end) and move.took == bed:
            bed = move.left
    return bed


def _bed_changes(row: tuple, bed_ids: dict[int, str]) -> list[tuple[str, BedStatus]]:
    """The beds one audit row changed, each with the state it left it in."""
    _, action, entity, entity_id, detail = row
    if entity == "bed" and action in _BED_ACTIONS and entity_id in bed_ids:
        return [(bed_ids[entity_id], _BED_ACTIONS[action])]
    if entity == "patient" and (move := _MOVE.search(detail or "")):
        left = BedStatus.FREE if action == "undo transfer" else BedStatus.CLEANING
        return [(move["left"], left), (move["took"], BedStatus.OCCUPIED)]
    if entity == "patient" and action in _PATIENT_BED and (one := _ONE_BED.search(detail or "")):
        return [(one["bed"], _PATIENT_BED[action])]
    return []


async def _states_then(driver: Driver, as_of: datetime, labels: set[str],
                       bed_ids: dict[int, str]) -> dict[str, BedStatus]:
    """Each of `labels`' state at `as_of` from its last audited change before then, read back
    from `as_of` a batch at a time until every bed is found (or a year back: a bed untouched
    by any audited write for a year is not found)."""
    found: dict[str, BedStatus] = {}
    upper = (driver.time(as_of), None)
    floor = driver.time(as_of - timedelta(days=_LOOKBACK_DAYS))
    while labels - found.keys():
        at, last_id = upper
        rows = await driver.rows(
            "SELECT id, at, action, entity, entity_id, detail FROM audit_log "
            f"WHERE action IN {_STATE_ACTIONS} AND at >= ? AND "
            + ("at <= ?" if last_id is None else "(at < ? OR (at = ? AND id < ?))")
            + f" ORDER BY at DESC, id DESC LIMIT {_BATCH}",
            (floor, at) if last_id is None else (floor, at, at, last_id))
        for _, *row in rows:
            for label, state in _bed_changes(tuple(row), bed_ids):
                if label in labels:
                    found.setdefault(label, state)
        if len(rows) < _BATCH:
            break
        upper = (rows[-1][1], rows[-1][0])
    return found


class CensusService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def day(self, day: date | None = None) -> Census:
        """The census of a local day (default today); a day still to come is refused."""
        now = utcnow()
        today = now.astimezone().date()
        day = day or today
        if day > today:
            raise Invalid(f"The census of {day.isoformat()} is not known yet: it is "
                          f"{today.isoformat()} today")
        start, end = local_day_bounds(day)
        as_of = min(end, now)
        async with self._ctx.read() as conn:
            driver = await Driver.of(conn)
            wards = await self._read(driver, start, end, as_of)
        return Census(day=day, as_of=as_of, wards=wards)

    async def _read(self, driver: Driver, start: datetime, end: datetime,
                    as_of: datetime) -> list[WardCensus]:
        t = driver.time
        beds = await driver.rows(
            "SELECT b.id, b.label, w.name, b.status, b.status_since FROM beds b "
            "JOIN wards w ON w.id = b.ward_id WHERE b.active AND w.active ORDER BY w.name")
        ward_of = {label: ward for _, label, ward, _, _ in beds}
        stays = await driver.rows(
            "SELECT a.patient_id, b.label, a.admitted_at, a.discharged_at, p.mrn "
            "FROM admissions a JOIN beds b ON b.id = a.bed_id "
            "JOIN patients p ON p.id = a.patient_id WHERE a.admitted_at < ? "
            "AND (a.discharged_at IS NULL OR a.discharged_at >= ?)", (t(end), t(start)))
        moves = _moves(await driver.rows(
            "SELECT at, action, entity_id, detail FROM audit_log WHERE action IN "
            "('transfer', 'undo transfer') AND entity = 'patient' AND at >= ? AND entity_id IN "
            "(SELECT patient_id FROM admissions WHERE admitted_at < ? AND "
            "(discharged_at IS NULL OR discharged_at >= ?)) ORDER BY at, id",
            (t(start), t(end), t(start))))
        moves += _swaps(await driver.rows(
            "SELECT at, action, detail FROM audit_log WHERE action IN ('swap', 'undo swap') "
            "AND entity = 'bed' AND at >= ? ORDER BY at, id", (t(start),)),
            {mrn: patient_id for patient_id, _, _, _, mrn in stays})
        moves.sort(key=lambda move: move.at)
        counts: dict[str, dict[str, int]] = {
            ward: dict.fromkeys(("beds", *COUNTS), 0) for ward in ward_of.values()}

        def add(bed: str, what: str) -> None:
            if bed in ward_of:
                counts[ward_of[bed]][what] += 1

        occupied_beds = set()
        for patient_id, bed, admitted_at, discharged_at, _ in stays:
            admitted = parse_sql_time(admitted_at)
            discharged = parse_sql_time(discharged_at) if discharged_at else None
            if start <= admitted < end:
                add(_bed_at(bed, patient_id, admitted, discharged, moves), "admitted")
            if discharged is not None and start <= discharged < end:
                add(_bed_at(bed, patient_id, discharged, discharged, moves), "discharged")
            if admitted <= as_of and (discharged is None or discharged > as_of):
                occupied_beds.add(_bed_at(bed, patient_id, as_of, discharged, moves))
        for move in _counted([m for m in moves if m.at < end]):
            if move.at < start:
                continue
            if ward_of.get(move.left) != ward_of.get(move.took):
                add(move.left, "transferred_out")
                add(move.took, "transferred_in")
        changed_since = {label for _, label, _, _, since in beds
                         if label not in occupied_beds and parse_sql_time(since) > as_of}
        then = await _states_then(driver, as_of, changed_since,
                                  {bed_id: label for bed_id, label, *_ in beds}) \
            if changed_since else {}
        for _, label, ward, status, since in beds:
            counts[ward]["beds"] += 1
            if label in occupied_beds:
                state = BedStatus.OCCUPIED.value
            elif parse_sql_time(since) <= as_of:
                state = status
            else:
                state = then.get(label, BedStatus.FREE).value
            if label not in occupied_beds and state == BedStatus.OCCUPIED.value:
                state = BedStatus.FREE.value  # marked so, but no stay was in it then
            counts[ward][state] += 1
        return [WardCensus(ward=ward, **numbers) for ward, numbers in counts.items()]
