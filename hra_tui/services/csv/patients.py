"""Import a patients file, rows matched by MRN.

A new MRN (or a blank one, given the next) creates the patient and, as the seed's form would,
the stay (doctor by name, bed by label), the booked appointment and the invoice. A known MRN
updates who the patient is (name, age, gender, phone, address, urgency) and their current
stay's doctor and prescription, only what differs, each change audited. A file does not move
patients, book or bill them: a known patient's bed, next appointment, amount and billing
status must be as export wrote them (admit, transfer, book and bill in the console).

Every row is checked before anything is written: its fields by the forms' own parsers, the
form's cross-checks, MRNs and beds unique in the file and free in the database, doctors that
name one active doctor, and appointments inside the clinic's hours that overlap no other of the
same doctor.

Most rows of a large file are clean, as export writes them: `_suspects` sweeps each column
once with the field specs' quick checks, and only the rows it flags go through the careful
parsers one field at a time.
"""

from __future__ import annotations

import json
from collections import namedtuple
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from db.bulk import insert_sql
from db.time_codec import parse_sql_time, sql_time
from hra_tui.domain import BedStatus, InvoiceStatus
from hra_tui.fields import ADDRESS, AGE, BOOKED_MINUTES, GENDER, PRESCRIPTION, URGENCY, phone_digits
from hra_tui.services.context import Tx
from hra_tui.services.csv.changes import differing, write_changes
from hra_tui.services.csv.doctors import Doctors, doctor_ids, resolve_doctor
from hra_tui.services.csv.export import PATIENTS_NAMED_SQL
from hra_tui.services.csv.file_fields import (
    LABEL,
    MRN,
    key,
    parse_billing_status,
    parse_label,
    parse_mrn,
)
from hra_tui.services.csv.format import COLUMNS
from hra_tui.services.csv.problems import FirstLines, Problems, Row
from hra_tui.services.csv.read import Rows
from hra_tui.services.csv.store import fetch
from hra_tui.services.mrn import mrn_of
from hra_tui.services.mrn import next_number as next_number_of_mrn
from hra_tui.services.plain_records import ImportResult
from hra_tui.services.records.clinic import outside_clinic_hours, read_clinic_hours
from hra_tui.services.times import utcnow
from hra_tui.services.validation import (
    MAX_AHEAD,
    PAST_GRACE,
    clean_money,
    clean_name,
    clean_phone,
    clean_text,
    parse_age,
    parse_future_datetime,
    parse_gender,
    parse_money,
    parse_name,
    parse_phone,
    parse_urgency,
    text_parser,
)

IMPORTED_INVOICE = "Imported balance"

# One parsed row: its line, then a field per column of a patients file.
PatientIn = namedtuple("PatientIn", ("line", *(c.replace(" ", "_") for c in COLUMNS["patients"])))


def _spaced(value: str) -> str:
    return " ".join(value.split())


def _optional(parse: Any) -> Any:
    return lambda value: parse(value) if value.strip() else ""


# The careful parsers, one per column: the forms' own, and what only files carry.
_CAREFUL = (parse_mrn, parse_name, parse_age, parse_gender, parse_phone, text_parser(ADDRESS),
            _spaced, _optional(parse_label), parse_future_datetime, parse_money,
            _optional(parse_billing_status), parse_urgency, text_parser(PRESCRIPTION))
_AGES = AGE.exact()
_URGENCY = URGENCY.exact()
_GENDER = frozenset(GENDER.names)
_BILLING = frozenset(("", *(s.value for s in InvoiceStatus)))


def _suspects(rows: Rows, earliest: datetime) -> tuple[set[int], list[datetime | None]]:
    """One sweep per column over the common, clean values as export writes them; rows with
    anything else are suspects for the careful parsers, which accept the same values and
    more. Also returns each row's appointment time (None if none or suspect)."""
    (mrns, names, ages, genders, phones, addresses, _doctors, beds, appointments, amounts,
     statuses, urgencies, prescriptions) = rows.columns
    mrn_ok, label_ok = MRN.match, LABEL.match
    suspect = {i for i, v in enumerate(mrns) if v and not mrn_ok(v)}
    suspect.update(i for i, v in enumerate(names) if not clean_name(v))
    for column, allowed in ((ages, _AGES), (genders, _GENDER), (statuses, _BILLING),
                            (urgencies, _URGENCY)):
        if not set(column).issubset(allowed):
            suspect.update(i for i, v in enumerate(column) if v not in allowed)
    suspect.update(i for i, v in enumerate(phones) if v and not clean_phone(v))
    suspect.update(i for i, v in enumerate(addresses) if v and not clean_text(v, ADDRESS.limit))
    suspect.update(i for i, v in enumerate(prescriptions)
                   if v and not clean_text(v, PRESCRIPTION.limit))
    suspect.update(i for i, v in enumerate(beds) if v and not label_ok(v))
    suspect.update(i for i, v in enumerate(amounts) if v and not clean_money(v))
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


def _patient_rules(p: PatientIn) -> list[str]:
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


def parse_patients(rows: Rows, problems: Problems) -> list[PatientIn]:
    out: list[PatientIn] = []
    first = FirstLines()
    suspect, moments = _suspects(rows, utcnow() - PAST_GRACE)
    for i, (line, mrn, name, age, gender, phone, address, doctor, bed, _, amount, status,
            urgency, prescription) in enumerate(zip(rows.lines, *rows.columns, strict=True)):
        if i in suspect:
            row = Row()
            p = PatientIn(line, *(row.take(cell, parse)
                                  for cell, parse in zip(rows.cells(i), _CAREFUL, strict=True)))
            reasons = row.errors or _patient_rules(p)
        else:
            p = PatientIn(line, mrn, name, _AGES[age], gender, phone, address, _spaced(doctor),
                          bed, moments[i], int(amount.replace(".", "")) if amount else None,
                          status, _URGENCY[urgency], prescription)
            reasons = _patient_rules(p)
        reasons += first.again(p.mrn, line, f"MRN {p.mrn}")
        problems.keep(line, reasons, p, out)
    return out


def _overlap_problems(wanted: list[tuple[int, datetime, int, str]],
                      booked: list[tuple[int, datetime, int, str]],
                      problems: Problems) -> None:
    """A doctor's appointments may not overlap, in the file or with the diary.

    `wanted` holds (doctor id, start, line, doctor name) from the file; `booked` holds
    (doctor id, start, minutes, patient name) from the database. One sweep per doctor in
    start order: an interval that starts before the latest end so far overlaps it.
    """
    length = timedelta(minutes=BOOKED_MINUTES)
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


def _stay_changes(p: PatientIn, shown: tuple, doctors: Doctors,
                  with_records: bool) -> tuple[list[str], dict, dict]:
    """What a row of a known patient changes in their current stay (doctor, prescription),
    with the columns a file cannot change (bed, appointment, amount, billing status), as
    problems: `shown` is the patient's row as export writes it."""
    reasons: list[str] = []
    changes: dict = {}
    said: dict = {}
    (_mrn, _name, _age, _gender, _phone, _address, doctor, bed, starts_at, cents, status,
     _urgency, prescription, doctor_id) = shown
    if (p.bed or None) != bed:
        reasons.append(f"the bed is {bed or 'none'}: admit, transfer or discharge in the "
                       "console, not by a file")
    elif bed:
        if key(p.doctor) != key(doctor or ""):
            resolved = resolve_doctor(p.doctor, doctors) if p.doctor else None
            if isinstance(resolved, str):
                reasons.append(resolved)
            else:
                changes["doctor_id"] = (doctor_id, resolved)
                said["doctor"] = (doctor, p.doctor or None)
        if p.prescription != (prescription or ""):
            changes["prescription"] = said["prescription"] = (prescription or "",
                                                              p.prescription)
    elif key(p.doctor) != key(doctor or ""):
        reasons.append(f"the doctor is {doctor or 'none'} until the patient is in a bed: "
                       "book the appointment in the console or the appointments file")
    if with_records:
        booked = parse_sql_time(starts_at).replace(microsecond=0) if starts_at else None
        if p.appointment != booked:
            reasons.append("the next appointment is booked in the console or the appointments "
                           "file, not in the patients file")
        if p.amount != cents or (p.billing_status or "") != status:
            reasons.append("amount and billing status sum up the patient's invoices: change "
                           "them in billing or the billing file")
    return reasons, changes, said


async def _check_known(driver: Any, known: list[tuple[PatientIn, dict]], now: datetime,
                       doctors: Doctors, problems: Problems,
                       with_records: bool) -> list[tuple]:
    """The changes the rows of patients the ward holds make, each row's problems kept."""
    shown = {row[0]: row for row in await fetch(
        driver, PATIENTS_NAMED_SQL,
        {"now": sql_time(now), "mrns": json.dumps([p.mrn for p, _held in known])})}
    edits = []
    for p, held in known:
        after = {"name": p.name, "age": p.age, "gender": p.gender, "phone": p.phone,
                 "address": p.address, "urgency": p.urgency}
        changes = differing({name: held[name] for name in after}, after)
        reasons, stay, stay_said = _stay_changes(p, shown[p.mrn], doctors, with_records)
        if reasons:
            problems.add(p.line, "; ".join(reasons))
        elif changes or stay:
            edits.append((p, held, changes, stay, stay_said))
    return edits


async def _write_known(tx: Tx, driver: Any, path: Path, edits: list[tuple]) -> None:
    for p, held, changes, stay, stay_said in edits:
        who = f"{p.mrn} {held['name']}"
        if changes:
            columns = dict(changes)
            if "phone" in changes:
                columns["phone_digits"] = (held["phone_digits"], phone_digits(p.phone))
            await write_changes(tx, driver, "patients", held["id"], columns, "patient", who,
                                path.name, changes)
        if stay:
            await write_changes(tx, driver, "admissions", held["admission_id"], stay,
                                "patient", f"{who}'s stay", path.name, stay_said)


# A known patient as a row compares with them: who they are, and their stay under way.
_HELD = ("id", "name", "age", "gender", "phone", "phone_digits", "address", "urgency",
         "active", "admission_id")


async def apply_patients(tx: Tx, driver: Any, path: Path, parsed: list[PatientIn],
                         problems: Problems, *, with_records: bool = True) -> ImportResult:
    """Add the rows of new MRNs and update the patients of known ones. `with_records`: the
    appointment and amount columns book and bill new patients, and must match known ones
    (off when the appointments and billing files are imported with them, by `import all`)."""
    now = utcnow()
    mrns = [p.mrn for p in parsed if p.mrn]
    held = {row[0]: dict(zip(_HELD, row[1:], strict=True)) for row in await fetch(driver, """
        SELECT p.mrn, p.id, p.name, p.age, p.gender, p.phone, p.phone_digits, p.address,
               p.urgency, p.active, a.id
        FROM patients p
        LEFT JOIN admissions a ON a.patient_id = p.id AND a.discharged_at IS NULL
        WHERE p.mrn IN (SELECT value FROM json_each(?))""", (json.dumps(mrns),))}
    doctors = await doctor_ids(driver)
    known = []
    for p in parsed:
        if p.mrn in held:
            if held[p.mrn]["active"]:
                known.append((p, held[p.mrn]))
            else:
                problems.add(p.line, f"MRN {p.mrn} is a patient no longer active")
    new = [p for p in parsed if p.mrn not in held]
    edits = await _check_known(driver, known, now, doctors, problems, with_records)
    added = await _add_new(tx, driver, path, new, now, doctors, problems, with_records)
    await _write_known(tx, driver, path, edits)
    return ImportResult(rows=added, changed=len(edits), unchanged=len(known) - len(edits))


async def _add_new(tx: Tx, driver: Any, path: Path, parsed: list[PatientIn], now: datetime,
                   doctors: Doctors, problems: Problems,
                   with_records: bool) -> int:
    """Check every row of a new MRN (or none) and add them all, or refuse the file if any
    row, known or new, has a problem."""
    mrns = [p.mrn for p in parsed if p.mrn]
    beds = {label: (bed_id, status, active, occupied) for bed_id, label, status, active,
            occupied in await fetch(driver, """
                SELECT b.id, b.label, b.status, b.active, EXISTS (SELECT 1 FROM admissions a
                  WHERE a.bed_id = b.id AND a.discharged_at IS NULL) FROM beds b""")}
    stamp = sql_time(now)
    hours = await read_clinic_hours(tx.conn)
    (next_id,) = (await fetch(driver, "SELECT coalesce(max(id), 0) + 1 FROM patients"))[0]
    next_number = await next_number_of_mrn(tx, mrns)
    # Check each row against the database and build its rows to insert in one pass;
    # nothing is written unless every row passes.
    patients, admissions, appointments, invoices, beds_taken = [], [], [], [], []
    resolved_names: dict[str, int | str] = {}
    bed_line: dict[str, int] = {}
    wanted: list[tuple[int, datetime, int, str]] = []
    patient_id = next_id
    for p in parsed:
        errors = []
        doctor_id = None
        if p.doctor and (with_records or p.bed):
            resolved = resolved_names.get(p.doctor)
            if resolved is None:
                resolved = resolved_names[p.doctor] = resolve_doctor(p.doctor, doctors)
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
        if with_records and p.appointment is not None and (
                reason := outside_clinic_hours(p.appointment, BOOKED_MINUTES, hours)):
            errors.append(reason)
        if errors:
            problems.add(p.line, "; ".join(errors))
            continue
        mrn = p.mrn
        if not mrn:
            mrn, next_number = mrn_of(next_number), next_number + 1
        patients.append((patient_id, mrn, p.name, p.age, p.gender, p.phone,
                         phone_digits(p.phone), p.address, p.urgency, stamp, 1))
        if bed_id is not None:
            admissions.append((patient_id, bed_id, doctor_id, p.prescription, stamp))
            beds_taken.append((stamp, bed_id))
        if with_records and p.appointment is not None:
            wanted.append((doctor_id, p.appointment, p.line, p.doctor))
            appointments.append((patient_id, doctor_id, sql_time(p.appointment),
                                 BOOKED_MINUTES))
        if with_records and p.amount is not None:
            status = p.billing_status or InvoiceStatus.UNPAID.value
            paid = stamp if status == InvoiceStatus.PAID.value else None
            invoices.append((patient_id, p.amount, IMPORTED_INVOICE, status, stamp, paid))
        patient_id += 1
    if wanted:
        earliest = min(w[1] for w in wanted) - timedelta(days=1)
        latest = max(w[1] for w in wanted) + timedelta(days=1)
        booked = [(doctor_id, parse_sql_time(start), minutes, who)
                  for doctor_id, start, minutes, who in await fetch(driver, """
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
    if patients:
        await tx.audit("import", "patient", None,
                       f"{len(patients)} patients from {path.name} ({len(admissions)} admitted, "
                       f"{len(appointments)} appointments, {len(invoices)} invoices)")
    return len(patients)
