"""A demo ward database: realistic, consistent, seeded, so the console has something to show
and the benchmarks have something to measure.

`ward` is one small hospital floor (2 wards, 40 beds, 25 staff, 60 patients); `hospital` is
load-test size (1,000 beds, 300 staff, 100,000 patients, 200,000 appointments). Every row is
drawn from `random.Random(seed)` around a fixed `now`, so one seed and one `now` give one
database. The whole load is one transaction of bulk inserts on the sync engine: a failed or
killed load leaves the file as it was.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from db import names
from db.admissions_demo import insert_admissions_demo
from db.bulk import insert_rows
from db.demo_terms import DATA_TABLES, DemoRefused, DemoSummary
from db.engine import make_engine
from db.history_demo import insert_history_demo
from db.location import Location, ServerWard
from db.migrate import upgrade
from db.os_account import os_account
from db.plan_demo import insert_planning_demo, keep_rota_plannable
from db.time_codec import sql_time
from hra_tui.domain import AppointmentStatus, BedStatus, BedType, InvoiceStatus, Role, StaffRole
from hra_tui.fields import phone_digits


@dataclass(frozen=True)
class DemoSize:
    """How big a demo is; `wards` name the wards, each with `beds_per_ward` beds."""

    wards: tuple[tuple[int, str], ...]
    beds_per_ward: int  # at most 26: beds are lettered, "3A".."3T"
    staff: dict[StaffRole, int]
    patients: int
    admitted: int
    cleaning: int
    blocked: int
    reserved: int
    discharged: int  # past admissions, for history
    appointments: int
    days_back: int
    days_ahead: int
    slot_minutes: int
    slots_per_day: int
    resources: tuple[tuple[str, str, int, int], ...]  # (name prefix, kind, count, cost)
    planning_days: int = 7  # three shifts a day to plan
    care_requests: int = 30  # waiting care requests (at most one per patient)
    demand_scale: int = 1  # staff demand per shift, times the demo ward's
    planning_from: int = 1  # days from today to the first shift to plan
    admission_days: int = 0  # an admissions-planning horizon from today (0: none)


_WARD_KINDS = ("Medical", "Surgical", "Cardiac", "Respiratory", "Orthopaedic", "Maternity",
               "Paediatric", "Critical care", "Elderly care", "Oncology")

SIZES: dict[str, DemoSize] = {
    "ward": DemoSize(
        wards=((3, "Medical"), (4, "Surgical")),
        beds_per_ward=20,
        staff={StaffRole.DOCTOR: 8, StaffRole.SURGEON: 3, StaffRole.NURSE: 10,
               StaffRole.PHARMACIST: 2, StaffRole.TECHNOLOGIST: 2},
        patients=60, admitted=30, cleaning=3, blocked=2, reserved=1, discharged=12,
        appointments=90, days_back=7, days_ahead=7, slot_minutes=30, slots_per_day=16,
        resources=(("Operating room", "operating room", 2, 40), ("CT scanner", "imaging", 1, 25),
                   ("MRI scanner", "imaging", 1, 30), ("X-ray room", "imaging", 1, 10),
                   ("Ventilator", "ventilator", 4, 12), ("Ultrasound", "imaging", 1, 8)),
        admission_days=14,
    ),
    "hospital": DemoSize(
        wards=tuple((n, _WARD_KINDS[(n - 1) % len(_WARD_KINDS)]) for n in range(1, 51)),
        beds_per_ward=20,
        staff={StaffRole.DOCTOR: 75, StaffRole.SURGEON: 30, StaffRole.NURSE: 150,
               StaffRole.PHARMACIST: 20, StaffRole.TECHNOLOGIST: 25},
        patients=100_000, admitted=800, cleaning=50, blocked=30, reserved=10, discharged=5_000,
        appointments=200_000, days_back=75, days_ahead=30, slot_minutes=30, slots_per_day=20,
        resources=(("Operating room", "operating room", 12, 40),
                   ("CT scanner", "imaging", 3, 25), ("MRI scanner", "imaging", 2, 30),
                   ("X-ray room", "imaging", 4, 10), ("Ventilator", "ventilator", 40, 12),
                   ("Ultrasound", "imaging", 6, 8)),
        planning_days=14, care_requests=600, demand_scale=8,
        planning_from=31,  # the rota a month ahead: after the booked appointments
    ),
}

_BED_TYPE_BY_WARD = {"Maternity": BedType.MATERNITY, "Paediatric": BedType.PEDIATRIC,
                     "Critical care": BedType.ICU}
_SPECIALIZATIONS = {
    StaffRole.DOCTOR: names.DOCTOR_SPECIALIZATIONS,
    StaffRole.SURGEON: names.SURGEON_SPECIALIZATIONS,
    StaffRole.NURSE: names.NURSE_SPECIALIZATIONS,
    StaffRole.PHARMACIST: names.PHARMACIST_SPECIALIZATIONS,
    StaffRole.TECHNOLOGIST: names.TECHNOLOGIST_SPECIALIZATIONS,
}
# (cost per slot range, overtime premium range) by role: seniors cost more per shift.
_COSTS = {
    StaffRole.DOCTOR: ((9, 13), (3, 6)), StaffRole.SURGEON: ((11, 15), (4, 8)),
    StaffRole.NURSE: ((4, 7), (1, 3)), StaffRole.PHARMACIST: ((6, 8), (1, 3)),
    StaffRole.TECHNOLOGIST: ((5, 7), (1, 3)),
}
_SHIFTS = (("early", 7, 8), ("late", 15, 8), ("night", 23, 8))


def _phone(rng: random.Random) -> str:
    return f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}"


class _Builder:
    """Draws the rows of one demo; every list holds tuples in the insert's column order."""

    def __init__(self, size: DemoSize, seed: int, now: datetime) -> None:
        self.size, self.rng, self.now = size, random.Random(seed), now
        self.stamp = sql_time(now)

    def wards(self) -> list[tuple]:
        return [(i, f"Ward {n} — {kind}", 1) for i, (n, kind) in enumerate(self.size.wards, 1)]

    def beds(self) -> list[tuple]:
        rows = []
        for ward_id, (n, kind) in enumerate(self.size.wards, 1):
            base = _BED_TYPE_BY_WARD.get(kind, BedType.GENERAL)
            for k in range(self.size.beds_per_ward):
                if base is BedType.GENERAL and k < 3:
                    bed_type = BedType.ICU if k < 2 else BedType.ISOLATION
                else:
                    bed_type = base
                rows.append([len(rows) + 1, ward_id, f"{n}{chr(ord('A') + k)}", bed_type.value,
                             BedStatus.FREE.value, self.stamp, "", 1])
        return rows

    def staff(self) -> list[tuple]:
        rng, rows, seen = self.rng, [], set()
        for role, count in self.size.staff.items():
            (lo, hi), (olo, ohi) = _COSTS[role]
            for _ in range(count):
                name = self._unique_name(seen)
                cost = rng.randint(lo, hi)
                rows.append((len(rows) + 1, name, role.value, rng.choice(_SPECIALIZATIONS[role]),
                             _phone(rng), rng.choices((1, 2, 3, 4, 5), (1, 3, 5, 4, 2))[0],
                             rng.randint(8, 14), cost, cost + rng.randint(olo, ohi), 1))
        return rows

    def _unique_name(self, seen: set[str]) -> str:
        while True:
            first = self.rng.choice(names.FEMALE_NAMES + names.MALE_NAMES)
            name = f"{first} {self.rng.choice(names.SURNAMES)}"
            if name not in seen:
                seen.add(name)
                return name

    def patients(self) -> list[tuple]:
        rng, now, rows = self.rng, self.now, []
        female, male, neutral, surnames = (names.FEMALE_NAMES, names.MALE_NAMES,
                                           names.NEUTRAL_NAMES, names.SURNAMES)
        for i in range(1, self.size.patients + 1):
            r = rng.random()
            gender = "F" if r < 0.49 else "M" if r < 0.97 else "X"
            first = rng.choice(female if gender == "F" else male if gender == "M" else neutral)
            age = min(104, int(rng.triangular(0, 100, 70)))
            address = (f"{rng.randint(1, 240)} {rng.choice(names.STREETS)}, "
                       f"{rng.choice(names.TOWNS)}")
            registered = now - timedelta(days=rng.randint(1, 3650), minutes=rng.randint(0, 1439))
            rows.append((i, f"P{i:06d}", f"{first} {rng.choice(surnames)}", age, gender,
                         _phone(rng), address, rng.choices(range(1, 11), (2, 4, 7, 9, 9, 7, 5,
                                                                          3, 2, 1))[0],
                         sql_time(registered), 1))
        return rows

    def admissions(self, beds: list[list], doctor_ids: list[int]) -> list[tuple]:
        """Active admissions fill `admitted` beds (marked occupied); the rest of the beds get
        their cleaning/blocked/reserved share; past admissions go to patients not in a bed."""
        size, rng, now = self.size, self.rng, self.now
        order = rng.sample(range(len(beds)), len(beds))
        patient_ids = rng.sample(range(1, size.patients + 1), size.admitted + size.discharged)
        rows = []
        for bed_index, patient_id in zip(order[:size.admitted], patient_ids, strict=False):
            admitted = now - timedelta(minutes=rng.randint(30, 14 * 24 * 60))
            bed = beds[bed_index]
            bed[4], bed[5] = BedStatus.OCCUPIED.value, sql_time(admitted)
            rows.append((len(rows) + 1, patient_id, bed[0], rng.choice(doctor_ids),
                         rng.choice(names.PRESCRIPTIONS), sql_time(admitted), None))
        rest = iter(order[size.admitted:])
        for status, count in ((BedStatus.CLEANING, size.cleaning),
                              (BedStatus.BLOCKED, size.blocked),
                              (BedStatus.RESERVED, size.reserved)):
            for _ in range(count):
                bed = beds[next(rest)]
                bed[4] = status.value
                bed[5] = sql_time(now - timedelta(minutes=rng.randint(5, 600)))
                if status is BedStatus.BLOCKED:
                    bed[6] = rng.choice(names.BLOCK_REASONS)
                elif status is BedStatus.RESERVED:
                    bed[6] = "Planned admission from theatre"
        for patient_id in patient_ids[size.admitted:]:
            admitted = now - timedelta(days=rng.randint(15, 120), minutes=rng.randint(0, 1439))
            discharged = admitted + timedelta(days=rng.randint(1, 12), minutes=rng.randint(0, 600))
            rows.append((len(rows) + 1, patient_id, rng.randrange(len(beds)) + 1,
                         rng.choice(doctor_ids), rng.choice(names.PRESCRIPTIONS),
                         sql_time(admitted), sql_time(discharged)))
        return rows

    def appointments(self, doctor_ids: list[int]) -> list[tuple]:
        """Distinct (doctor, start) pairs, so the one-booking-per-doctor-slot index holds;
        status follows time: the past is done/no-show/cancelled, the future booked."""
        size, rng, now = self.size, self.rng, self.now
        day0 = now.replace(hour=0, minute=0, second=0, microsecond=0)
        first_day = day0 - timedelta(days=size.days_back)
        slots = (size.days_back + size.days_ahead + 1) * size.slots_per_day
        per_doctor = [size.appointments // len(doctor_ids)] * len(doctor_ids)
        for k in range(size.appointments % len(doctor_ids)):
            per_doctor[k] += 1
        if max(per_doctor) > slots:
            raise ValueError("more appointments than a doctor's slots")
        rows = []
        for doctor_id, count in zip(doctor_ids, per_doctor, strict=True):
            for slot in rng.sample(range(slots), count):
                day, k = divmod(slot, size.slots_per_day)
                start = first_day + timedelta(days=day, hours=8,
                                              minutes=k * size.slot_minutes)
                r = rng.random()
                if start + timedelta(minutes=size.slot_minutes) <= now:
                    status = (AppointmentStatus.DONE if r < 0.8 else AppointmentStatus.NO_SHOW
                              if r < 0.9 else AppointmentStatus.CANCELLED)
                elif start <= now:
                    status = AppointmentStatus.ARRIVED
                else:
                    status = (AppointmentStatus.BOOKED if r < 0.88
                              else AppointmentStatus.CANCELLED)
                rows.append((len(rows) + 1, rng.randint(1, size.patients), doctor_id,
                             sql_time(start), size.slot_minutes, status.value, ""))
        return rows

    def invoices(self, admissions: list[tuple], appointments: list[tuple]) -> list[tuple]:
        """One invoice per ward stay and per attended appointment; older ones mostly paid."""
        rng, now, rows = self.rng, self.now, []
        sources = [(a[1], a[5], "Ward stay", 40_000, 600_000) for a in admissions]
        sources += [(a[1], a[3], rng.choice(names.INVOICE_ITEMS), 8_000, 25_000)
                    for a in appointments if a[5] == AppointmentStatus.DONE.value]
        for patient_id, at, item, lo, hi in sources:
            created = datetime.fromisoformat(at).replace(tzinfo=UTC) + timedelta(hours=1)
            created = min(created, now)
            amount = rng.randint(lo // 50, hi // 50) * 50
            paid_at = created + timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 600))
            r = rng.random()
            if r < 0.03:
                status, paid = InvoiceStatus.VOID.value, None
            elif paid_at < now and r < 0.7:
                status, paid = InvoiceStatus.PAID.value, sql_time(paid_at)
            else:
                status, paid = InvoiceStatus.UNPAID.value, None
            rows.append((len(rows) + 1, patient_id, amount, item, status, sql_time(created),
                         paid))
        return rows

    def resources(self) -> list[tuple]:
        rows = []
        for prefix, kind, count, cost in self.size.resources:
            for k in range(1, count + 1):
                name = prefix if count == 1 else f"{prefix} {k}"
                rows.append((len(rows) + 1, name, kind, cost + self.rng.randint(-2, 2), 1))
        return rows

    def time_slots(self) -> list[tuple]:
        """Three shifts a day for `planning_days` days from `planning_from` days ahead, demand
        2-5 (nights lighter) times `demand_scale`; the skill floor twice the demand, at most
        50."""
        rng, rows, scale = self.rng, [], self.size.demand_scale
        day0 = (self.now.replace(hour=0, minute=0, second=0, microsecond=0)
                + timedelta(days=self.size.planning_from))
        for d in range(self.size.planning_days):
            day = day0 + timedelta(days=d)
            for shift, hour, hours in _SHIFTS:
                start = day + timedelta(hours=hour)
                demand = rng.randint(2, 3) if shift == "night" else rng.randint(3, 5)
                rows.append((len(rows) + 1, f"{start:%a %d %b} {shift}", sql_time(start),
                             sql_time(start + timedelta(hours=hours)), demand * scale,
                             min(50, demand * scale * 2 + rng.randint(0, 3))))
        return rows


def _count(cur, table: str) -> int:
    return cur.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def _check_allowed(cur, user: str, owner: str, force: bool) -> None:
    held = {t: _count(cur, t) for t in ("patients", "beds", "staff", "wards")}
    if any(held.values()) and not force:
        raise DemoRefused(
            f"This database already holds ward records ({held['patients']} patients, "
            f"{held['beds']} beds, {held['staff']} staff); use --force to replace them")
    if _count(cur, "users"):
        row = cur.execute("SELECT role, active FROM users WHERE name = ?", (user,)).fetchone()
        is_admin = row is not None and row[0] == Role.ADMIN.value and row[1]
    else:
        is_admin = user == owner  # a new database: its owner is about to become its admin
    if not is_admin:
        raise DemoRefused(f"Only an admin can load the demo; {user} is not one")


def create_demo(path: Location, size: str = "ward", seed: int = 7, *, force: bool = False,
                user: str | None = None, owner: str | None = None,
                now: datetime | None = None) -> DemoSummary:
    """Fill the database at `path` with a demo ward, in one transaction, acting as `user`.

    As when the console opens a new database, its `owner` (default: the OS user) becomes its
    admin. Refuses (DemoRefused) a database that already holds records unless `force`, and
    any `user` (default: the owner) who is not an admin there.
    """
    if size not in SIZES:
        raise DemoRefused(f"Unknown demo size '{size}'; choose one of {', '.join(SIZES)}")
    owner = owner or os_account()
    user = user or owner
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(second=0, microsecond=0)
    started = time.perf_counter()
    if isinstance(path, ServerWard):
        from db.server_demo import server_demo

        def build(file: Path, builder: str) -> DemoSummary:
            return create_demo(file, size, seed, user=builder, owner=builder, now=now)

        summary = server_demo(path, force, user, owner, now, build)
        return DemoSummary(**{**summary.__dict__, "seconds": time.perf_counter() - started})
    engine = make_engine(path)
    try:
        upgrade(engine)
        raw = engine.raw_connection()
        try:
            summary = _load(raw.driver_connection, SIZES[size], size, seed, force, user, owner,
                            now)
        finally:
            raw.close()
    finally:
        engine.dispose()
    return DemoSummary(**{**summary.__dict__, "seconds": time.perf_counter() - started})


def _load(con, size: DemoSize, size_name: str, seed: int, force: bool, user: str, owner: str,
          now: datetime) -> DemoSummary:
    cur = con.cursor()
    _check_allowed(cur, user, owner, force)
    b = _Builder(size, seed, now)
    wards, beds, staff = b.wards(), b.beds(), b.staff()
    doctor_ids = [s[0] for s in staff if s[2] in (StaffRole.DOCTOR, StaffRole.SURGEON)]
    patients = b.patients()
    admissions = b.admissions(beds, doctor_ids)
    appointments = b.appointments(doctor_ids)
    invoices = b.invoices(admissions, appointments)
    resources, slots = b.resources(), b.time_slots()
    keep_rota_plannable(staff, appointments, slots)
    admitted = sum(1 for a in admissions if a[6] is None)
    summary = DemoSummary(size_name, seed, len(wards), len(beds), len(staff), len(patients),
                          admitted, len(appointments), len(invoices), len(resources),
                          len(slots), 0.0)

    # Tuned for one big load only: the transaction either commits whole or not at all.
    cur.execute("PRAGMA synchronous = OFF")
    cur.execute("PRAGMA cache_size = -262144")
    cur.execute("PRAGMA temp_store = MEMORY")
    cur.execute("BEGIN IMMEDIATE")
    try:
        _check_allowed(cur, user, owner, force)  # again, under the write lock
        replaced = force and _count(cur, "patients") + _count(cur, "beds") > 0
        for table in DATA_TABLES:
            cur.execute(f'DELETE FROM "{table}"')
        insert_rows(cur, "wards", ("id", "name", "active"), wards)
        insert_rows(cur, "beds", ("id", "ward_id", "label", "type", "status", "status_since",
                                  "note", "active"), beds)
        insert_rows(cur, "staff", ("id", "name", "role", "specialization", "phone", "skill",
                                   "max_slots", "cost_per_slot", "overtime_cost", "active"), staff)
        insert_rows(cur, "patients", ("id", "mrn", "name", "age", "gender", "phone", "address",
                                      "urgency", "registered_at", "active", "phone_digits"),
                    (row + (phone_digits(row[5]),) for row in patients))
        insert_rows(cur, "admissions", ("id", "patient_id", "bed_id", "doctor_id",
                                        "prescription", "admitted_at", "discharged_at"),
                    admissions)
        insert_rows(cur, "appointments", ("id", "patient_id", "doctor_id", "starts_at",
                                          "duration_min", "status", "note"), appointments)
        insert_rows(cur, "billing", ("id", "patient_id", "amount_cents", "description",
                                     "status", "created_at", "paid_at"), invoices)
        insert_rows(cur, "resources", ("id", "name", "kind", "cost_per_slot", "active"),
                    resources)
        insert_rows(cur, "time_slots", ("id", "label", "starts_at", "ends_at", "demand",
                                        "skill_min"), slots)
        insert_planning_demo(cur, seed, b.stamp, patients, staff, resources, slots,
                             size.care_requests, balance=size.planning_days <= 7)
        today = now.replace(hour=0, minute=0, second=0, microsecond=0)
        insert_history_demo(cur, seed, [(w[0], kind) for w, (_n, kind) in
                                        zip(wards, size.wards, strict=True)], today.date())
        if size.admission_days:
            insert_admissions_demo(cur, seed, today, size.admission_days, beds, patients,
                                   staff, admissions, resources)
        audit = []
        if not _count(cur, "users"):
            cur.execute("INSERT INTO users (name, role, active, created_at) VALUES (?, ?, 1, ?)",
                        (owner, Role.ADMIN.value, b.stamp))
            audit.append(("add", "user", cur.lastrowid, f"{owner} as admin"))
        verb = "replaced the ward's records with" if replaced else "loaded"
        audit.append(("demo", "database", None,
                      f"{verb} the {size_name} demo (seed {seed}): {summary.line()}"))
        insert_rows(cur, "audit_log", ("at", "user", "action", "entity", "entity_id", "detail"),
                    [(b.stamp, user, *row) for row in audit])
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    finally:
        cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute("PRAGMA analysis_limit = 1000")
    cur.execute("ANALYZE")
    cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return summary
