"""Applied plans book visits inside clinic hours and never hold a resource beyond what it
serves at once; the model gives night shifts no visits and counts each doctor's minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.ward_checker import check_plan
from support.wards import connect

from db.time_codec import parse_sql_time
from hra_tui.services.planning.ward.records import PlanRequest
from hra_tui.solver.ward.build import PlanSettings, RequestSpec, SlotSpec, StaffSpec, ward_instance
from hra_tui.solver.ward.model import solve_ward


@pytest.fixture
def ward(demo_ward):
    """These tests plan the demo ward, which has slots, staff and care requests."""
    return demo_ward


async def test_applied_visits_fall_in_clinic_hours_and_resources_never_overlap(ward):
    with connect(ward.path) as conn:  # every request needs the one CT scanner
        (ct,), = conn.execute("SELECT id FROM resources WHERE name = 'CT scanner'")
        conn.execute("UPDATE care_requests SET resource_id = ?, earliest_slot_id = NULL", (ct,))
        conn.execute("UPDATE settings SET value = 1 WHERE key = 'resource_capacity'")
    planning = ward.planning
    summary = await planning.solve(PlanRequest(horizon=6, time_limit=20))
    detail = await planning.get(summary.id)
    assert check_plan(detail.instance, detail.plan) == []
    result = await planning.apply(summary.id)
    assert result.appointments > 1
    with connect(ward.path) as conn:
        rows = conn.execute("SELECT a.starts_at, a.duration_min FROM resource_bookings b "
                            "JOIN care_requests c ON c.id = b.care_request_id "
                            "JOIN appointments a ON a.id = c.appointment_id "
                            "WHERE b.resource_id = ? ORDER BY a.starts_at", (ct,)).fetchall()
    spans = [(parse_sql_time(s), parse_sql_time(s) + timedelta(minutes=m)) for s, m in rows]
    assert len(spans) == result.bookings
    for (_a, end), (start, _b) in zip(spans, spans[1:], strict=False):
        assert end <= start  # one CT scanner: one visit at a time
    with connect(ward.path) as conn:
        planned = conn.execute("SELECT a.starts_at, a.duration_min FROM care_requests c "
                               "JOIN appointments a ON a.id = c.appointment_id").fetchall()
    for text, minutes in planned:
        local = parse_sql_time(text).astimezone()
        assert 8 * 60 <= local.hour * 60 + local.minute
        assert local.hour * 60 + local.minute + minutes <= 18 * 60


def test_no_visits_in_a_night_shift_and_minutes_per_doctor_count():
    """A cheap night (no clinic hours) draws every visit in a model without clinic hours."""
    doctor = [StaffSpec("doctor", 4, 3, 1, 1)]
    night = SlotSpec("night", 1, start=23 * 60, clinic=0)
    day = SlotSpec("day", 1, start=31 * 60, clinic=120)
    care = [RequestSpec(f"P{p}", urgency=5, minutes=60) for p in range(3)]
    untimed = ward_instance("untimed", doctor, [SlotSpec("night", 1), SlotSpec("day", 1)],
                            care, [], settings=PlanSettings(patients_per_staff=4))
    assert sum(row[0] for row in solve_ward(untimed, time_limit=20).y) == 3
    inst = ward_instance("clinic", doctor, [night, day], care, [],
                         settings=PlanSettings(patients_per_staff=4))
    plan = solve_ward(inst, time_limit=20)
    assert check_plan(inst, plan) == []
    assert sum(row[0] for row in plan.y) == 0  # nobody at night
    assert sum(row[1] for row in plan.y) == 2  # 120 clinic minutes: two 60-minute visits
