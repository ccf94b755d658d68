"""Visits and resource bookings the records hold beyond the planner's caps, in words.

The instance counts what is booked only up to the cap (`build_instance`), so that what the
records hold never makes a plan impossible; the rest is a rule the records break before any
plan, and the plan's report lists it with those the plan keeps because the records force it
(`solver/ward/forced`).
"""

from __future__ import annotations

from hra_tui.services.planning.ward.snapshot import Snapshot, plan_settings, slot_label
from hra_tui.solver.ward.instance import Toggles


def overbooked(snap: Snapshot, toggles: Toggles) -> list[str]:
    """One line per staff member and slot with more visits booked than the patient cap (a),
    and per resource and slot with more bookings than its capacity."""
    settings = plan_settings(snap.settings)
    lines = []
    if toggles.patient_cap:
        names = {row.id: row.name for row in snap.staff}
        seen: dict[tuple[int, int], int] = {}
        for row in snap.appointments:
            k = snap.slot_index(row.starts_at)
            if k is not None and row.doctor_id in names:
                seen[row.doctor_id, k] = seen.get((row.doctor_id, k), 0) + 1
        lines += [f"patients per staff member: {names[i]} has {n} visits booked in "
                  f"{slot_label(snap.slots[k])}, where the cap is {settings.patients_per_staff} "
                  "(the records hold them)"
                  for (i, k), n in seen.items() if n > settings.patients_per_staff]
    resources = {row.id: row.name for row in snap.resources}
    held: dict[tuple[int, int], int] = {}
    for row in snap.bookings:
        if row.resource_id in resources:
            held[row.resource_id, row.slot_id] = held.get((row.resource_id, row.slot_id), 0) + 1
    labels = {row.id: slot_label(row) for row in snap.slots}
    lines += [f"resource capacity: {resources[r]} is booked {n} times in {labels[k]}, where it "
              f"serves {settings.resource_capacity} (the records hold them)"
              for (r, k), n in held.items() if n > settings.resource_capacity]
    return lines
