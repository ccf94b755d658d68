"""Import an appointments file: appointments by id, each a patient (by MRN) seen by a doctor
(by name) at a time, past or future, with its status.

A known id updates that appointment (time, length, doctor, status: only what differs); an id
the ward does not hold adds the appointment under that id (so a re-created ward keeps them),
a blank id adds one under a new id. An appointment stays with its patient. A doctor holds one
appointment per start time (as the diary does); a row that books a visit (status booked, added
or changed) must lie inside the clinic's hours, as a clerk's booking must; the patient name
column is read, not stored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from db.time_codec import parse_sql_time, sql_time
from hra_tui.domain import AppointmentStatus
from hra_tui.fields import DURATION
from hra_tui.services.context import Tx
from hra_tui.services.csv.changes import Tally, add_numbered_rows, differing, write_changes
from hra_tui.services.csv.doctors import doctor_ids, resolve_doctor
from hra_tui.services.csv.file_fields import (
    parse_appointment_status,
    parse_id,
    parse_moment,
    parse_mrn,
)
from hra_tui.services.csv.problems import FirstLines, Problems, Row
from hra_tui.services.csv.read import Rows
from hra_tui.services.csv.store import fetch
from hra_tui.services.plain_records import ImportResult
from hra_tui.services.records.clinic import outside_clinic_hours, read_clinic_hours
from hra_tui.services.validation import number_parser

_FIELDS = ("patient_id", "doctor_id", "starts_at", "duration_min", "status")
_CANCELLED = AppointmentStatus.CANCELLED.value
_BOOKED = AppointmentStatus.BOOKED.value
_parse_duration = number_parser(DURATION)


def _moment_text(stored: str) -> str:
    """A stored time to the second, as files carry it."""
    return sql_time(parse_sql_time(stored).replace(microsecond=0))


def parse_appointments(rows: Rows, problems: Problems) -> list[tuple]:
    out: list[tuple] = []
    ids = FirstLines()
    for line, given_id, starts, minutes, mrn, _name, doctor, status in \
            zip(rows.lines, *rows.columns, strict=True):
        row = Row()
        values = [row.take(given_id, parse_id), row.take(starts, parse_moment),
                  row.take(minutes, _parse_duration), row.take(mrn, parse_mrn),
                  " ".join(doctor.split()), row.take(status, parse_appointment_status)]
        for cell, what in ((starts, "starts at"), (mrn, "patient mrn"), (doctor, "doctor")):
            if not cell.strip():
                row.bad(f"{what} is required")
        row.errors += ids.again(values[0], line, f"appointment {values[0]}")
        if values[1] is not None:
            values[1] = sql_time(values[1].replace(microsecond=0))
        problems.keep(line, row.errors, (line, *values), out)
    return out


async def apply_appointments(tx: Tx, driver: Any, path: Path, parsed: list[tuple],
                             problems: Problems) -> ImportResult:
    mrns = json.dumps(sorted({row[4] for row in parsed}))
    patients = dict(await fetch(driver, "SELECT mrn, id FROM patients "
                                        "WHERE mrn IN (SELECT value FROM json_each(?))", (mrns,)))
    doctors = await doctor_ids(driver)
    names = dict(await fetch(driver, "SELECT id, name FROM staff"))
    hours = await read_clinic_hours(tx.conn)
    held = {row[0]: dict(zip(_FIELDS, row[1:], strict=True)) for row in await fetch(
        driver, f"SELECT id, {', '.join(_FIELDS)} FROM appointments")}
    for fields in held.values():
        fields["starts_at"] = _moment_text(fields["starts_at"])
    tally, new, edits = Tally(), [], []
    final = {appointment_id: (fields, 0) for appointment_id, fields in held.items()}
    for line, appointment_id, starts, minutes, mrn, doctor, status in parsed:
        errors = []
        patient_id = patients.get(mrn)
        if patient_id is None:
            errors.append(f"MRN {mrn} is not a patient")
        doctor_id = resolve_doctor(doctor, doctors, retired_too=status != "booked")
        if isinstance(doctor_id, str):
            errors.append(doctor_id)
        before = held.get(appointment_id)
        if before is not None and patient_id is not None and before["patient_id"] != patient_id:
            errors.append(f"appointment {appointment_id} is another patient's; a file does "
                          "not move it")
        if errors:
            problems.add(line, "; ".join(errors))
            continue
        after = {"patient_id": patient_id, "doctor_id": doctor_id, "starts_at": starts,
                 "duration_min": minutes, "status": status}
        changes = None if before is None else differing(before, after)
        if status == _BOOKED and (before is None or changes) and (reason := outside_clinic_hours(
                parse_sql_time(starts), minutes, hours)):
            problems.add(line, reason)  # a booking, as `hra appointment book` refuses it
            continue
        if before is None:
            new.append((appointment_id, *after.values(), ""))
            final[("line", line)] = (after, line)
        elif changes:
            edits.append((appointment_id, changes, mrn))
            final[appointment_id] = (after, line)
        else:
            tally.unchanged += 1
    _double_bookings(final, problems)
    problems.refuse_if_any(path)
    for appointment_id, changes, mrn in edits:
        shown = {name: values for name, values in changes.items() if name != "doctor_id"}
        if "doctor_id" in changes:
            shown["doctor"] = tuple(names[staff_id] for staff_id in changes["doctor_id"])
        await write_changes(tx, driver, "appointments", appointment_id, changes,
                            "appointment", f"appointment {appointment_id} of {mrn}", path.name,
                            shown)
    await add_numbered_rows(tx, driver, "appointments", (*_FIELDS, "note"), new, "appointment",
                            "appointments", path.name)
    tally.added, tally.changed = len(new), len(edits)
    return tally.result()


def _double_bookings(final: dict[Any, tuple[dict, int]], problems: Problems) -> None:
    """A doctor's start time held by two appointments not cancelled, once the file's rows
    are applied: each file row involved is named (the diary's own rows were fine before)."""
    first: dict[tuple[int, str], int] = {}
    for fields, line in sorted(final.values(), key=lambda item: item[1]):
        if fields["status"] == _CANCELLED:
            continue
        slot = (fields["doctor_id"], fields["starts_at"])
        if slot not in first:
            first[slot] = line
        elif line:
            where = f"line {first[slot]}" if first[slot] else "an appointment in the diary"
            problems.add(line, f"the doctor already has {where} at {fields['starts_at'][:16]}")
