"""The demo ward's admissions-planning records (IHTC-2024 shaped): the surgical ward's beds
grouped into rooms, its patients already in bed as occupants, registered patients waiting for
surgery and a bed, the operating rooms' and surgeons' minutes per day, and the nurses'
rosters over a horizon starting today. Drawn from their own seeded stream so the rest of the
demo is unchanged; called by `db.demo` inside its one transaction.

Rooms are cut so that the people already in them share a gender (the planner may not mix
women and men in a room), and every shift has at least two nurses working, so a plan that
keeps every hard rule exists.
"""

from __future__ import annotations

import json
import random
from datetime import datetime

from db.bulk import insert_rows
from db.time_codec import sql_time
from hra_tui.domain import StaffRole

# Children first, so a --force wipe of the demo never trips a foreign key.
ADMISSION_TABLES = ("nurse_rooms", "theatre_bookings", "bed_reservations", "admission_plans",
                    "admission_requests", "nurse_shifts", "surgeon_days", "theatre_days",
                    "planning_horizon")

SHIFTS = ("early", "late", "night")
AGE_GROUPS = ("child", "adult", "elderly")
ROOM_SIZES = (4, 4, 3, 3, 2, 2, 2)  # the surgical ward's 20 beds
# The competition's weight names, its spelling kept ("eccessive").
WEIGHTS = {"room_mixed_age": 5, "room_nurse_skill": 10, "continuity_of_care": 1,
           "nurse_eccessive_workload": 10, "open_operating_theater": 30,
           "surgeon_transfer": 10, "patient_delay": 10, "unscheduled_optional": 350}


def _age_group(age: int) -> str:
    return AGE_GROUPS[0 if age < 18 else 1 if age < 65 else 2]


def _profile(rng: random.Random, shifts: int) -> tuple[list[int], list[int]]:
    """Workload and skill needed per shift of a stay: heavier and more skilled at first."""
    load = [max(1, 4 - k // 3 + rng.randint(-1, 1)) for k in range(shifts)]
    skill = [max(0, min(3, 2 - k // 4 + rng.randint(-1, 0))) for k in range(shifts)]
    return load, skill


def insert_admissions_demo(cur, seed: int, starts_on: datetime, days: int, beds: list[list],
                           patients: list[tuple], staff: list[tuple], admissions: list[tuple],
                           resources: list[tuple]) -> int:
    """Insert the horizon and everything it plans from; returns the patients to admit.
    Rows are the demo's tuples (beds as lists, as `db.demo` builds them)."""
    rng = random.Random(seed * 7919 + 2)
    ward_id = max(bed[1] for bed in beds)  # the last ward: the surgical one
    ward_beds = [bed for bed in beds if bed[1] == ward_id]
    gender = {p[0]: p[4] for p in patients}
    in_bed = {a[2]: a[1] for a in admissions if a[6] is None}
    # Occupied beds by the gender of who is in them, women's first, then the free beds.
    women = [b[0] for b in ward_beds if gender.get(in_bed.get(b[0])) == "F"]
    men = [b[0] for b in ward_beds if gender.get(in_bed.get(b[0])) == "M"]
    free = [b[0] for b in ward_beds if b[0] not in in_bed]
    rooms: dict[int, str] = {}
    for k, size in enumerate(ROOM_SIZES):
        source = women if women else men
        for _ in range(size):
            pool = source or free
            if pool:
                rooms[pool.pop(0)] = f"S{k + 1}"
    for bed_id, room in rooms.items():
        cur.execute("UPDATE beds SET room = ? WHERE id = ?", (room, bed_id))

    requests, shifts_per_stay = [], len(SHIFTS)
    by_id = {p[0]: p for p in patients}
    for bed_id, patient_id in sorted(in_bed.items()):
        if bed_id not in rooms:
            continue
        stay = rng.randint(1, 6)
        load, skill = _profile(rng, stay * shifts_per_stay)
        requests.append((by_id[patient_id][1], "occupant", patient_id, True,
                         _age_group(by_id[patient_id][3]), stay, 0, None, 0, None,
                         rooms[bed_id], "[]", json.dumps(load), json.dumps(skill)))
    surgeons = [s[0] for s in staff if s[2] == StaffRole.SURGEON]
    nurses = [s for s in staff if s[2] == StaffRole.NURSE]
    waiting = [p for p in patients if p[0] not in in_bed.values() and p[4] in ("F", "M")]
    room_names = sorted(set(rooms.values()))
    to_admit = rng.sample(waiting, min(len(waiting), 2 * len(rooms)))
    for patient in to_admit:
        stay = rng.choice((1, 2, 2, 3, 3, 4, 5, 7))
        release = rng.randint(0, days - 3)
        mandatory = rng.random() < 0.4
        due = min(days - 1, release + rng.randint(2, 5)) if mandatory else None
        load, skill = _profile(rng, stay * shifts_per_stay)
        avoid = [rng.choice(room_names)] if rng.random() < 0.15 else []
        requests.append((patient[1], "patient", patient[0], mandatory, _age_group(patient[3]),
                         stay, release, due, rng.choice((60, 90, 120, 120, 180, 240)),
                         rng.choice(surgeons), None, json.dumps(avoid), json.dumps(load),
                         json.dumps(skill)))
    insert_rows(cur, "admission_requests", (
        "code", "kind", "patient_id", "mandatory", "age_group", "length_of_stay", "release_day",
        "due_day", "surgery_minutes", "surgeon_id", "room", "incompatible_rooms", "workload",
        "skill_required"), requests)

    weekday = [(starts_on.weekday() + d) % 7 < 5 for d in range(days)]
    theatres = [r[0] for r in resources if r[2] == "operating room"]
    insert_rows(cur, "theatre_days", ("resource_id", "day", "minutes"), [
        (theatre, d, rng.choice((480, 600)) if weekday[d] else 0)
        for theatre in theatres for d in range(days)])
    insert_rows(cur, "surgeon_days", ("staff_id", "day", "minutes"), [
        (surgeon, d, rng.choice((240, 360, 480)) if weekday[d] and rng.random() < 0.8 else 0)
        for surgeon in surgeons for d in range(days)])
    # Nurse k works shift type k % 3, off two days a week at an offset apart from the others
    # of the same shift type, so no day of any shift type is left with fewer than two.
    shifts = []
    for k, nurse in enumerate(nurses):
        kind, offset = k % len(SHIFTS), (k // len(SHIFTS)) * 2
        for d in range(days):
            if (d + offset) % 7 not in (0, 1):
                shifts.append((nurse[0], d, SHIFTS[kind], rng.choice((12, 15, 18))))
    insert_rows(cur, "nurse_shifts", ("staff_id", "day", "shift", "max_load"), shifts)
    cur.execute(
        "INSERT INTO planning_horizon (id, name, starts_on, days, skill_levels, shift_types, "
        "age_groups, weights) VALUES (1, ?, ?, ?, 5, ?, ?, ?)",
        ("surgical admissions", sql_time(starts_on), days,
         json.dumps(SHIFTS), json.dumps(AGE_GROUPS), json.dumps(WEIGHTS)))
    return len(to_admit)
