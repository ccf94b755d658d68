"""CSV export and import of the ward's records (the seed's "CSV export", made safe both ways).

Export streams rows from one query into a temporary file beside the target, then renames it
into place, so a reader never sees half a file and 100,000 patients never sit in memory.
Files are UTF-8 with a byte-order mark (so spreadsheets read accented names right) and are
readable by their owner only: they hold patient data.

Spreadsheet formulas are neutralised: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return is written with a leading apostrophe (`'=SUM(A1)`, `'+44 7700 900123`), which
spreadsheets show as text and never evaluate. Import takes that apostrophe off again, so a
file round-trips unchanged.

Times are written in UTC with their offset (`2026-03-12T09:30:00+00:00`); on import a time
without an offset is read as local time, as the forms read it. "doctors" files hold every
member of staff (role is a column); a patients row names its doctor by name and its bed by
label, and creates the stay, the booked appointment and the invoice the seed's form would.

Import is all or nothing: every row is parsed and checked (columns, types, ranges, duplicates
within the file and against the database, referenced doctors, beds and wards) before anything
is written; one bad row refuses the whole file with `ImportRefused` listing each bad row by its
line number. A good file is written in one transaction with one audit row, by bulk inserts on
the writer connection, so a crash or a kill mid-import leaves the database as it was.
"""

from __future__ import annotations

import asyncio
import csv
import gc
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.bulk import insert_sql
from db.models import BedStatus, BedType, InvoiceStatus, Role, phone_digits
from db.time_codec import parse_sql_time, sql_time, sql_time_as_iso
from hra_tui.services.context import Context
from hra_tui.services.errors import ImportRefused, Invalid, Refused
from hra_tui.services.lookups import DOCTOR_ROLES
from hra_tui.services.records import ExportResult, ImportResult
from hra_tui.services.roles import require
from hra_tui.services.times import utcnow
from hra_tui.services.validation import (
    MAX_AHEAD,
    MAX_NAME,
    PAST_GRACE,
    parse_age,
    parse_future_datetime,
    parse_gender,
    parse_int,
    parse_money,
    parse_name,
    parse_phone,
    parse_staff_role,
    parse_text,
    parse_urgency,
)

if TYPE_CHECKING:
    from hra_tui.services.ward import Ward

EXPORT_KINDS = ("patients", "doctors", "beds", "appointments", "billing")
IMPORT_KINDS = ("patients", "doctors", "beds")

COLUMNS: dict[str, tuple[str, ...]] = {
    "patients": ("mrn", "name", "age", "gender", "phone", "address", "doctor", "bed",
                 "appointment", "amount", "billing status", "urgency", "prescription"),
    "doctors": ("name", "role", "specialization", "phone", "skill", "max slots",
                "cost per slot", "overtime cost", "active"),
    "beds": ("label", "ward", "type", "status", "since", "patient mrn", "patient name", "note"),
    "appointments": ("id", "starts at", "duration min", "patient mrn", "patient name", "doctor",
                     "status"),
    "billing": ("id", "mrn", "patient name", "amount", "description", "status", "created at",
                "paid at"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "patients": ("name", "age", "gender"),
    "doctors": ("name", "role"),
    "beds": ("label", "ward"),
}
ENCODING = "utf-8-sig"
MAX_LISTED = 100  # bad rows listed in a refusal; all of them are counted
IMPORTED_DURATION_MIN = 30  # the seed form's appointment length
IMPORTED_INVOICE = "Imported balance"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = frozenset("'" + start for start in _FORMULA_START)
_MRN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
_LABEL = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,11}$")
_YES = {"yes": True, "y": True, "true": True, "1": True, "active": True,
        "no": False, "n": False, "false": False, "0": False, "inactive": False}


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet will show it but never evaluate it."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def restore(cell: str) -> str:
    """Undo `neutralise`: "'=x" -> "=x"; any other cell is returned as it is."""
    return cell[1:] if cell[:2] in _NEUTRALISED else cell


def _ctx(ward: Ward) -> Context:
    return ward.context


# ---------------------------------------------------------------------------------- export

def _csv_money(cents: int | None) -> str:
    return "" if cents is None else f"{cents // 100}.{cents % 100:02d}"


_EXPORT_SQL = {
    # The seed's patient view, one doctor per patient: the doctor and bed of the current
    # stay, the next booked appointment (with that doctor, if in a bed; else with whom it is
    # booked, who is then the doctor shown), and the invoices' total (void ones count only
    # when all are void) with their status (unpaid if any is unpaid, else paid, else void).
    "patients": """
        SELECT p.mrn, p.name, p.age, p.gender, p.phone, p.address,
               COALESCE(sd.name, ad.name), b.label, ap.starts_at,
               (SELECT coalesce(sum(CASE WHEN status != 'void' THEN amount_cents END),
                                sum(amount_cents))
                  FROM billing WHERE patient_id = p.id),
               (SELECT CASE WHEN count(*) = 0 THEN ''
                            WHEN max(status = 'unpaid') THEN 'unpaid'
                            WHEN max(status = 'paid') THEN 'paid' ELSE 'void' END
                  FROM billing WHERE patient_id = p.id),
               p.urgency, a.prescription
        FROM patients p
        LEFT JOIN admissions a ON a.patient_id = p.id AND a.discharged_at IS NULL
        LEFT JOIN beds b ON b.id = a.bed_id
        LEFT JOIN staff sd ON sd.id = a.doctor_id
        LEFT JOIN appointments ap ON ap.id = (
            SELECT id FROM appointments WHERE patient_id = p.id AND status = 'booked'
              AND starts_at > :now AND (a.doctor_id IS NULL OR doctor_id = a.doctor_id)
            ORDER BY starts_at LIMIT 1)
        LEFT JOIN staff ad ON ad.id = ap.doctor_id
        WHERE p.active
        ORDER BY p.mrn""",
    "doctors": """
        SELECT name, role, specialization, phone, skill, max_slots, cost_per_slot,
               overtime_cost, active
        FROM staff ORDER BY role, name, id""",
    "beds": """
        SELECT b.label, w.name, b.type, b.status, b.status_since, p.mrn, p.name, b.note
        FROM beds b JOIN wards w ON w.id = b.ward_id
        LEFT JOIN admissions a ON a.bed_id = b.id AND a.discharged_at IS NULL
        LEFT JOIN patients p ON p.id = a.patient_id
        WHERE b.active
        ORDER BY w.name, b.id""",
    "appointments": """
        SELECT a.id, a.starts_at, a.duration_min, p.mrn, p.name, s.name, a.status
        FROM appointments a JOIN patients p ON p.id = a.patient_id
        JOIN staff s ON s.id = a.doctor_id
        ORDER BY a.starts_at, a.id""",
    "billing": """
        SELECT i.id, p.mrn, p.name, i.amount_cents, i.description, i.status, i.created_at,
               i.paid_at
        FROM billing i JOIN patients p ON p.id = i.patient_id
        ORDER BY i.id""",
}


def _patient_cells(r: Sequence) -> list[str]:
    return [r[0], r[1], str(r[2]), r[3], r[4], r[5], r[6] or "", r[7] or "", sql_time_as_iso(r[8]),
            _csv_money(r[9]), r[10], str(r[11]), r[12] or ""]


def _doctor_cells(r: Sequence) -> list[str]:
    return [r[0], r[1], r[2], r[3], str(r[4]), str(r[5]), str(r[6]), str(r[7]),
            "yes" if r[8] else "no"]


def _bed_cells(r: Sequence) -> list[str]:
    return [r[0], r[1], r[2], r[3], sql_time_as_iso(r[4]), r[5] or "", r[6] or "", r[7]]


def _appointment_cells(r: Sequence) -> list[str]:
    return [str(r[0]), sql_time_as_iso(r[1]), str(r[2]), r[3], r[4], r[5], r[6]]


def _invoice_cells(r: Sequence) -> list[str]:
    return [str(r[0]), r[1], r[2], _csv_money(r[3]), r[4], r[5], sql_time_as_iso(r[6]),
            sql_time_as_iso(r[7])]


_EXPORT_CELLS: dict[str, Callable[[Sequence], list[str]]] = {
    "patients": _patient_cells, "doctors": _doctor_cells, "beds": _bed_cells,
    "appointments": _appointment_cells, "billing": _invoice_cells,
}


def _check_kind(kind: str, kinds: tuple[str, ...], doing: str) -> None:
    if kind not in kinds:
        raise Refused(f"Cannot {doing} '{kind}'; choose one of {', '.join(kinds)}")


def _target(path: Path) -> Path:
    path = Path(path).expanduser()
    if path.is_dir():
        raise Refused(f"{path} is a folder; give a file name, e.g. {path / 'export.csv'}")
    if not path.parent.is_dir():
        raise Refused(f"Folder {path.parent} does not exist")
    return path


async def export_csv(ward: Ward, kind: str, path: Path) -> ExportResult:
    """Write every `kind` record to `path` (replacing it whole) and audit who exported what."""
    _check_kind(kind, EXPORT_KINDS, "export")
    ctx = _ctx(ward)
    target = _target(path)
    to_cells = _EXPORT_CELLS[kind]
    try:
        fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".part")
    except OSError as exc:
        raise Refused(f"Cannot write in {target.parent}: {exc.strerror}") from None
    temp = Path(temp_name)
    rows = 0
    try:
        with os.fdopen(fd, "w", encoding=ENCODING, newline="") as out:
            writer = csv.writer(out)
            writer.writerow(COLUMNS[kind])
            async with ctx.read() as conn:
                # One statement is one consistent snapshot; rows come straight from the
                # driver in chunks, without per-row result processing.
                driver = (await conn.get_raw_connection()).driver_connection
                cursor = await driver.execute(_EXPORT_SQL[kind], {"now": sql_time(utcnow())})
                try:
                    while chunk := await cursor.fetchmany(2000):
                        writer.writerows([neutralise(cell) for cell in to_cells(row)]
                                         for row in chunk)
                        rows += len(chunk)
                finally:
                    await cursor.close()
            out.flush()
            os.fsync(out.fileno())
        async with ctx.write(Role.VIEWER, f"export {kind}") as tx:
            await tx.audit("export", kind, None, f"{rows} {kind} to {target}")
            os.replace(temp, target)
    except OSError as exc:
        raise Refused(f"Cannot write {target}: {exc.strerror or exc}") from None
    finally:
        temp.unlink(missing_ok=True)
    return ExportResult(path=target, rows=rows)


# ---------------------------------------------------------------------------------- import

@dataclass
class _Problems:
    """Bad rows as (line, reason): all counted, the first MAX_LISTED kept; `rows` is how many
    data rows the file has."""

    listed: list[tuple[int, str]] = field(default_factory=list)
    count: int = 0
    rows: int = 0

    def add(self, line: int, reason: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append((line, reason))

    def refuse_if_any(self, path: Path) -> None:
        if not self.count:
            return
        more = f"; the first {MAX_LISTED} are listed" if self.count > MAX_LISTED else ""
        raise ImportRefused(f"Nothing imported: {self.count} of {self.rows} rows in {path.name} "
                            f"are wrong{more}", sorted(self.listed))


def _reason(value: str, exc: Invalid) -> str:
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f"{exc} (got '{shown}')" if value.strip() else str(exc)


@dataclass
class _Rows:
    """A file's data rows, column by column (so clean columns are checked in one sweep),
    with each row's first line number; cells are already `restore`d."""

    lines: list[int]
    columns: list[list[str]]

    def cells(self, index: int) -> list[str]:
        return [column[index] for column in self.columns]


def _read(path: Path, kind: str) -> tuple[_Rows, _Problems]:
    """Every data row in COLUMNS order, or a refusal for an unreadable file or header."""
    path = Path(path).expanduser()
    problems = _Problems()
    try:
        handle = open(path, encoding=ENCODING, newline="")
    except FileNotFoundError:
        raise Refused(f"No such file: {path}") from None
    except IsADirectoryError:
        raise Refused(f"{path} is a folder, not a CSV file") from None
    except OSError as exc:
        raise Refused(f"Cannot read {path}: {exc.strerror}") from None
    rows: list[list[str]] = []
    lines: list[int] = []
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise Refused(f"{path.name} is empty; expected a header line: "
                              + ",".join(COLUMNS[kind]))
            positions = _positions(header, kind, path)
            width, line = len(header), reader.line_num + 1
            keep, number = rows.append, lines.append
            for cells in reader:
                if any(cells):  # blank lines are skipped
                    if len(cells) != width:
                        if len(cells) > width:
                            problems.add(line, f"{len(cells)} fields, but the header has "
                                               f"{width}")
                            problems.rows += 1
                            line = reader.line_num + 1
                            continue
                        cells += [""] * (width - len(cells))  # trailing empties left out
                    keep(cells)
                    number(line)
                line = reader.line_num + 1
        except UnicodeDecodeError:
            raise Refused(f"{path.name} is not UTF-8 text (near line {reader.line_num + 1}); "
                          "save it as 'CSV UTF-8'") from None
        except csv.Error as exc:
            raise Refused(f"{path.name} line {reader.line_num}: {exc}") from None
    problems.rows += len(rows)
    in_file = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    columns = [list(in_file[i]) if i is not None else [""] * len(rows) for i in positions]
    for k, column in enumerate(columns):
        if "\x00'" in "\x00" + "\x00".join(column):  # some cell starts with an apostrophe
            columns[k] = [restore(cell) for cell in column]
    return _Rows(lines, columns), problems


def _positions(header: list[str], kind: str, path: Path) -> list[int | None]:
    """Where each of the kind's columns sits in the file; a wrong header refuses the file."""
    names = [h.strip().lower() for h in header]
    known = COLUMNS[kind]
    problems = _Problems()
    for name in names:
        if name not in known:
            problems.add(1, f"unknown column '{name}'; {kind} files have: {', '.join(known)}")
    for name in set(names):
        if names.count(name) > 1:
            problems.add(1, f"column '{name}' appears {names.count(name)} times")
    for name in REQUIRED[kind]:
        if name not in names:
            problems.add(1, f"column '{name}' is missing")
    if problems.count:
        raise ImportRefused(f"Nothing imported: the header of {path.name} is wrong",
                            sorted(problems.listed))
    return [names.index(c) if c in names else None for c in known]


class _Row:
    """Collects one row's bad fields, so a line's message names every problem on it."""

    __slots__ = ("errors",)

    def __init__(self) -> None:
        self.errors: list[str] = []

    def take(self, value: str, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(value)
        except Invalid as exc:
            self.errors.append(_reason(value, exc))
            return None

    def bad(self, reason: str) -> None:
        self.errors.append(reason)


# Field parsers: the forms' own (validation.py), plus what only files carry.

def _text(what: str, limit: int) -> Callable[[str], str]:
    return lambda value: parse_text(value, what, limit)


def _mrn(value: str) -> str:
    mrn = value.strip().upper()
    if mrn and not _MRN.match(mrn):
        raise Invalid("MRN must be letters, digits and '-', up to 20, like P000123")
    return mrn


def _label(value: str) -> str:
    label = value.strip().upper()
    if not _LABEL.match(label):
        raise Invalid("Bed label must be letters, digits and '-', up to 12, like 3B")
    return label


def _choice(what: str, allowed: tuple[str, ...], default: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        choice = value.strip().lower() or default
        if choice not in allowed:
            raise Invalid(f"{what} must be one of {', '.join(allowed)}")
        return choice
    return parse


def _yes_no(value: str) -> bool:
    key = value.strip().lower() or "yes"
    if key not in _YES:
        raise Invalid("Active must be yes or no")
    return _YES[key]


def _bounded(what: str, low: int, high: int, default: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        return parse_int(value.strip() or str(default), what, low, high)
    return parse


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


_address = _text("Address", 200)
_prescription = _text("Prescription", 500)
_specialization = _text("Specialization", 100)
_note = _text("Note", 200)
_billing_status = _choice("Billing status", tuple(s.value for s in InvoiceStatus), "unpaid")
_bed_type = _choice("Type", tuple(t.value for t in BedType), BedType.GENERAL.value)
_bed_status = _choice("Status", tuple(s.value for s in BedStatus), BedStatus.FREE.value)


@dataclass(slots=True)
class _PatientIn:
    line: int
    mrn: str
    name: str
    age: int
    gender: str
    phone: str
    address: str
    doctor: str
    bed: str
    appointment: datetime | None
    amount: int | None
    billing_status: str
    urgency: int
    prescription: str


_FAST_PHONE = re.compile(r"^\+?\d+(?:[ -]\d+)*$")
_FAST_MONEY = re.compile(r"^\d{1,6}\.\d\d$")
_URGENCY = {str(n): n for n in range(1, 11)} | {"": 5}


_AGES = {str(n): n for n in range(131)}
_GENDER = frozenset(("F", "M", "X"))
_BILLING = frozenset(("", *(s.value for s in InvoiceStatus)))


def _clean(text: str, limit: int) -> bool:
    """Already trimmed, short enough and printable: what the careful parsers return as is."""
    return len(text) <= limit and text.isprintable() and text == text.strip()


def _suspects(rows: _Rows, earliest: datetime) -> tuple[set[int], list[datetime | None]]:
    """One sweep per column over the common, clean values as export writes them; rows with
    anything else are suspects for `_careful_patient`, which accepts the same values and
    more. Also returns each row's appointment time (None if none or suspect)."""
    (mrns, names, ages, genders, phones, addresses, _doctors, beds, appointments, amounts,
     statuses, urgencies, prescriptions) = rows.columns
    mrn_ok, label_ok, money_ok, phone_ok = (_MRN.match, _LABEL.match, _FAST_MONEY.match,
                                            _FAST_PHONE.match)
    suspect = {i for i, v in enumerate(mrns) if v and not mrn_ok(v)}
    suspect.update(i for i, v in enumerate(names)
                   if not (0 < len(v) <= MAX_NAME and v.isprintable() and v[0].isalpha()
                           and "  " not in v and v[-1] != " "))
    for column, allowed in ((ages, _AGES), (genders, _GENDER), (statuses, _BILLING),
                            (urgencies, _URGENCY)):
        if not set(column).issubset(allowed):
            suspect.update(i for i, v in enumerate(column) if v not in allowed)
    suspect.update(i for i, v in enumerate(phones)
                   if v and not (phone_ok(v) and 6 <= len(v) - v.count(" ") - v.count("-")
                                 - v.startswith("+") <= 15))
    suspect.update(i for i, v in enumerate(addresses) if v and not _clean(v, 200))
    suspect.update(i for i, v in enumerate(prescriptions) if v and not _clean(v, 500))
    suspect.update(i for i, v in enumerate(beds) if v and not label_ok(v))
    suspect.update(i for i, v in enumerate(amounts) if v and not money_ok(v))
    latest = earliest + PAST_GRACE + MAX_AHEAD  # beyond: the careful path refuses it
    moments: list[datetime | None] = [None] * len(mrns)
    for i, v in enumerate(appointments):
        if v:
            try:
                moment = datetime.fromisoformat(v)
            except ValueError:
                suspect.add(i)
                continue
            if moment.tzinfo is None or not earliest <= moment <= latest:
                suspect.add(i)  # local time, or refused as past: the careful path says so
            else:
                moments[i] = moment.astimezone(UTC)
    return suspect, moments


def _careful_patient(line: int, cells: list[str], row: _Row) -> _PatientIn:
    """Every field through the forms' own parsers; bad fields are noted on `row`."""
    (mrn, name, age, gender, phone, address, doctor, bed, appointment, amount, status,
     urgency, prescription) = cells
    return _PatientIn(
        line=line,
        mrn=row.take(mrn, _mrn),
        name=row.take(name, parse_name),
        age=row.take(age, parse_age),
        gender=row.take(gender, parse_gender),
        phone=row.take(phone, parse_phone),
        address=row.take(address, _address),
        doctor=" ".join(doctor.split()),
        bed=row.take(bed, _label) if bed.strip() else "",
        appointment=row.take(appointment, parse_future_datetime),
        amount=row.take(amount, parse_money),
        billing_status=row.take(status, _billing_status) if status.strip() else "",
        urgency=row.take(urgency, parse_urgency),
        prescription=row.take(prescription, _prescription),
    )


def _patient_rules(p: _PatientIn) -> list[str]:
    """What the seed form's cross-checks say about one row of good fields."""
    reasons = []
    if p.appointment is not None and not p.doctor:
        reasons.append("an appointment needs a doctor")
    if p.doctor and not p.bed and p.appointment is None:
        reasons.append(f"doctor '{p.doctor}' needs a bed or an appointment to attend")
    if p.prescription and not p.bed:
        reasons.append("a prescription needs a bed")
    if p.billing_status and p.amount is None:
        reasons.append("a billing status needs an amount")
    return reasons


def _parse_patients(rows: _Rows, problems: _Problems) -> list[_PatientIn]:
    out: list[_PatientIn] = []
    first_line: dict[str, int] = {}
    suspect, moments = _suspects(rows, utcnow() - PAST_GRACE)
    for i, (line, mrn, name, age, gender, phone, address, doctor, bed, _, amount, status,
            urgency, prescription) in enumerate(zip(rows.lines, *rows.columns, strict=True)):
        if i in suspect:
            row = _Row()
            p = _careful_patient(line, rows.cells(i), row)
            reasons = row.errors or _patient_rules(p)
        else:
            p = _PatientIn(line, mrn, name, _AGES[age], gender, phone, address,
                           " ".join(doctor.split()), bed, moments[i],
                           int(amount.replace(".", "")) if amount else None, status,
                           _URGENCY[urgency], prescription)
            reasons = _patient_rules(p)
        if p.mrn:
            first = first_line.setdefault(p.mrn, line)
            if first != line:
                reasons.append(f"MRN {p.mrn} is also on line {first}")
        if reasons:
            problems.add(line, "; ".join(reasons))
        else:
            out.append(p)
    return out


def _overlap_problems(wanted: list[tuple[int, datetime, int, str]],
                      booked: list[tuple[int, datetime, int, str]],
                      problems: _Problems) -> None:
    """A doctor's appointments may not overlap, in the file or with the diary.

    `wanted` holds (doctor id, start, line, doctor name) from the file; `booked` holds
    (doctor id, start, minutes, patient name) from the database. One sweep per doctor in
    start order: an interval that starts before the latest end so far overlaps it.
    """
    length = timedelta(minutes=IMPORTED_DURATION_MIN)
    # (doctor, start, 0 = booked / 1 = wanted, end, line or 0, who)
    events = [(d, start, 0, start + timedelta(minutes=minutes), 0, who)
              for d, start, minutes, who in booked]
    events += [(d, start, 1, start + length, line, f"Dr {doctor}")
               for d, start, line, doctor in wanted]
    events.sort(key=lambda e: e[:3] + (e[4],))
    holder: tuple | None = None
    flagged: set[int] = set()
    for event in events:
        doctor_id, start, from_file, end, line, who = event
        if holder is not None and holder[0] == doctor_id and start < holder[3]:
            if from_file:
                what = f"line {holder[4]}" if holder[2] else holder[5]
                problems.add(line, f"{who} already has {what} at "
                                   f"{holder[1].isoformat(timespec='minutes')}")
                continue
            if holder[2] and holder[4] not in flagged:
                flagged.add(holder[4])
                problems.add(holder[4], f"{holder[5]} already has {who} at "
                                        f"{start.isoformat(timespec='minutes')}")
        if holder is None or holder[0] != doctor_id or end > holder[3]:
            holder = event


async def _fetch(driver: Any, sql: str, params: Sequence = ()) -> list[tuple]:
    cursor = await driver.execute(sql, params)
    try:
        return list(await cursor.fetchall())
    finally:
        await cursor.close()


async def _doctor_ids(driver: Any) -> dict[str, list[tuple[int, bool]]]:
    marks = ", ".join("?" for _ in DOCTOR_ROLES)
    found: dict[str, list[tuple[int, bool]]] = {}
    for staff_id, name, active in await _fetch(
            driver, f"SELECT id, name, active FROM staff WHERE role IN ({marks})", DOCTOR_ROLES):
        found.setdefault(_key(name), []).append((staff_id, bool(active)))
    return found


def _resolve_doctor(name: str, doctors: dict[str, list[tuple[int, bool]]]) -> int | str:
    """The doctor's id, or why the name does not name one active doctor."""
    matches = doctors.get(_key(name), [])
    active = [staff_id for staff_id, is_active in matches if is_active]
    if len(active) == 1:
        return active[0]
    if len(active) > 1:
        return f"doctor '{name}' names {len(active)} doctors; rename one on the staff list"
    if matches:
        return f"Dr {name} is no longer active"
    return f"doctor '{name}' is not a doctor or surgeon on the staff list"


async def _import_patients(ctx: Context, path: Path, rows: _Rows,
                           problems: _Problems) -> ImportResult:
    parsed = await asyncio.to_thread(_parse_patients, rows, problems)
    now = utcnow()
    async with ctx.write(Role.ADMIN, "import patients") as tx:
        driver = (await tx.conn.get_raw_connection()).driver_connection
        mrns = [p.mrn for p in parsed if p.mrn]
        taken = {mrn for (mrn,) in await _fetch(
            driver, "SELECT mrn FROM patients WHERE mrn IN (SELECT value FROM json_each(?))",
            (json.dumps(mrns),))}
        doctors = await _doctor_ids(driver)
        beds = {label: (bed_id, status, active, occupied) for bed_id, label, status, active,
                occupied in await _fetch(driver, """
                    SELECT b.id, b.label, b.status, b.active, EXISTS (SELECT 1 FROM admissions a
                      WHERE a.bed_id = b.id AND a.discharged_at IS NULL) FROM beds b""")}
        stamp = sql_time(now)
        (next_id,) = (await _fetch(driver, "SELECT coalesce(max(id), 0) + 1 FROM patients"))[0]
        (next_number,) = (await _fetch(driver, """
            SELECT coalesce(max(CAST(substr(mrn, 2) AS INTEGER)), 0) + 1 FROM patients
            WHERE mrn GLOB 'P[0-9]*'"""))[0]
        numbered = [int(m[1:]) for m in mrns if m[:1] == "P" and m[1:].isdigit()]
        next_number = max([next_number, *(n + 1 for n in numbered)])
        # Check each row against the database and build its rows to insert in one pass;
        # nothing is written unless every row passes.
        patients, admissions, appointments, invoices, beds_taken = [], [], [], [], []
        resolved_names: dict[str, int | str] = {}
        bed_line: dict[str, int] = {}
        wanted: list[tuple[int, datetime, int, str]] = []
        patient_id = next_id
        for p in parsed:
            errors = []
            if p.mrn in taken:
                errors.append(f"MRN {p.mrn} is already a patient")
            doctor_id = None
            if p.doctor:
                resolved = resolved_names.get(p.doctor)
                if resolved is None:
                    resolved = resolved_names[p.doctor] = _resolve_doctor(p.doctor, doctors)
                if isinstance(resolved, str):
                    errors.append(resolved)
                else:
                    doctor_id = resolved
            bed_id = None
            if p.bed:
                bed = beds.get(p.bed)
                if bed is None or not bed[2]:
                    errors.append(f"bed {p.bed} does not exist")
                elif bed[1] != BedStatus.FREE.value or bed[3]:
                    errors.append(f"bed {p.bed} is {bed[1]}, not free")
                elif p.bed in bed_line:
                    errors.append(f"bed {p.bed} is also given on line {bed_line[p.bed]}")
                else:
                    bed_id, bed_line[p.bed] = bed[0], p.line
            if errors:
                problems.add(p.line, "; ".join(errors))
                continue
            mrn = p.mrn
            if not mrn:
                mrn, next_number = f"P{next_number:06d}", next_number + 1
            patients.append((patient_id, mrn, p.name, p.age, p.gender, p.phone,
                             phone_digits(p.phone), p.address, p.urgency, stamp, 1))
            if bed_id is not None:
                admissions.append((patient_id, bed_id, doctor_id, p.prescription, stamp))
                beds_taken.append((stamp, bed_id))
            if p.appointment is not None:
                wanted.append((doctor_id, p.appointment, p.line, p.doctor))
                appointments.append((patient_id, doctor_id, sql_time(p.appointment),
                                     IMPORTED_DURATION_MIN))
            if p.amount is not None:
                status = p.billing_status or InvoiceStatus.UNPAID.value
                paid = stamp if status == InvoiceStatus.PAID.value else None
                invoices.append((patient_id, p.amount, IMPORTED_INVOICE, status, stamp, paid))
            patient_id += 1
        if wanted:
            earliest = min(w[1] for w in wanted) - timedelta(days=1)
            latest = max(w[1] for w in wanted) + timedelta(days=1)
            booked = [(doctor_id, parse_sql_time(start), minutes, who)
                      for doctor_id, start, minutes, who in await _fetch(driver, """
                          SELECT a.doctor_id, a.starts_at, a.duration_min, p.name
                          FROM appointments a JOIN patients p ON p.id = a.patient_id
                          WHERE a.status != 'cancelled' AND a.starts_at >= ?
                            AND a.starts_at < ?""", (sql_time(earliest), sql_time(latest)))]
            _overlap_problems(wanted, booked, problems)
        problems.refuse_if_any(path)

        await driver.executemany(insert_sql("patients", (
            "id", "mrn", "name", "age", "gender", "phone", "phone_digits", "address",
            "urgency", "registered_at", "active")), patients)
        await driver.executemany(insert_sql("admissions", (
            "patient_id", "bed_id", "doctor_id", "prescription", "admitted_at")), admissions)
        await driver.executemany(
            "UPDATE beds SET status = 'occupied', note = '', status_since = ? WHERE id = ?",
            beds_taken)
        await driver.executemany(
            "INSERT INTO appointments (patient_id, doctor_id, starts_at, duration_min, status, "
            "note) VALUES (?, ?, ?, ?, 'booked', '')", appointments)
        await driver.executemany(insert_sql("billing", (
            "patient_id", "amount_cents", "description", "status", "created_at", "paid_at")),
            invoices)
        await tx.audit("import", "patient", None,
                       f"{len(patients)} patients from {path.name} ({len(admissions)} admitted, "
                       f"{len(appointments)} appointments, {len(invoices)} invoices)")
    return ImportResult(rows=len(patients))


def _parse_staff(rows: _Rows, problems: _Problems) -> list[tuple]:
    out, first_line = [], {}
    for line, name, role, specialization, phone, skill, max_slots, cost, overtime, active in \
            zip(rows.lines, *rows.columns, strict=True):
        row = _Row()
        values = (
            row.take(name, parse_name),
            row.take(role, parse_staff_role),
            row.take(specialization, _specialization),
            row.take(phone, parse_phone),
            row.take(skill, _bounded("Skill", 1, 5, 3)),
            row.take(max_slots, _bounded("Maximum slots", 0, 1000, 10)),
            row.take(cost, _bounded("Cost per slot", 0, 1_000_000, 5)),
            row.take(overtime, _bounded("Overtime cost", 0, 1_000_000, 5)),
            row.take(active, _yes_no),
        )
        if values[0]:
            key = _key(values[0])
            if key in first_line:
                row.bad(f"{values[0]} is also on line {first_line[key]}")
            else:
                first_line[key] = line
        if row.errors:
            problems.add(line, "; ".join(row.errors))
        else:
            out.append((line, *values))
    return out


async def _import_staff(ctx: Context, path: Path, rows: _Rows,
                        problems: _Problems) -> ImportResult:
    parsed = _parse_staff(rows, problems)
    async with ctx.write(Role.ADMIN, "import staff") as tx:
        driver = (await tx.conn.get_raw_connection()).driver_connection
        existing = {_key(name) for (name,) in await _fetch(driver, "SELECT name FROM staff")}
        for line, name, *_ in parsed:
            if _key(name) in existing:
                problems.add(line, f"{name} is already on the staff list")
        problems.refuse_if_any(path)
        await driver.executemany(insert_sql("staff", (
            "name", "role", "specialization", "phone", "skill", "max_slots", "cost_per_slot",
            "overtime_cost", "active")), [values for _line, *values in parsed])
        await tx.audit("import", "staff", None, f"{len(parsed)} staff from {path.name}")
    return ImportResult(rows=len(parsed))


def _parse_beds(rows: _Rows, problems: _Problems) -> list[tuple]:
    """A bed's occupancy comes from admissions: an 'occupied' bed is imported free and is
    filled by the patients import; since and patient columns are read but not stored."""
    out, first_line = [], {}
    for line, label, ward, bed_type, status, _since, _mrn, _patient, note in \
            zip(rows.lines, *rows.columns, strict=True):
        row = _Row()
        values = [
            row.take(label, _label),
            " ".join(ward.split()),
            row.take(bed_type, _bed_type),
            row.take(status, _bed_status),
            row.take(note, _note),
        ]
        if not values[1]:
            row.bad("Ward is required")
        if values[3] == BedStatus.OCCUPIED.value:
            values[3] = BedStatus.FREE.value
        if values[3] == BedStatus.BLOCKED.value and not values[4]:
            row.bad("a blocked bed needs the reason in its note")
        if values[0]:
            if values[0] in first_line:
                row.bad(f"bed {values[0]} is also on line {first_line[values[0]]}")
            else:
                first_line[values[0]] = line
        if row.errors:
            problems.add(line, "; ".join(row.errors))
        else:
            out.append((line, *values))
    return out


async def _import_beds(ctx: Context, path: Path, rows: _Rows,
                       problems: _Problems) -> ImportResult:
    parsed = _parse_beds(rows, problems)
    stamp = sql_time(utcnow())
    async with ctx.write(Role.ADMIN, "import beds") as tx:
        driver = (await tx.conn.get_raw_connection()).driver_connection
        wards = {_key(name): ward_id for ward_id, name in
                 await _fetch(driver, "SELECT id, name FROM wards WHERE active")}
        labels = {label for (label,) in await _fetch(driver, "SELECT label FROM beds")}
        good = []
        for line, label, ward, bed_type, status, note in parsed:
            if label in labels:
                problems.add(line, f"bed {label} already exists")
            elif _key(ward) not in wards:
                problems.add(line, f"ward '{ward}' does not exist")
            else:
                good.append((wards[_key(ward)], label, bed_type, status, stamp, note, 1))
        problems.refuse_if_any(path)
        await driver.executemany(insert_sql("beds", (
            "ward_id", "label", "type", "status", "status_since", "note", "active")), good)
        await tx.audit("import", "bed", None, f"{len(good)} beds from {path.name}")
    return ImportResult(rows=len(good))


_IMPORTERS = {"patients": _import_patients, "doctors": _import_staff, "beds": _import_beds}


async def import_csv(ward: Ward, kind: str, path: Path) -> ImportResult:
    """Check every row of `path`, then add them all in one transaction, or refuse the file."""
    _check_kind(kind, IMPORT_KINDS, "import")
    ctx = _ctx(ward)
    require(ctx.actor, Role.ADMIN, f"import {kind}")
    path = Path(path).expanduser()
    with _gc_paused():
        rows, problems = await asyncio.to_thread(_read, path, kind)
        if not problems.rows:
            raise Refused(f"{path.name} has a header but no rows; nothing to import")
        return await _IMPORTERS[kind](ctx, path, rows, problems)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """An import allocates millions of objects and no reference cycles; the cycle collector
    would rescan them again and again (a third of a 100,000-row import)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

