"""The ward's admissions-planning problem (IHTC-2024) as records, in and out.

`import_problem` turns a competition instance into a ward's records in one audited
transaction: rooms become beds sharing a room code, surgeons and nurses become staff, theatres
become resources, every patient (to admit, or already in a bed) becomes a patient with an
admission request, occupants are admitted into a bed of their room. `problem_document` reads
the records back as the competition's JSON, so `hra ihtc export` then `hra ihtc solve` plans
the ward as it stands (an occupant discharged since is no longer in the problem; a closed
theatre, an absent surgeon or nurse loses what their event overlaps: `intake/events.py`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select

from db import tables as t
from hra_tui.domain import BedStatus, BedType, RequestKind, Role, StaffRole
from hra_tui.fields import SKILL
from hra_tui.services.context import Context
from hra_tui.services.csv.file_fields import parse_label
from hra_tui.services.errors import Invalid, Refused
from hra_tui.services.mrn import mrn_of, next_number
from hra_tui.services.planning.intake.events import read_events, take_events
from hra_tui.services.times import utcnow
from hra_tui.solver.ihtc.problem import WEIGHT_KEYS, Problem

# The competition's two genders, as the ward records them (F/M/X: X has no IHTC code).
TO_GENDER = {"A": "F", "B": "M"}
FROM_GENDER = {ward: ihtc for ihtc, ward in TO_GENDER.items()}
THEATRE = "theatre"


def age_of(group: int, groups: int) -> int:
    """A representative age for an age group (youngest first), for the patient record."""
    return round(90 * (group + 0.5) / groups)


async def import_problem(ctx: Context, problem: Problem, document: dict[str, Any],
                         starts_on: datetime, ward_name: str) -> dict[str, int]:
    """Write the problem as the ward's records; refused unless the ward is still empty."""
    _fits_the_ward(problem)
    async with ctx.write(Role.ADMIN, "import an admissions problem") as tx:
        conn = tx.conn
        held = (await conn.execute(select(func.count()).select_from(t.patients))).scalar_one()
        if held or (await conn.execute(select(t.planning_horizon.c.id))).first():
            raise Refused("This ward database already holds patients or a planning horizon; "
                          "import an instance into a new database (--db NEW.db)")
        now = utcnow()
        ward_id = (await conn.execute(insert(t.wards).values(
            name=ward_name, active=True))).inserted_primary_key[0]
        bed_of_room: dict[str, list[int]] = {}
        for room in problem.rooms:
            bed_of_room[room.id] = []
            for place in range(room.capacity):
                bed = await conn.execute(insert(t.beds).values(
                    ward_id=ward_id, label=_label(room.id, place), room=room.id,
                    type=BedType.GENERAL.value, status=BedStatus.FREE.value,
                    status_since=now, note="", active=True))
                bed_of_room[room.id].append(bed.inserted_primary_key[0])
        staff_ids = {}
        for surgeon in problem.surgeons:
            staff_ids[surgeon.id] = await _staff(tx, surgeon.id, StaffRole.SURGEON, 3)
            for day, minutes in enumerate(surgeon.max_surgery_time):
                await conn.execute(insert(t.surgeon_days).values(
                    staff_id=staff_ids[surgeon.id], day=day, minutes=minutes))
        for nurse in problem.nurses:
            staff_id = await _staff(tx, nurse.id, StaffRole.NURSE, nurse.skill_level + 1)
            for shift in nurse.working_shifts:
                day, kind = divmod(shift, problem.shifts_per_day)
                await conn.execute(insert(t.nurse_shifts).values(
                    staff_id=staff_id, day=day, shift=problem.shift_types[kind],
                    max_load=nurse.max_load[shift]))
        for theatre in problem.theaters:
            resource_id = (await conn.execute(insert(t.resources).values(
                name=theatre.id, kind=THEATRE, cost_per_slot=0, active=True))
            ).inserted_primary_key[0]
            for day, minutes in enumerate(theatre.availability):
                await conn.execute(insert(t.theatre_days).values(
                    resource_id=resource_id, day=day, minutes=minutes))
        # Patients and their requests in one statement each, not one per patient: a large
        # instance imports in seconds.
        number = await next_number(tx)
        entries = [(entry, RequestKind.OCCUPANT, None) for entry in document["occupants"]]
        entries += [(entry, RequestKind.PATIENT, staff_ids[entry["surgeon_id"]])
                    for entry in document["patients"]]
        mrns = [mrn_of(number + k) for k in range(len(entries))]
        await conn.execute(insert(t.patients), [
            _patient_row(mrn, entry, problem, now)
            for mrn, (entry, _kind, _surgeon) in zip(mrns, entries, strict=True)])
        id_of = dict((await conn.execute(select(t.patients.c.mrn, t.patients.c.id))).all())
        patient_ids = [id_of[mrn] for mrn in mrns]  # the ward held no patients before
        await conn.execute(insert(t.admission_requests), [
            _request_row(entry, patient_id, kind, surgeon)
            for (entry, kind, surgeon), patient_id in zip(entries, patient_ids, strict=True)])
        for occupant, patient_id in zip(document["occupants"], patient_ids, strict=False):
            bed_id = bed_of_room[occupant["room_id"]].pop(0)
            await conn.execute(insert(t.admissions).values(
                patient_id=patient_id, bed_id=bed_id, admitted_at=now, prescription=""))
            await conn.execute(t.beds.update().where(t.beds.c.id == bed_id).values(
                status=BedStatus.OCCUPIED.value, status_since=now))
        await conn.execute(insert(t.planning_horizon).values(
            id=1, name=problem.name, starts_on=starts_on, days=problem.days,
            skill_levels=problem.skill_levels, shift_types=list(problem.shift_types),
            age_groups=list(problem.age_groups),
            weights=dict(zip(WEIGHT_KEYS, problem.weights.as_tuple(), strict=True))))
        counts = {"rooms": len(problem.rooms), "patients": len(problem.patients),
                  "occupants": len(problem.occupants), "nurses": len(problem.nurses),
                  "surgeons": len(problem.surgeons), "theatres": len(problem.theaters)}
        await tx.audit("import", "admissions problem", None, f"{problem.name}: " + ", ".join(
            f"{n} {what}" for what, n in counts.items()))
    return counts


def _fits_the_ward(problem: Problem) -> None:
    """The ward's records hold skills 1 to SKILL.high (a competition level + 1): an instance
    beyond them is refused in words before anything is written."""
    if problem.skill_levels > SKILL.high:
        raise Invalid(f"{problem.name}: {problem.skill_levels} skill levels; the ward records "
                      f"at most {SKILL.high}")
    for nurse in problem.nurses:
        if nurse.skill_level + 1 > SKILL.high:
            raise Invalid(f"{problem.name}: nurse {nurse.id} has skill level "
                          f"{nurse.skill_level}; the ward records levels 0 to {SKILL.high - 1}")


def _label(room: str, place: int) -> str:
    """The bed's label by the ward's label rule: the room's code and the bed's place in it."""
    try:
        return parse_label(f"{room}-{place + 1}")
    except Invalid:
        raise Refused(f"Room {room!r} cannot name beds (letters, digits and '-', up to 12 "
                      "with the bed's number)") from None


async def _staff(tx, name: str, role: StaffRole, skill: int) -> int:
    result = await tx.conn.execute(insert(t.staff).values(
        name=name, role=role.value, specialization="", phone="", skill=skill, max_slots=0,
        cost_per_slot=0, overtime_cost=0, active=True))
    return result.inserted_primary_key[0]


def _patient_row(mrn: str, entry: dict[str, Any], problem: Problem,
                 now: datetime) -> dict[str, Any]:
    group = problem.age_groups.index(entry["age_group"])
    return dict(mrn=mrn, name=entry["id"], age=age_of(group, len(problem.age_groups)),
                gender=TO_GENDER[entry["gender"]], phone="", phone_digits="", address="",
                registered_at=now, active=True)


def _request_row(entry: dict[str, Any], patient_id: int, kind: RequestKind,
                 surgeon_id: int | None) -> dict[str, Any]:
    return dict(
        code=entry["id"], kind=kind.value, patient_id=patient_id,
        mandatory=entry.get("mandatory", True), age_group=entry["age_group"],
        length_of_stay=entry["length_of_stay"], release_day=entry.get("surgery_release_day", 0),
        due_day=entry.get("surgery_due_day"), surgery_minutes=entry.get("surgery_duration", 0),
        surgeon_id=surgeon_id, room=entry.get("room_id"),
        incompatible_rooms=entry.get("incompatible_room_ids", []),
        workload=entry["workload_produced"], skill_required=entry["skill_level_required"])


async def problem_document(ctx: Context) -> dict[str, Any]:
    """The ward's admissions problem in the competition's instance format."""
    async with ctx.read() as conn:
        return await read_document(conn)


async def read_horizon(conn):
    """The planning horizon's row; refused when the ward has none."""
    horizon = (await conn.execute(select(t.planning_horizon))).first()
    if horizon is None:
        raise Refused("This ward has no admissions-planning horizon; import one with "
                      "hra ihtc import INSTANCE.json")
    return horizon


async def read_document(conn) -> dict[str, Any]:
    """`problem_document` on an open connection (a caller's transaction, e.g. applying)."""
    horizon = await read_horizon(conn)
    rooms: dict[str, int] = defaultdict(int)
    for (room,) in await conn.execute(
            select(t.beds.c.room).where(t.beds.c.active, t.beds.c.room != "")
            .order_by(t.beds.c.id)):
        rooms[room] += 1
    in_room = dict((await conn.execute(
        select(t.admissions.c.patient_id, t.beds.c.room)
        .join(t.beds, t.beds.c.id == t.admissions.c.bed_id)
        .where(t.admissions.c.discharged_at.is_(None)))).all())
    requests = (await conn.execute(
        select(t.admission_requests, t.patients.c.gender, t.staff.c.name.label("surgeon"))
        .join(t.patients, t.patients.c.id == t.admission_requests.c.patient_id)
        .outerjoin(t.staff, t.staff.c.id == t.admission_requests.c.surgeon_id)
        .order_by(t.admission_requests.c.id))).all()
    surgeons = await _per_day(conn, t.surgeon_days, t.surgeon_days.c.staff_id,
                              t.surgeon_days.c.minutes, t.staff, horizon.days)
    theatres = await _per_day(conn, t.theatre_days, t.theatre_days.c.resource_id,
                              t.theatre_days.c.minutes, t.resources, horizon.days)
    shifts = (await conn.execute(
        select(t.staff.c.id, t.staff.c.name, t.staff.c.skill, t.nurse_shifts.c.day,
               t.nurse_shifts.c.shift, t.nurse_shifts.c.max_load)
        .join(t.staff, t.staff.c.id == t.nurse_shifts.c.staff_id))).all()
    order = {name: k for k, name in enumerate(horizon.shift_types)}
    nurses: dict[str, dict[str, Any]] = {}
    for _, name, skill, day, shift, load in sorted(
            shifts, key=lambda row: (row.id, row.day, order[row.shift])):
        nurse = nurses.setdefault(name, {"id": name, "skill_level": skill - 1,
                                         "working_shifts": []})
        nurse["working_shifts"].append({"day": day, "shift": shift, "max_load": load})
    occupants, patients = [], []
    for r in requests:
        gender = FROM_GENDER.get(r.gender)
        if gender is None:
            raise Refused(f"Patient {r.code} is recorded with sex {r.gender}; the IHTC format "
                          "knows two (F as A, M as B)")
        if r.kind == RequestKind.OCCUPANT:
            if r.patient_id not in in_room:
                continue  # discharged since: no longer in a room
            occupants.append({
                "id": r.code, "gender": gender, "age_group": r.age_group,
                "length_of_stay": r.length_of_stay, "workload_produced": r.workload,
                "skill_level_required": r.skill_required,
                "room_id": in_room[r.patient_id] or r.room})
            continue
        entry: dict[str, Any] = {
            "id": r.code, "mandatory": r.mandatory, "gender": gender, "age_group": r.age_group,
            "length_of_stay": r.length_of_stay, "surgery_release_day": r.release_day}
        if r.due_day is not None:
            entry["surgery_due_day"] = r.due_day
        entry.update({"surgery_duration": r.surgery_minutes, "surgeon_id": r.surgeon,
                      "incompatible_room_ids": r.incompatible_rooms,
                      "workload_produced": r.workload, "skill_level_required": r.skill_required})
        patients.append(entry)
    document = {
        "days": horizon.days, "skill_levels": horizon.skill_levels,
        "shift_types": horizon.shift_types, "age_groups": horizon.age_groups,
        "weights": horizon.weights, "occupants": occupants, "patients": patients,
        "surgeons": [{"id": name, "max_surgery_time": days} for name, days in surgeons],
        "operating_theaters": [{"id": name, "availability": days} for name, days in theatres],
        "rooms": [{"id": room, "capacity": capacity} for room, capacity in rooms.items()],
        "nurses": list(nurses.values()),
    }
    events = await read_events(conn, horizon.starts_on, horizon.days)
    return take_events(document, horizon.starts_on, events)  # absences, closures


async def _per_day(conn, table, owner, amount, owners, days: int) -> list[tuple[str, list[int]]]:
    """(name, minutes per day) for every owner (surgeon, theatre) with per-day rows."""
    rows = (await conn.execute(
        select(owners.c.name, table.c.day, amount).join(owners, owners.c.id == owner)
        .order_by(owners.c.id, table.c.day))).all()
    found: dict[str, list[int]] = {}
    for name, day, minutes in rows:
        found.setdefault(name, [0] * days)[day] = minutes
    return list(found.items())
