"""Doctors as files name them: by name, whatever its spacing and case, among the staff whose
role sees patients (doctors and surgeons)."""

from __future__ import annotations

from typing import Any

from hra_tui.domain import DOCTOR_ROLES
from hra_tui.services.csv.file_fields import key
from hra_tui.services.csv.store import fetch

Doctors = dict[str, list[tuple[int, bool]]]  # a name's key -> (staff id, active) of each


async def doctor_ids(driver: Any) -> Doctors:
    marks = ", ".join("?" for _ in DOCTOR_ROLES)
    found: Doctors = {}
    for staff_id, name, active in await fetch(
            driver, f"SELECT id, name, active FROM staff WHERE role IN ({marks})", DOCTOR_ROLES):
        found.setdefault(key(name), []).append((staff_id, bool(active)))
    return found


def resolve_doctor(name: str, doctors: Doctors, *, retired_too: bool = False) -> int | str:
    """The doctor's id, or why the name does not name one active doctor; `retired_too`: a
    record of the past may name a doctor no longer active, if the name is theirs alone."""
    matches = doctors.get(key(name), [])
    active = [staff_id for staff_id, is_active in matches if is_active]
    if retired_too and not active and len(matches) == 1:
        return matches[0][0]
    if len(active) == 1:
        return active[0]
    if len(active) > 1:
        return f"doctor '{name}' names {len(active)} doctors; rename one on the staff list"
    if matches:
        return f"Dr {name} is no longer active"
    return f"doctor '{name}' is not a doctor or surgeon on the staff list"
