"""Plan the ward's admissions (IHTC-2024) from its records, and apply a plan.

`prepare` (async) reads the problem as the records hold it, with a fingerprint of it;
`solve_prepared` (CPU work, in whatever thread the caller picks: a Textual thread worker, or
`asyncio.to_thread` in `plan`) runs the annealing under a time limit or a move budget, with a
stop and a progress callback, and checks the plan with the competition's checker. `apply`
writes a plan in one audited transaction: a bed reservation per admitted patient (one bed of
the planned room for the whole stay), a theatre booking per surgery and the nurse rooms of
every shift, replacing the rows of the plan applied before. It is refused, with nothing
written, when the problem's records changed since the solve or the plan breaks a hard rule.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select

from db import tables as t
from hra_tui.domain import RequestKind, Role
from hra_tui.services.context import Context
from hra_tui.services.errors import Invalid, Refused
from hra_tui.services.planning.intake.hold import Hold, hold_for
from hra_tui.services.planning.intake.problem import read_document, read_horizon
from hra_tui.services.roles import require
from hra_tui.services.times import utcnow
from hra_tui.services.validation import check_time_limit
from hra_tui.solver.ihtc import CheckResult, Problem, ProblemError, Solution, check

if TYPE_CHECKING:
    from hra_tui.solver.ihtc.replan import Reference
    from hra_tui.solver.signals import ProgressCallback, StopSignal


@dataclass(frozen=True)
class PreparedAdmissions:
    """The problem as the records held it when read, with the beds held for emergencies,
    and the records' fingerprint (the hold, the forecast's, is not part of it)."""

    problem: Problem
    fingerprint: str
    starts_on: datetime
    names: dict[str, str]  # a patient's request code (the problem's id) -> their name
    hold: Hold = Hold(0, ())

    def name(self, code: str) -> str:
        return self.names.get(code, code)


@dataclass(frozen=True)
class AdmissionsPlan:
    """A solved plan, its check (S1-S8 costs, H1-H8 violations) and what it was solved from."""

    prepared: PreparedAdmissions
    solution: Solution
    check: CheckResult
    seconds: float
    moves: int

    @property
    def problem(self) -> Problem:
        return self.prepared.problem

    @property
    def admitted(self) -> int:
        return sum(a.day is not None for a in self.solution.admissions)


@dataclass(frozen=True)
class AppliedAdmissions:
    plan_id: int
    reservations: int
    surgeries: int
    nurse_rooms: int
    replaced: int | None  # the plan in force before, whose rows this one replaced


def fingerprint(document: dict, starts_on: datetime) -> str:
    """What a plan was solved from, as one hash: the problem and the horizon's first day."""
    text = json.dumps(document, sort_keys=True) + starts_on.isoformat()
    return hashlib.sha256(text.encode()).hexdigest()


def check_limits(time_limit: float, iterations: int | None) -> None:
    """One clear line for a bad time limit or move budget, before anything is read."""
    check_time_limit(time_limit)
    if iterations is not None and iterations < 1:
        raise Invalid("The move budget must be a whole number of at least 1")


def solve_prepared(prepared: PreparedAdmissions, time_limit: float, *,
                   iterations: int | None = None, seed: int = 0,
                   stop: StopSignal | None = None,
                   on_progress: ProgressCallback | None = None,
                   reference: Reference | None = None) -> AdmissionsPlan:
    """Solve and check (blocking: run it in a thread); a `stop` ends it with the best plan.
    `reference`, the plan in force, makes it a re-plan (`replan.py`)."""
    from hra_tui.solver.ihtc.solver import solve  # loaded on the first plan, not at start

    result = solve(prepared.problem, time_limit, seed, iterations, stop,
                   on_progress=on_progress, reference=reference)
    return AdmissionsPlan(prepared, result.solution, check(prepared.problem, result.solution),
                          result.seconds, result.patient_moves + result.nurse_moves)


class AdmissionsPlanner:
    """The ward's admissions planner; opened once per ward as `ward.admissions`."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def prepare(self, hold: int | None = None) -> PreparedAdmissions:
        """Read the problem, holding beds for emergencies at the `hold` level (80 or 95; 0
        none; None the ward's forecast_hold setting)."""
        require(self._ctx.actor, Role.CLERK, "plan admissions")
        async with self._ctx.read() as conn:
            async with conn.begin():
                horizon = await read_horizon(conn)
                document = await read_document(conn)
                r = t.admission_requests
                names = dict((await conn.execute(
                    select(r.c.code, t.patients.c.name)
                    .join(t.patients, t.patients.c.id == r.c.patient_id))).all())
                held, beds = await hold_for(conn, document, horizon.starts_on, hold)
        try:
            problem = Problem.from_json(held, name=horizon.name or "ward")
        except ProblemError as exc:
            raise Refused(f"The ward's admissions records do not make a plannable problem: "
                          f"{exc}") from None
        return PreparedAdmissions(problem, fingerprint(document, horizon.starts_on),
                                  horizon.starts_on, names, beds)

    async def plan(self, time_limit: float, *, iterations: int | None = None, seed: int = 0,
                   stop: StopSignal | None = None,
                   on_progress: ProgressCallback | None = None,
                   hold: int | None = None) -> AdmissionsPlan:
        """Read, then solve in a worker thread: the one call of the command line and the
        console. `on_progress` is called from the solver's thread; `hold` as `prepare`."""
        check_limits(time_limit, iterations)
        prepared = await self.prepare(hold)
        return await asyncio.to_thread(solve_prepared, prepared, time_limit,
                                       iterations=iterations, seed=seed, stop=stop,
                                       on_progress=on_progress)

    async def in_force(self) -> tuple[int, datetime, str, int] | None:
        """(id, when, by whom, cost) of the plan applied last, if any."""
        async with self._ctx.read() as conn:
            row = (await conn.execute(
                select(t.admission_plans.c.id, t.admission_plans.c.applied_at,
                       t.admission_plans.c.applied_by, t.admission_plans.c.cost)
                .order_by(t.admission_plans.c.id.desc()).limit(1))).first()
        return tuple(row) if row else None

    async def apply(self, plan: AdmissionsPlan, *, replaces: int | None = None,
                    note: str = "") -> AppliedAdmissions:
        """Write the plan's bed reservations, theatre bookings and nurse rooms in one audited
        transaction, replacing those of the plan in force. `replaces` (a re-plan's) refuses
        it unless that plan is still the one in force; `note` ends the audit line."""
        if not plan.check.feasible:
            raise Refused(f"This plan breaks {plan.check.total_violations} hard rule(s) (see "
                          "the check); it cannot be applied")
        async with self._ctx.write(Role.ADMIN, "apply admission plans") as tx:
            conn = tx.conn
            horizon = await read_horizon(conn)
            if fingerprint(await read_document(conn), horizon.starts_on) != \
                    plan.prepared.fingerprint:
                raise Refused("The ward's admissions records changed since this plan was made "
                              "(patients, beds, staff, theatres or shifts); plan again")
            replaced = (await conn.execute(select(func.max(t.admission_plans.c.id)))
                        ).scalar_one()
            if replaces is not None and replaced != replaces:
                raise Refused(f"Plan {replaced} was applied since this re-plan of plan "
                              f"{replaces} was made; re-plan again")
            writes = await _writes(conn, plan)
            for table in (t.bed_reservations, t.theatre_bookings, t.nurse_rooms):
                await conn.execute(delete(table))
            plan_id = (await conn.execute(insert(t.admission_plans).values(
                applied_at=utcnow(), applied_by=tx.actor.name,
                fingerprint=plan.prepared.fingerprint, cost=plan.check.total_cost,
                costs=[term.cost for term in plan.check.soft],
                solution=plan.solution.to_json()))).inserted_primary_key[0]
            for table, rows in ((t.bed_reservations, writes.reservations),
                                (t.theatre_bookings, writes.surgeries),
                                (t.nurse_rooms, writes.nurse_rooms)):
                if rows:
                    await conn.execute(insert(table), [{**row, "plan_id": plan_id}
                                                       for row in rows])
            await tx.audit("admissions.apply", "admission plan", plan_id, (
                f"cost {plan.check.total_cost}: {len(writes.reservations)} bed reservations, "
                f"{len(writes.surgeries)} theatre bookings, {len(writes.nurse_rooms)} nurse "
                "rooms" + (f", replacing plan {replaced}" if replaced else "")
                + (f"; {note}" if note else "")))
        return AppliedAdmissions(plan_id, len(writes.reservations), len(writes.surgeries),
                                 len(writes.nurse_rooms), replaced)


@dataclass
class _Writes:
    reservations: list[dict]
    surgeries: list[dict]
    nurse_rooms: list[dict]


async def _writes(conn, plan: AdmissionsPlan) -> _Writes:
    """The rows the plan writes, by database id, with each admitted patient's bed."""
    requests = {row.code: row for row in await conn.execute(
        select(t.admission_requests.c.id, t.admission_requests.c.code,
               t.admission_requests.c.patient_id, t.admission_requests.c.surgeon_id,
               t.admission_requests.c.length_of_stay, t.admission_requests.c.surgery_minutes)
        .where(t.admission_requests.c.kind == RequestKind.PATIENT.value))}
    theatres = dict((await conn.execute(
        select(t.resources.c.name, t.resources.c.id)
        .where(t.resources.c.id.in_(select(t.theatre_days.c.resource_id))))).all())
    nurses = dict((await conn.execute(
        select(t.staff.c.name, t.staff.c.id)
        .where(t.staff.c.id.in_(select(t.nurse_shifts.c.staff_id))))).all())
    beds = await _beds_by_room(conn)
    stays = sorted((a.day, a.patient, a) for a in plan.solution.admissions if a.day is not None)
    reservations, surgeries = [], []
    for day, code, admission in stays:
        request = requests[code]
        bed = _free_bed(beds.get(admission.room, []), day)
        if bed is None:
            raise Refused(f"No bed of room {admission.room} is free from day {day} for "
                          f"{code}: a bed there is held outside the plan; plan again")
        bed[1] = day + request.length_of_stay
        reservations.append({"request_id": request.id, "patient_id": request.patient_id,
                             "bed_id": bed[0], "day": day,
                             "nights": request.length_of_stay})
        surgeries.append({"request_id": request.id, "resource_id": theatres[admission.theater],
                          "surgeon_id": request.surgeon_id, "day": day,
                          "minutes": request.surgery_minutes})
    nurse_rooms = [{"staff_id": nurses[roster.nurse], "day": a.day, "shift": a.shift,
                    "room": room}
                   for roster in plan.solution.nurses for a in roster.assignments
                   for room in a.rooms]
    return _Writes(reservations, surgeries, nurse_rooms)


async def _beds_by_room(conn) -> dict[str, list[list[int]]]:
    """Every room's beds as [bed id, first day it is free]: an occupant (someone admitted with
    an occupant's request) holds their bed for their stay, anyone else in a bed holds it for
    good (no day of theirs is in the problem)."""
    rows = await conn.execute(
        select(t.beds.c.id, t.beds.c.room, t.admission_requests.c.length_of_stay,
               t.admissions.c.id.label("stay"))
        .outerjoin(t.admissions, (t.admissions.c.bed_id == t.beds.c.id)
                   & t.admissions.c.discharged_at.is_(None))
        .outerjoin(t.admission_requests,
                   (t.admission_requests.c.patient_id == t.admissions.c.patient_id)
                   & (t.admission_requests.c.kind == RequestKind.OCCUPANT.value))
        .where(t.beds.c.active, t.beds.c.room != "").order_by(t.beds.c.id))
    beds: dict[str, list[list[int]]] = {}
    for bed_id, room, stay_days, stay in rows:
        free_from = 0 if stay is None else stay_days if stay_days is not None else 1 << 30
        beds.setdefault(room, []).append([bed_id, free_from])
    return beds


def _free_bed(beds: list[list[int]], day: int) -> list[int] | None:
    """The first bed free from `day`. Taking admissions in day order, a room never lacks one
    while the plan keeps its capacity: every bed busy on `day` holds someone counted then."""
    return next((bed for bed in beds if bed[1] <= day), None)
