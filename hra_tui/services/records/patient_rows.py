"""Patient rows as every list shows them, in plain SQL on the driver.

This is the one query behind the patient list, a patient's record and a doctor's patients. The
doctor shown is the export's (services/csv/export.py): the doctor of the current stay, else
whom the next booked appointment is with. It needs no SQLAlchemy, so the console draws its
first page of patients while SQLAlchemy (a quarter of a second here) is still to be imported.
"""

from __future__ import annotations

from typing import Any

from db.driver import Driver
from hra_tui.services.context import Context
from hra_tui.services.quick_records import PatientRow
from hra_tui.services.search import like_pattern, looks_like_mrn, number_query, prefix_range
from hra_tui.services.times import utcnow

SQLITE_MAX_INT = 2**63 - 1

_JOINS = """
LEFT JOIN admissions a ON a.patient_id = p.id AND a.discharged_at IS NULL
LEFT JOIN beds b ON b.id = a.bed_id
LEFT JOIN wards w ON w.id = b.ward_id
LEFT JOIN staff s ON s.id = a.doctor_id"""

_SELECT = ("SELECT p.id, p.mrn, p.name, p.age, p.gender, p.phone, p.address, p.urgency, "
           "b.label, w.name, COALESCE(s.name, (SELECT ad.name FROM appointments ap "
           "JOIN staff ad ON ad.id = ap.doctor_id WHERE ap.patient_id = p.id "
           "AND ap.status = 'booked' AND ap.starts_at > :now ORDER BY ap.starts_at LIMIT 1)), "
           "a.admitted_at")


def _now() -> dict[str, Any]:
    """The moment the next appointment is after (the doctor of a patient not in a bed)."""
    return {"now": Driver.time(utcnow())}


def _row(values: tuple) -> PatientRow:
    (id_, mrn, name, age, gender, phone, address, urgency, bed, ward, doctor,
     admitted_at) = values
    return PatientRow(id=id_, mrn=mrn, name=name, age=age, gender=gender, phone=phone,
                      address=address, urgency=urgency, bed=bed, ward=ward, doctor=doctor,
                      admitted_at=Driver.read_time(admitted_at))


def matching(query: str) -> tuple[str, dict[str, Any], str]:
    """The WHERE, its parameters and the ORDER BY for a filter box: a bare number finds MRNs
    ending in it (first) and phones holding its digits in a row; an MRN-like query is an MRN
    prefix (indexed range); anything else is a name substring."""
    text = " ".join(query.split())
    if not text:
        return "p.active IS 1", {}, "p.name, p.id"
    digits = number_query(text)
    if digits is not None:
        ends = "p.mrn LIKE :mrn_end"
        return (f"p.active IS 1 AND ({ends} OR p.phone_digits LIKE :phone)",
                {"mrn_end": f"%{digits}", "phone": f"%{digits}%"},
                f"CASE WHEN {ends} THEN 0 ELSE 1 END, p.mrn")
    if looks_like_mrn(text):
        low, high = prefix_range(text.upper())
        return "p.active IS 1 AND p.mrn >= :low AND p.mrn < :high", \
            {"low": low, "high": high}, "p.mrn"
    return "p.active IS 1 AND p.name LIKE :name ESCAPE '\\'", {"name": like_pattern(text)}, \
        "p.name, p.id"


async def search(driver: Driver, query: str, limit: int, offset: int) -> list[PatientRow]:
    """One page of the matches: the page's ids first (an indexed walk), then their rows."""
    where, params, order = matching(query)
    # SQLite takes 64-bit integers: a page past that end is simply empty
    limit, offset = (min(max(n, 0), SQLITE_MAX_INT) for n in (limit, offset))
    rows = await driver.rows(
        f"{_SELECT} FROM (SELECT p.id FROM patients p WHERE {where} ORDER BY {order} "
        f"LIMIT :limit OFFSET :offset) page JOIN patients p ON p.id = page.id {_JOINS} "
        f"ORDER BY {order}",
        {**params, **_now(), "limit": limit, "offset": offset})
    return [_row(values) for values in rows]


async def count(driver: Driver, query: str) -> int:
    where, params, _ = matching(query)
    [(total,)] = await driver.rows(f"SELECT count(*) FROM patients p WHERE {where}", params)
    return total


async def patient_by_id(driver: Driver, patient_id: int) -> PatientRow:
    [values] = await driver.rows(f"{_SELECT} FROM patients p {_JOINS} WHERE p.id = :id",
                                 {"id": patient_id, **_now()})
    return _row(values)


async def patients_of_doctor(driver: Driver, staff_id: int) -> list[PatientRow]:
    """The patients admitted under a doctor now, by name."""
    rows = await driver.rows(
        f"{_SELECT} FROM patients p {_JOINS} WHERE a.doctor_id = :staff ORDER BY p.name",
        {"staff": staff_id, **_now()})
    return [_row(values) for values in rows]


class PatientList:
    """The patient list's pages and counts (`ward.patient_list`)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def search(self, query: str = "", limit: int = 100, offset: int = 0) -> list[PatientRow]:
        """One page of patients by name (substring), MRN (prefix, or suffix for a bare number)
        or phone digits, in name or MRN order (MRN matches first for a number)."""
        return await search(await self._ctx.plain(), query, limit, offset)

    async def count(self, query: str = "") -> int:
        return await count(await self._ctx.plain(), query)
