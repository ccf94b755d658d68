"""The planning service on the demo ward: solve, keep, compare, diff, apply, and refuse."""

from __future__ import annotations

import pytest
from support.ward_checker import check_plan
from support.wards import connect

from hra_tui.services.errors import Invalid, NotAllowed, Refused
from hra_tui.services.planning.ward.records import PlanRequest
from hra_tui.services.ward import Ward
from hra_tui.solver.plan import Status
from hra_tui.solver.ward.instance import Toggles, Weights


@pytest.fixture
async def ward(demo_db):
    """The demo ward opened as its admin."""
    ward = await Ward.open(demo_db)
    yield ward
    await ward.close()


def rows(ward: Ward, sql: str) -> list[tuple]:
    with connect(ward.path) as conn:
        return conn.execute(sql).fetchall()


async def test_solve_keeps_a_plan_that_keeps_every_rule(ward):
    planning = ward.planning
    summary = await planning.solve(PlanRequest(horizon=3, time_limit=20))
    assert summary.status == Status.OPTIMAL
    assert summary.slots == 3 and summary.breakdown is not None
    detail = await planning.get(summary.id)
    assert check_plan(detail.instance, detail.plan) == []
    assert detail.instance.staff_names[0] == rows(ward, "SELECT name FROM staff "
                                                        "WHERE active ORDER BY id")[0][0]
    assert [p.id for p in await planning.list()] == [summary.id]
    assert rows(ward, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == [
        ("plan.solve",)]


async def test_apply_writes_roster_appointments_and_bookings_once(ward):
    planning = ward.planning
    summary = await planning.solve(PlanRequest(horizon=3, time_limit=20))
    diff = await planning.diff(summary.id)
    assert diff.blocked is None and diff.appointments and diff.roster
    detail = await planning.get(summary.id)
    on_duty = sum(map(sum, detail.plan.x))
    result = await planning.apply(summary.id)
    assert result.roster == len(diff.roster) == on_duty
    assert result.appointments == len(diff.appointments) == detail.summary.breakdown.served
    assert rows(ward, "SELECT count(*) FROM roster_entries") == [(on_duty,)]
    scheduled = rows(ward, "SELECT c.appointment_id, a.doctor_id, a.starts_at, c.slot_id "
                           "FROM care_requests c JOIN appointments a ON a.id = c.appointment_id "
                           "WHERE c.status = 'scheduled'")
    assert len(scheduled) == result.appointments
    for _appointment, doctor, _starts, slot in scheduled:  # served by someone on duty
        assert rows(ward, f"SELECT count(*) FROM roster_entries WHERE staff_id = {doctor} "
                          f"AND slot_id = {slot}") == [(1,)]
    first = diff.appointments[0]
    day = first.starts_at.astimezone().date()
    booked = await ward.appointments.on_day(day)
    assert any(a.patient_mrn == first.patient_mrn and a.starts_at == first.starts_at
               for a in booked)
    assert rows(ward, "SELECT count(*) FROM resource_bookings") == [(result.bookings,)]
    assert rows(ward, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == [
        ("plan.apply",)]
    with pytest.raises(Refused, match="was applied"):
        await planning.apply(summary.id)


async def test_the_roster_names_who_is_on_duty_next_then_now(ward):
    planning = ward.planning
    assert await ward.roster.on_duty() is None  # the demo ward has no roster yet
    summary = await planning.solve(PlanRequest(horizon=3, time_limit=20))
    await planning.apply(summary.id)
    detail = await planning.get(summary.id)
    shift = await ward.roster.on_duty()
    expected = {detail.instance.staff_names[i] for i, row in enumerate(detail.plan.x) if row[0]}
    assert {entry.split(" (")[0] for entry in shift.staff} == expected
    assert shift.label == detail.instance.slot_labels[0] and not shift.running
    during = await ward.roster.on_duty(shift.starts_at)
    assert during.running and during.staff == shift.staff
    assert await ward.roster.on_duty(shift.starts_at.replace(year=2100)) is None


async def test_apply_is_refused_when_the_records_changed(ward):
    planning = ward.planning
    summary = await planning.solve(PlanRequest(horizon=3, time_limit=20))
    with connect(ward.path) as conn:
        conn.execute("UPDATE care_requests SET urgency = 10 WHERE id = 1")
    assert "changed since plan" in (await planning.diff(summary.id)).blocked
    with pytest.raises(Refused, match="changed since plan"):
        await planning.apply(summary.id)
    assert rows(ward, "SELECT count(*) FROM roster_entries") == [(0,)]
    assert rows(ward, "SELECT count(*) FROM care_requests WHERE status = 'scheduled'") == [(0,)]


async def test_only_admins_apply_and_viewers_do_not_plan(ward):
    planning = ward.planning
    summary = await planning.solve(PlanRequest(horizon=2, time_limit=20))
    await ward.users.add("carla", "clerk")
    await ward.users.add("vic", "viewer")
    clerk = await Ward.open(ward.path, "carla")
    viewer = await Ward.open(ward.path, "vic")
    try:
        with pytest.raises(NotAllowed, match="only admins"):
            await clerk.planning.apply(summary.id)
        with pytest.raises(NotAllowed):
            await viewer.planning.prepare(PlanRequest(horizon=2))
    finally:
        await clerk.close()
        await viewer.close()
    assert rows(ward, "SELECT count(*) FROM roster_entries") == [(0,)]


async def test_bad_choices_get_one_line(ward):
    planning = ward.planning
    with pytest.raises(Invalid, match="horizon"):
        await planning.prepare(PlanRequest(horizon=0))
    with pytest.raises(Invalid, match="weight"):
        await planning.prepare(PlanRequest(weights=Weights(0, 0, 0)))
    with pytest.raises(Invalid, match="setting"):
        await planning.set_setting("nonsense", 3)


async def test_compare_two_plans_side_by_side(ward):
    planning = ward.planning
    a = await planning.solve(PlanRequest(horizon=3, time_limit=20))
    b = await planning.solve(PlanRequest(horizon=3, time_limit=20,
                                         weights=Weights(cost=1, waiting=0, quality=0),
                                         toggles=Toggles(overtime=False)))
    table = {row.label: (row.left, row.right) for row in
             (await planning.compare(a.id, b.id)).rows}
    assert table["Weights c/w/q"] == ("1/1/1", "1/0/0")
    assert table["Additions a/b/c"] == ("on/on/on", "on/on/off")
    assert int(table["Cost"][1].replace(",", "")) <= int(table["Cost"][0].replace(",", ""))


async def test_settings_shape_the_instance(ward):
    planning = ward.planning
    await planning.set_setting("patients_per_staff", 1)
    prepared = await planning.prepare(PlanRequest(horizon=2))
    assert prepared.instance.patients_per_staff == 1
    await planning.set_setting("patients_per_staff", None)
    assert (await planning.settings()).patients_per_staff == 4
