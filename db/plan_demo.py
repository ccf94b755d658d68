"""The demo ward's planning records: patients waiting for care, a few staff pairs and the
ward's planning settings, drawn from their own seeded stream so the rest of the demo is
unchanged. Called by `db.demo` inside its one transaction."""

from __future__ import annotations

import random

from db.bulk import insert_rows
from hra_tui.domain import SettingKey, StaffRole

# Children first, so a --force wipe of the demo never trips a foreign key.
PLAN_TABLES = ("resource_bookings", "roster_entries", "care_requests", "staff_pairs", "plans")

_REASONS = ("review", "wound dressing", "medication review", "pre-op assessment",
            "post-op check", "imaging", "physiotherapy review", "discharge planning",
            "consultation", "procedure")
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
    pairs = set()
    while len(nurses) > 1 and len(pairs) < min(6, len(nurses) // 2):
        a, b = sorted(rng.sample(nurses, 2))
        pairs.add((a, b, rng.choice((-3, -2, 2, 4))))
    insert_rows(cur, "staff_pairs", ("staff_a", "staff_b", "weight"), sorted(pairs))
    cur.execute("DELETE FROM settings")
    insert_rows(cur, "settings", ("key", "value", "updated_at"),
                [(key.value, value, stamp) for key, value in _SETTINGS.items()
                 if balance or key != SettingKey.BALANCE])
    return len(rows)
