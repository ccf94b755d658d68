"""Re-planning the demo ward from now, through the planning service as the console and the CLI
drive it: the plan in force applied the day before, the clock inside its first shift, a nurse
entered absent for all of tomorrow."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from support.ward_checker import check_plan
from support.wards import connect

from db.time_codec import parse_sql_time
from hra_tui.services.errors import Refused
from hra_tui.services.plain_records import EventForm
from hra_tui.services.planning.ward.records import PlanRequest, ReplanRequest
from hra_tui.services.planning.ward.words import short_names
from hra_tui.services.ward import Ward
from hra_tui.solver.plan import Status

DAY = 24 * 60
REPLAN = ReplanRequest(time_limit=30)


@pytest.fixture
def ward(demo_ward):
    return demo_ward


def rows(ward: Ward, sql: str) -> list[tuple]:
    with connect(ward.path) as conn:
        return conn.execute(sql).fetchall()


async def in_force(ward: Ward) -> int:
    """The next 9 slots (from tomorrow's early shift) planned and applied."""
    plan = await ward.planning.solve(PlanRequest(horizon=9, time_limit=30))
    await ward.planning.apply(plan.id)
    return plan.id


async def nurse_absent_tomorrow(ward: Ward, plan_id: int) -> tuple[str, list[int]]:
    """The first nurse the plan in force has on duty tomorrow (the horizon's second day),
    entered absent all that day: (her name, the horizon's slots she loses)."""
    detail = await ward.planning.get(plan_id)
    inst, x = detail.instance, detail.plan.x
    tomorrow = [t for t in range(inst.T) if DAY <= inst.slot_start[t] < 2 * DAY]
    nurse = next(i for i in range(inst.N) if inst.role(i) == "nurse"
                 and any(x[i][t] for t in tomorrow))
    name = inst.staff_names[nurse]
    first = rows(ward, "SELECT starts_at FROM time_slots ORDER BY starts_at LIMIT 1")[0][0]
    midnight = parse_sql_time(first).replace(hour=0, minute=0) + timedelta(days=1)
    staff_id = rows(ward, f"SELECT id FROM staff WHERE name = '{name}'")[0][0]
    await ward.absences.add(staff_id, EventForm(midnight, midnight + timedelta(days=1), "sick"))
    return name, [t for t in tomorrow if x[nurse][t]]


async def test_a_nurse_absent_tomorrow_is_replanned_with_the_least_change(ward, now):
    plan_id = await in_force(ward)
    with time_machine.travel(now + timedelta(hours=25), tick=True):  # the early shift runs
        name, lost = await nurse_absent_tomorrow(ward, plan_id)
        stored = await ward.planning.replan(REPLAN)
        assert stored.status == Status.OPTIMAL
        detail = await ward.planning.get(stored.id)
        inst, replan = detail.instance, detail.plan
        assert inst.frozen == 1 and lost
        assert check_plan(inst, replan) == []  # every ward rule, the past, the absence
        nurse = inst.staff_names.index(name)
        assert not any(replan.x[nurse][t] for t in lost)
        assert 0 < stored.changes.count <= 3 * len(lost)
        await ward.planning.set_setting("change_weight", 0)  # from scratch, counted
        fresh = await ward.planning.replan(REPLAN)
        assert fresh.changes.count > stored.changes.count  # it moves far more
        await ward.planning.set_setting("change_weight", None)  # the default again
        diff = await ward.planning.diff(stored.id)
        assert diff.blocked is None and short_names(inst.staff_names)[name] in diff.in_words
        assert diff.in_words.endswith("Nothing else changes.")
        first_slot = rows(ward, "SELECT id FROM time_slots ORDER BY starts_at LIMIT 1")[0][0]
        started = rows(ward, "SELECT staff_id FROM roster_entries WHERE slot_id = "
                             f"{first_slot} ORDER BY staff_id")
        await ward.planning.apply(stored.id)
    nurse_id = rows(ward, f"SELECT id FROM staff WHERE name = '{name}'")[0][0]
    slot_ids = [row[0] for row in rows(ward, "SELECT id FROM time_slots ORDER BY starts_at")]
    absent_slots = ",".join(str(slot_ids[k]) for k in lost)  # the horizon starts at the first
    assert rows(ward, f"SELECT count(*) FROM roster_entries WHERE staff_id = {nurse_id} AND "
                      f"slot_id IN ({absent_slots})") == [(0,)]
    assert rows(ward, "SELECT staff_id FROM roster_entries WHERE slot_id = "
                      f"{first_slot} ORDER BY staff_id") == started
    assert rows(ward, "SELECT count(*) FROM roster_entries") == [(sum(map(sum, replan.x)),)]


async def test_a_replan_is_refused_once_the_records_change_or_its_slots_start(ward, now):
    plan_id = await in_force(ward)
    with time_machine.travel(now + timedelta(hours=25), tick=True):
        await nurse_absent_tomorrow(ward, plan_id)
        stored = await ward.planning.replan(REPLAN)
    with time_machine.travel(now + timedelta(days=3), tick=True):  # its changes have started
        assert "which has started since it was made" in (
            await ward.planning.diff(stored.id)).blocked
    with connect(ward.path) as conn:
        conn.execute("DELETE FROM roster_entries WHERE id = (SELECT max(id) FROM "
                     "roster_entries)")
    with time_machine.travel(now + timedelta(hours=25), tick=True):
        with pytest.raises(Refused, match="records changed since"):
            await ward.planning.apply(stored.id)


async def test_a_replan_with_nothing_new_changes_nothing(ward):
    with pytest.raises(Refused, match="No plan in force"):
        await ward.planning.replan(ReplanRequest(time_limit=10))
    await in_force(ward)
    again = await ward.planning.replan(ReplanRequest(time_limit=30))
    assert again.status == Status.OPTIMAL and again.changes.count == 0
    diff = await ward.planning.diff(again.id)
    assert diff.in_words == "Nothing changes." and diff.empty
