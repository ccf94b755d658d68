"""The demo ward's planning records: patients waiting for care, a few staff pairs and the
ward's planning settings, drawn from their own seeded stream so the rest of the demo is
unchanged. Called by `db.demo` inside its one transaction; `keep_rota_plannable` before it,
on the demo's rows."""

from __future__ import annotations

import random
from bisect import bisect_right
from datetime import timedelta

from db.bulk import insert_rows
from db.time_codec import parse_sql_time
from hra_tui.domain import DOCTOR_ROLES, AppointmentStatus, SettingKey, StaffRole

# Children first, so a --force wipe of the demo never trips a foreign key.
PLAN_TABLES = ("resource_bookings", "roster_entries", "care_requests", "staff_pairs", "plans")

_REASONS = ("review", "wound dressing", "medication review", "pre-op assessment",
            "post-op check", "imaging", "physiotherapy review", "discharge planning",
            "consultation", "procedure")
# The ward planner's rules the demo leaves at their defaults (the solver's WARD_RULES): rest
# between shifts, at most 48 hours (six shifts) in 7 days, a doctor and a senior every shift.
MIN_REST = timedelta(hours=11)
MAX_SHIFTS = 6
SENIOR_SKILL = 4
ON_ROTA = "Cancelled: the doctor is on the ward rota"
_SETTINGS = {SettingKey.BALANCE: 4, SettingKey.PATIENTS_PER_STAFF: 4,
             SettingKey.OVERTIME_CAP: 2, SettingKey.RESOURCE_CAPACITY: 2}


def insert_planning_demo(cur, seed: int, stamp: str, patients: list[tuple],
                         staff: list[tuple], resources: list[tuple], slots: list[tuple],
                         requests: int = 30, balance: bool = True) -> int:
    """Insert care requests (about one per two patients, at most `requests`), staff pairs and
    settings (without the workload balance when `balance` is off: a hospital's staff across
    wards are not held to one spread); returns how many care requests. Rows are tuples in the
    demo's column order."""
    rng = random.Random(seed * 7919 + 1)
    chosen = rng.sample(patients, min(requests, len(patients)))
    rows = []
    for k, patient in enumerate(chosen, 1):
        urgency = max(1, min(10, patient[7] + rng.randint(-1, 2)))
        resource = rng.choice(resources)[0] if resources and rng.random() < 0.25 else None
        earliest = rng.choice(slots)[0] if slots and rng.random() < 0.2 else None
        rows.append((k, patient[0], resource, urgency, rng.choices((1, 2, 3, 4), (4, 4, 2, 1))[0],
                     rng.randint(2, 9), rng.choice((30, 30, 60)), rng.choice(_REASONS), stamp,
                     earliest, "waiting"))
    insert_rows(cur, "care_requests", ("id", "patient_id", "resource_id", "urgency", "skill_min",
                                       "care_cost", "duration_min", "reason", "created_at",
                                       "earliest_slot_id", "status"), rows)
    nurses = [s[0] for s in staff if s[2] == StaffRole.NURSE]
    pairs: dict[tuple[int, int], int] = {}  # one weight a pair: the table's key
    while len(nurses) > 1 and len(pairs) < min(6, len(nurses) // 2):
        a, b = sorted(rng.sample(nurses, 2))
        pairs.setdefault((a, b), rng.choice((-3, -2, 2, 4)))
    insert_rows(cur, "staff_pairs", ("staff_a", "staff_b", "weight"),
                sorted((a, b, w) for (a, b), w in pairs.items()))
    cur.execute("DELETE FROM settings")
    insert_rows(cur, "settings", ("key", "value", "updated_at"),
                [(key.value, value, stamp) for key, value in _SETTINGS.items()
                 if balance or key != SettingKey.BALANCE])
    return len(rows)


def keep_rota_plannable(staff: list[tuple], appointments: list[tuple], slots: list[tuple]
                        ) -> None:
    """Keep a roster of our own that gives every shift of the slots a doctor and a senior,
    with the rest between shifts and at most six shifts each, so the planner always has a
    plan. A doctor booked for a patient stays on duty that shift, so clinics spread over
    every doctor can leave a late or night shift none can work: then the clinics of the
    doctor freed by cancelling fewest are cancelled. A shift no senior can work gets the most
    skilled nurse who can, promoted. Edits the demo's rows in place (slots in time order)."""
    starts = [slot[2] for slot in slots]
    booked: dict[int, dict[int, list[int]]] = {row[0]: {} for row in staff}  # shift: rows
    for k, a in enumerate(appointments):
        t = bisect_right(starts, a[3]) - 1  # stored times sort as text
        if t >= 0 and a[3] < slots[t][3] and a[5] != AppointmentStatus.CANCELLED.value:
            booked[a[2]].setdefault(t, []).append(k)
    times = [(parse_sql_time(slot[2]), parse_sql_time(slot[3])) for slot in slots]
    duty: dict[int, set[int]] = {row[0]: set() for row in staff}

    def doctor(row: tuple) -> bool:
        return row[2] in DOCTOR_ROLES

    def senior(row: tuple) -> bool:
        return row[5] >= SENIOR_SKILL

    def clash(t: int, u: int) -> bool:
        (_, end), (start, _) = sorted((times[t], times[u]))
        return start - end < MIN_REST

    def worked(i: int) -> set[int]:
        return duty[i] | booked[i].keys()

    def can(i: int, t: int, around: set[int]) -> bool:
        return len(worked(i)) < MAX_SHIFTS and not any(clash(t, u) for u in around)

    def covered(u: int, role, but: int | None = None) -> bool:
        return any(role(row) and row[0] != but and u in worked(row[0]) for row in staff)

    def free_a_doctor(t: int) -> list[int]:
        """Never one whose cancelled clinics leave a shift already kept without the only
        doctor or senior it had."""
        freed = [(sum(len(booked[i][u]) for u in booked[i] if clash(t, u)), i)
                 for i in (row[0] for row in staff if doctor(row))
                 if can(i, t, duty[i]) and all(covered(u, role, but=i) for u in booked[i]
                                               if u < t and clash(t, u)
                                               for role in (doctor, senior))]
        if not freed:
            return []
        i = min(freed)[1]
        for u in [u for u in booked[i] if clash(t, u)]:
            for k in booked[i].pop(u):
                appointments[k] = (*appointments[k][:5], AppointmentStatus.CANCELLED.value,
                                   ON_ROTA)
        return [i]

    def promote_a_nurse(t: int) -> list[int]:
        nurses = [row for row in staff
                  if row[2] == StaffRole.NURSE and can(row[0], t, worked(row[0]))]
        if not nurses:
            return []
        row = max(nurses, key=lambda row: (row[5], -row[0]))
        staff[staff.index(row)] = (*row[:5], SENIOR_SKILL, *row[6:])
        return [row[0]]

    for t in range(len(slots)):
        for role, fix in ((doctor, free_a_doctor), (senior, promote_a_nurse)):
            if not covered(t, role):
                able = [row[0] for row in staff
                        if role(row) and can(row[0], t, worked(row[0]))] or fix(t)
                if able:
                    duty[min(able, key=lambda i: (len(worked(i)), i))].add(t)
