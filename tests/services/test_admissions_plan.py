"""The admissions planner on a ward imported from i01: a plan from the records is feasible,
apply writes it whole (reservations, theatre bookings, nurse rooms) in one transaction, keeps
each patient in one bed and never two in one bed, and is refused when the records changed."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.data import IHTC
from support.wards import as_template, connect, dump, fresh_ward

from hra_tui.services.errors import Refused
from hra_tui.services.planning.intake import planner as admissions_plan
from hra_tui.services.planning.intake.problem import import_problem
from hra_tui.services.ward import Ward
from hra_tui.solver.ihtc import Problem, check, load_problem
from hra_tui.solver.ihtc.solution import Admission, Solution

STARTS = datetime(2026, 12, 1, tzinfo=UTC)
MOVES = 20_000  # a move budget, so every run is the same plan


async def _import(path: Path) -> None:
    ward = await Ward.open(path, create=True)
    try:
        source = IHTC / "i01.json"
        await import_problem(ward.context, load_problem(source),
                             json.loads(source.read_text()), STARTS, "Surgical")
    finally:
        await ward.close()


@pytest.fixture(scope="module")
def _i01_template(tmp_path_factory, _server) -> Path | str:
    path = tmp_path_factory.mktemp("i01") / "ward.db"
    asyncio.run(_import(path))
    return as_template(_server, path, "tpl_i01") if _server is not None else path


@pytest.fixture
async def i01(_i01_template, _server, request, tmp_path):
    path = fresh_ward(_i01_template, _server, request, tmp_path)
    ward = await Ward.open(path)
    try:
        yield ward, path
    finally:
        await ward.close()


def _rows(path: Path, sql: str) -> list[tuple]:
    with connect(path) as conn:
        return conn.execute(sql).fetchall()


def _dump(path) -> list[str]:
    return dump(path)


async def test_plan_then_apply_writes_the_whole_plan(i01):
    ward, path = i01
    plan = await ward.admissions.plan(60, iterations=MOVES, seed=0)
    assert plan.check.feasible
    applied = await ward.admissions.apply(plan)
    assert (applied.reservations, applied.surgeries) == (plan.admitted, plan.admitted)
    assert applied.nurse_rooms == sum(len(a.rooms) for n in plan.solution.nurses
                                      for a in n.assignments)
    # Every admitted patient holds one bed of the planned room from the planned day.
    held = {code: (room, day, nights, bed) for code, room, day, nights, bed in _rows(path, """
        SELECT r.code, b.room, v.day, v.nights, b.id FROM bed_reservations v
        JOIN admission_requests r ON r.id = v.request_id JOIN beds b ON b.id = v.bed_id""")}
    for admission in plan.solution.admissions:
        if admission.day is not None:
            assert held[admission.patient][:2] == (admission.room, admission.day)
    # No two people in one bed on one day, counting those already in the beds.
    nights: dict[int, list[tuple[int, int]]] = {}
    for bed, stay in _rows(path, """
            SELECT a.bed_id, r.length_of_stay FROM admissions a JOIN admission_requests r
            ON r.patient_id = a.patient_id WHERE a.discharged_at IS NULL"""):
        nights.setdefault(bed, []).append((0, stay))
    for _room, day, stay, bed in held.values():
        nights.setdefault(bed, []).append((day, day + stay))
    for spans in nights.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    # The plan as stored checks feasible with the same cost; the audit names it.
    stored, cost = _rows(path, "SELECT solution, cost FROM admission_plans")[0]
    problem = Problem.from_json(json.loads((IHTC / "i01.json").read_text()))
    if isinstance(stored, str):  # SQLite's JSON is text; PostgreSQL's comes back parsed
        stored = json.loads(stored)
    again = check(problem, Solution.from_json(stored))
    assert again.feasible and again.total_cost == cost == plan.check.total_cost
    assert _rows(path, "SELECT count(*) FROM theatre_bookings")[0][0] == plan.admitted
    assert _rows(path, "SELECT count(*) FROM audit_log WHERE action = 'admissions.apply'"
                 ) == [(1,)]


async def test_a_patients_record_shows_their_planned_admission(i01):
    ward, path = i01
    plan = await ward.admissions.plan(60, iterations=MOVES, seed=0)
    await ward.admissions.apply(plan)
    admission = next(a for a in plan.solution.admissions if a.day is not None)
    [(mrn,)] = _rows(path, "SELECT p.mrn FROM admission_requests r JOIN patients p "
                           f"ON p.id = r.patient_id WHERE r.code = '{admission.patient}'")
    planned = (await ward.patients.get(mrn)).planned
    starts_on = plan.prepared.starts_on
    assert planned is not None
    assert (planned.room, planned.arrives) == (admission.room,
                                               starts_on + timedelta(days=admission.day))
    assert planned.theatre is not None and planned.minutes > 0
    unplanned = next(a for a in plan.solution.admissions if a.day is None)
    [(other,)] = _rows(path, "SELECT p.mrn FROM admission_requests r JOIN patients p "
                             f"ON p.id = r.patient_id WHERE r.code = '{unplanned.patient}'")
    assert (await ward.patients.get(other)).planned is None


async def test_applying_again_replaces_the_plan_in_force(i01):
    ward, path = i01
    first = await ward.admissions.apply(await ward.admissions.plan(60, iterations=MOVES))
    second = await ward.admissions.apply(await ward.admissions.plan(60, iterations=MOVES,
                                                                     seed=1))
    assert second.replaced == first.plan_id
    assert _rows(path, "SELECT DISTINCT plan_id FROM bed_reservations") == [(second.plan_id,)]
    assert (await ward.admissions.in_force())[0] == second.plan_id


async def test_apply_is_refused_when_the_records_changed(i01):
    ward, path = i01
    plan = await ward.admissions.plan(60, iterations=MOVES)
    with connect(path) as conn:
        conn.execute("UPDATE nurse_shifts SET max_load = max_load + 1 WHERE id = 1")
    before = _dump(path)
    with pytest.raises(Refused, match="changed since this plan was made"):
        await ward.admissions.apply(plan)
    assert _dump(path) == before


async def test_an_infeasible_plan_is_refused(i01):
    ward, path = i01
    plan = await ward.admissions.plan(60, iterations=MOVES)
    room, theatre = plan.problem.rooms[0].id, plan.problem.theaters[0].id
    crowded = Solution(tuple(Admission(a.patient, 0, room, theatre)  # all in one room at once
                             for a in plan.solution.admissions), plan.solution.nurses)
    bad = admissions_plan.AdmissionsPlan(plan.prepared, crowded, check(plan.problem, crowded),
                                         0.0, 0)
    before = _dump(path)
    with pytest.raises(Refused, match="hard rule"):
        await ward.admissions.apply(bad)
    assert _dump(path) == before


async def test_apply_is_one_transaction(i01, monkeypatch):
    """A write failing at the last table leaves the plan in force as it was, whole."""
    ward, path = i01
    await ward.admissions.apply(await ward.admissions.plan(60, iterations=MOVES))
    before = _dump(path)
    plan = await ward.admissions.plan(60, iterations=MOVES, seed=1)
    real = admissions_plan._writes

    async def clashing(conn, plan):
        writes = await real(conn, plan)
        writes.nurse_rooms.append(dict(writes.nurse_rooms[0]))  # one room-shift twice
        return writes

    monkeypatch.setattr(admissions_plan, "_writes", clashing)
    with pytest.raises(Exception, match="(?i)unique"):
        await ward.admissions.apply(plan)
    assert _dump(path) == before


async def test_bad_limits_are_refused_in_words(i01):
    ward, _ = i01
    with pytest.raises(Refused, match="time limit"):
        await ward.admissions.plan(0)
    with pytest.raises(Refused, match="move budget"):
        await ward.admissions.plan(5, iterations=0)


async def test_a_ward_without_a_horizon_is_refused(ward):
    with pytest.raises(Refused, match="no admissions-planning horizon"):
        await ward.admissions.plan(5, iterations=10)
