"""CSV export: every record of one kind, written whole or not at all.

Export streams rows from one query into a temporary file beside the target, then renames it
into place, so a reader never sees half a file and 100,000 patients never sit in memory.
Files are readable by their owner only: they hold patient data.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from db.driver import raw_connection
from db.time_codec import sql_time, sql_time_as_iso
from hra_tui.domain import Role
from hra_tui.services.csv.format import (
    COLUMNS,
    ENCODING,
    EXPORT_KINDS,
    check_kind,
    csv_money,
    neutralise,
)
from hra_tui.services.plain_records import ExportResult
from hra_tui.services.target_file import checked_target, commit, written_beside
from hra_tui.services.times import utcnow

if TYPE_CHECKING:
    from hra_tui.services.ward import Ward

_EXPORT_SQL: dict[str, str] = {
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
                            WHEN sum(CASE WHEN status = 'unpaid' THEN 1 ELSE 0 END) > 0
                              THEN 'unpaid'
                            WHEN sum(CASE WHEN status = 'paid' THEN 1 ELSE 0 END) > 0
                              THEN 'paid'
                            ELSE 'void' END
                  FROM billing WHERE patient_id = p.id),
               p.urgency, a.prescription {stay_doctor}
        FROM patients p
        LEFT JOIN admissions a ON a.patient_id = p.id AND a.discharged_at IS NULL
        LEFT JOIN beds b ON b.id = a.bed_id
        LEFT JOIN staff sd ON sd.id = a.doctor_id
        LEFT JOIN appointments ap ON ap.id = (
            SELECT id FROM appointments WHERE patient_id = p.id AND status = 'booked'
              AND starts_at > :now AND (a.doctor_id IS NULL OR doctor_id = a.doctor_id)
            ORDER BY starts_at LIMIT 1)
        LEFT JOIN staff ad ON ad.id = ap.doctor_id
        WHERE p.active {only}
        ORDER BY p.mrn""",
    "wards": """
        SELECT name, active FROM wards ORDER BY name, id""",
    "staff": """
        SELECT id, name, role, specialization, phone, skill, max_slots, cost_per_slot,
               overtime_cost, active
        FROM staff ORDER BY role, name, id""",
    "beds": """
        SELECT b.label, w.name, b.type, b.status, b.status_since, p.mrn, p.name, b.note, b.room
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
    "history": """
        SELECT w.name, h.day, h.admitted, h.discharged, h.occupied
        FROM ward_history h JOIN wards w ON w.id = h.ward_id
        ORDER BY w.name, h.day""",
}
# The patients a file names, as export shows them (what an import compares its rows with).
# with the id of the stay's doctor last.
PATIENTS_NAMED_SQL = _EXPORT_SQL["patients"].format(
    stay_doctor=", a.doctor_id", only="AND p.mrn IN (SELECT value FROM json_each(:mrns))")
_EXPORT_SQL["patients"] = _EXPORT_SQL["patients"].format(stay_doctor="", only="")


def _patient_cells(r: Sequence) -> list[str]:
    return [r[0], r[1], str(r[2]), r[3], r[4], r[5], r[6] or "", r[7] or "", sql_time_as_iso(r[8]),
            csv_money(r[9]), r[10], str(r[11]), r[12] or ""]


def _ward_cells(r: Sequence) -> list[str]:
    return [r[0], "yes" if r[1] else "no"]


def _doctor_cells(r: Sequence) -> list[str]:
    return [str(r[0]), r[1], r[2], r[3], r[4], str(r[5]), str(r[6]), str(r[7]), str(r[8]),
            "yes" if r[9] else "no"]


def _bed_cells(r: Sequence) -> list[str]:
    return [r[0], r[1], r[2], r[3], sql_time_as_iso(r[4]), r[5] or "", r[6] or "", r[7], r[8]]


def _appointment_cells(r: Sequence) -> list[str]:
    return [str(r[0]), sql_time_as_iso(r[1]), str(r[2]), r[3], r[4], r[5], r[6]]


def _invoice_cells(r: Sequence) -> list[str]:
    return [str(r[0]), r[1], r[2], csv_money(r[3]), r[4], r[5], sql_time_as_iso(r[6]),
            sql_time_as_iso(r[7])]


def _history_cells(r: Sequence) -> list[str]:
    return [r[0], r[1], str(r[2]), str(r[3]), str(r[4])]


_EXPORT_CELLS: dict[str, Callable[[Sequence], list[str]]] = {
    "patients": _patient_cells, "staff": _doctor_cells, "beds": _bed_cells,
    "appointments": _appointment_cells, "billing": _invoice_cells, "wards": _ward_cells,
    "history": _history_cells,
}


async def export_csv(ward: Ward, kind: str, path: Path) -> ExportResult:
    """Write every `kind` record to `path` (replacing it whole) and audit who exported what."""
    kind = check_kind(kind, EXPORT_KINDS, "export")
    ctx = ward.context
    target = checked_target(path)
    to_cells = _EXPORT_CELLS[kind]
    rows = 0
    with written_beside(target) as part:
        with open(part, "w", encoding=ENCODING, newline="") as out:
            writer = csv.writer(out)
            writer.writerow(COLUMNS[kind])
            async with ctx.read() as conn:
                # One statement is one consistent snapshot; rows come straight from the
                # driver in chunks, without per-row result processing.
                driver = await raw_connection(conn)
                cursor = await driver.execute(_EXPORT_SQL[kind], {"now": sql_time(utcnow())})
                try:
                    while chunk := await cursor.fetchmany(2000):
                        writer.writerows([neutralise(cell) for cell in to_cells(row)]
                                         for row in chunk)
                        rows += len(chunk)
                finally:
                    await cursor.close()
        async with ctx.write(Role.VIEWER, f"export {kind}") as tx:
            await tx.audit("export", kind, None, f"{rows} {kind} to {target}")
            commit(part, target)
    return ExportResult(path=target, rows=rows)
