"""What a write transaction reads and the bed board shows, one driver statement each (see
db/driver.py), with no SQLAlchemy: `hra admit` and `hra bed list` run without importing it.
The states are FrozenRecords (services/quick_records), not dataclasses, for the same reason:
a fresh process per command pays for every class it makes.
"""

from __future__ import annotations

from datetime import datetime

from db.driver import Driver
from hra_tui.domain import DOCTOR_ROLES
from hra_tui.services.errors import NotFound, Refused
from hra_tui.services.quick_records import FrozenRecord


def normalise_mrn(mrn: str) -> str:
    return mrn.strip().upper()


def normalise_label(label: str) -> str:
    return label.strip().upper()


async def active_doctor(driver: Driver, staff_id: int) -> StaffState:
    """A doctor a clerk may choose: exists, is a doctor or surgeon, and is still active."""
    rows = await driver.rows("SELECT id, name, role, active FROM staff WHERE id = ?", (staff_id,))
    if not rows:
        raise NotFound(f"No staff member with id {staff_id}")
    sid, name, role, active = rows[0]
    doctor = StaffState(sid, name, role, bool(active))
    if doctor.role not in DOCTOR_ROLES:
        raise Refused(f"{doctor.name} is a {doctor.role}, not a doctor")
    if not doctor.active:
        raise Refused(f"Dr {doctor.name} is no longer active; choose another doctor")
    return doctor


class StaffState(FrozenRecord):
    __slots__ = ("id", "name", "role", "active")
    id: int
    name: str
    role: str
    active: bool

    def __init__(self, id: int, name: str, role: str, active: bool) -> None:  # noqa: A002
        self._set(id=id, name=name, role=role, active=active)


class PatientState(FrozenRecord):
    """A patient and the current stay (stay_id None when not admitted)."""

    __slots__ = ("id", "mrn", "name", "stay_id", "bed_id", "bed_label")
    id: int
    mrn: str
    name: str
    stay_id: int | None
    bed_id: int | None
    bed_label: str | None

    def __init__(self, id: int, mrn: str, name: str, stay_id: int | None,  # noqa: A002
                 bed_id: int | None, bed_label: str | None) -> None:
        self._set(id=id, mrn=mrn, name=name, stay_id=stay_id, bed_id=bed_id,
                  bed_label=bed_label)


class BedState(FrozenRecord):
    """A bed and who is in it now (stay_id None when nobody is)."""

    __slots__ = ("id", "label", "ward", "type", "status", "status_since", "note", "mrn",
                 "patient_name", "admitted_at", "stay_id")
    id: int
    label: str
    ward: str
    type: str
    status: str
    status_since: datetime
    note: str
    mrn: str | None
    patient_name: str | None
    admitted_at: datetime | None
    stay_id: int | None

    def __init__(self, id: int, label: str, ward: str, type: str,  # noqa: A002
                 status: str, status_since: datetime, note: str, mrn: str | None,
                 patient_name: str | None, admitted_at: datetime | None,
                 stay_id: int | None) -> None:
        self._set(id=id, label=label, ward=ward, type=type, status=status,
                  status_since=status_since, note=note, mrn=mrn, patient_name=patient_name,
                  admitted_at=admitted_at, stay_id=stay_id)


_PATIENT_STATE = """
SELECT p.id, p.mrn, p.name, p.active, a.id, a.bed_id, b.label
FROM patients p
LEFT JOIN admissions a ON a.patient_id = p.id AND a.discharged_at IS NULL
LEFT JOIN beds b ON b.id = a.bed_id
WHERE p.mrn = ?
"""

# A bed as the board shows it: its ward, status, and who is in it now (if anyone).
_BEDS = """
SELECT b.id, b.label, b.active, w.active, w.name, b.type, b.status, b.status_since, b.note,
       p.mrn, p.name, a.admitted_at, a.id
FROM beds b
JOIN wards w ON w.id = b.ward_id
LEFT JOIN admissions a ON a.bed_id = b.id AND a.discharged_at IS NULL
LEFT JOIN patients p ON p.id = a.patient_id
"""


def _bed(values: tuple) -> BedState:
    (bid, code, _bed_active, _ward_active, ward, kind, status, since, note, mrn, patient_name,
     admitted_at, stay_id) = values
    return BedState(bid, code, ward, kind, status, Driver.read_time(since), note, mrn,
                    patient_name, Driver.read_time(admitted_at), stay_id)


async def patient_state(driver: Driver, mrn: str) -> PatientState:
    rows = await driver.rows(_PATIENT_STATE, (normalise_mrn(mrn),))
    if not rows or not rows[0][3]:
        raise NotFound(f"No patient with MRN {normalise_mrn(mrn) or '(empty)'}")
    pid, code, name, _active, stay_id, bed_id, bed_label = rows[0]
    return PatientState(pid, code, name, stay_id, bed_id, bed_label)


async def bed_state(driver: Driver, label: str, *, on_active_ward: bool = True) -> BedState:
    """The active bed `label` (on an active ward, unless `on_active_ward` is False)."""
    rows = await driver.rows(f"{_BEDS} WHERE b.label = ?", (normalise_label(label),))
    if not rows or not rows[0][2] or (on_active_ward and not rows[0][3]):
        raise NotFound(f"No bed {normalise_label(label) or '(empty)'} on any ward")
    return _bed(rows[0])


async def board_beds(driver: Driver, ward: str | None = None) -> list[BedState]:
    """Every active bed of the active wards (of `ward` only, if named), in no set order."""
    where, params = "b.active IS 1 AND w.active IS 1", ()
    if ward:
        where, params = f"{where} AND w.name = ?", (ward,)
    return [_bed(values) for values in await driver.rows(f"{_BEDS} WHERE {where}", params)]


async def active_ward_names(driver: Driver) -> list[str]:
    return [name for (name,) in await driver.rows(
        "SELECT name FROM wards WHERE active IS 1 ORDER BY name")]
