"""The demo ward's admissions-planning records (IHTC-2024 shaped): the surgical ward's beds
grouped into rooms, its patients already in bed as occupants, registered patients waiting for
surgery and a bed, the operating rooms' and surgeons' minutes per day, and the nurses'
rosters over a horizon starting today. Drawn from their own seeded stream so the rest of the
demo is unchanged; called by `db.demo` inside its one transaction.

Rooms are cut so that the people already in them share a gender (the planner may not mix
women and men in a room), every shift has at least two nurses working, and a patient is
mandatory only if a plan of our own admits them by their due day, so a plan that keeps every
hard rule exists, whatever the date and the seed.
"""

from __future__ import annotations

import json
import random
from collections import Counter
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
SURGEON_DAYS = (240, 360, 480)  # a surgeon's operating minutes on a working day
REQUEST_COLUMNS = ("code", "kind", "patient_id", "mandatory", "age_group", "length_of_stay",
                   "release_day", "due_day", "surgery_minutes", "surgeon_id", "room",
                   "incompatible_rooms", "workload", "skill_required")
JSON_COLUMNS = ("incompatible_rooms", "workload", "skill_required")
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


def _keep_mandatory_plannable(requests: list[dict], gender: dict[int, str],
                              capacity: Counter, days: int, theatre_days: dict,
                              surgeon_days: dict) -> None:
    """Admit the mandatory patients in a plan of our own, earliest due first, so the problem
    always has a plan that keeps every hard rule whatever the weekdays and draws: a day in
    [release, due] with theatre and surgeon minutes left, a room of one gender with a free bed
    all stay (not one they must avoid). Where only the surgeon's minutes lack on a day the
    theatres open (a weekday), the surgeon operates longer that day; a patient admitted
    nowhere becomes optional. Every shift has two nurses working, so they cover any plan."""
    in_room = {room: [[] for _ in range(days)] for room in capacity}  # genders per day
    left_theatre, left_surgeon = dict(theatre_days), dict(surgeon_days)

    def stay(r: dict, day: int) -> range:
        return range(day, min(days, day + r["length_of_stay"]))

    for r in requests:
        if r["kind"] == "occupant":
            for d in stay(r, 0):
                in_room[r["room"]][d].append(gender[r["patient_id"]])
    for r in sorted((r for r in requests if r["mandatory"] and r["kind"] == "patient"),
                    key=lambda r: (r["due_day"], r["release_day"])):
        minutes, surgeon, sex = r["surgery_minutes"], r["surgeon_id"], gender[r["patient_id"]]
        options = []
        for d in range(r["release_day"], r["due_day"] + 1):
            theatre = next((t for (t, e), m in left_theatre.items() if e == d and m >= minutes),
                           None)
            used = surgeon_days[surgeon, d] - left_surgeon[surgeon, d]
            longer = next((m for m in SURGEON_DAYS if m >= used + minutes), None)
            room = next((room for room, people in in_room.items()
                         if room not in r["incompatible_rooms"]
                         and all(len(people[e]) < capacity[room] and set(people[e]) <= {sex}
                                 for e in stay(r, d))), None)
            short = left_surgeon[surgeon, d] < minutes
            if theatre is not None and room is not None and (not short or longer):
                options.append((short, d, theatre, room, longer))
        if not options:
            r["mandatory"], r["due_day"] = False, None
            continue
        short, d, theatre, room, longer = min(options)
        if short:
            left_surgeon[surgeon, d] += longer - surgeon_days[surgeon, d]
            surgeon_days[surgeon, d] = longer
        left_theatre[theatre, d] -= minutes
        left_surgeon[surgeon, d] -= minutes
        for e in stay(r, d):
            in_room[room][e].append(sex)


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
        requests.append(dict(zip(REQUEST_COLUMNS, (
            by_id[patient_id][1], "occupant", patient_id, True, _age_group(by_id[patient_id][3]),
            stay, 0, None, 0, None, rooms[bed_id], [], load, skill), strict=True)))
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
        requests.append(dict(zip(REQUEST_COLUMNS, (
            patient[1], "patient", patient[0], mandatory, _age_group(patient[3]), stay, release,
            due, rng.choice((60, 90, 120, 120, 180, 240)), rng.choice(surgeons), None, avoid,
            load, skill), strict=True)))

    weekday = [(starts_on.weekday() + d) % 7 < 5 for d in range(days)]
    theatres = [r[0] for r in resources if r[2] == "operating room"]
    theatre_days = {(theatre, d): rng.choice((480, 600)) if weekday[d] else 0
                    for theatre in theatres for d in range(days)}
    surgeon_days = {(surgeon, d): rng.choice(SURGEON_DAYS) if weekday[d] and rng.random() < 0.8
                    else 0 for surgeon in surgeons for d in range(days)}
    _keep_mandatory_plannable(requests, gender, Counter(rooms.values()), days, theatre_days,
                              surgeon_days)
    insert_rows(cur, "admission_requests", REQUEST_COLUMNS, [
        tuple(json.dumps(r[c]) if c in JSON_COLUMNS else r[c] for c in REQUEST_COLUMNS)
        for r in requests])
    insert_rows(cur, "theatre_days", ("resource_id", "day", "minutes"),
                [(*key, minutes) for key, minutes in theatre_days.items()])
    insert_rows(cur, "surgeon_days", ("staff_id", "day", "minutes"),
                [(*key, minutes) for key, minutes in surgeon_days.items()])
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
