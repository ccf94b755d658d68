"""Re-planning the demo ward from now, through the planning service: a nurse absent tomorrow,
the plan in force applied the day before, the clock inside its first shift.

Absences are not records yet on this branch, so the event is set on the prepared instance
(`unavailable`), as the records will set it."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine
from support.ward_checker import check_plan

from hra_tui.services.errors import Refused
from hra_tui.services.planning.ward.records import PlanRequest, ReplanRequest
from hra_tui.services.planning.ward.words import short_names
from hra_tui.services.ward import Ward
from hra_tui.solver.plan import Status
from hra_tui.solver.ward.changes import changes
from hra_tui.solver.ward.model import solve_ward

DAY = 24 * 60


@pytest.fixture
async def ward(demo_db):
    ward = await Ward.open(demo_db)
    yield ward
    await ward.close()


def rows(ward: Ward, sql: str) -> list[tuple]:
    with sqlite3.connect(ward.path) as conn:
        return conn.execute(sql).fetchall()


async def in_force(ward: Ward) -> int:
    """The next 9 slots (from tomorrow's early shift) planned and applied."""
    plan = await ward.planning.solve(PlanRequest(horizon=9, time_limit=30))
    await ward.planning.apply(plan.id)
    return plan.id


async def nurse_absent_tomorrow(ward: Ward):
    """The re-plan prepared, with the first nurse who works tomorrow absent all that day:
    (prepared, the nurse's index, the slots she loses)."""
    prepared = await ward.planning.prepare_replan(ReplanRequest(time_limit=30))
    inst = prepared.instance
    tomorrow = [t for t in range(inst.T) if DAY <= inst.slot_start[t] < 2 * DAY]
    nurse = next(i for i in range(inst.N) if inst.role(i) == "nurse"
                 and any(inst.baseline.on_duty[i][t] for t in tomorrow))
    lost = [t for t in tomorrow if inst.baseline.on_duty[nurse][t]]
    grid = [[int(i == nurse and t in tomorrow) for t in range(inst.T)] for i in range(inst.N)]
    return replace(prepared, instance=replace(inst, unavailable=grid)), nurse, lost


async def test_a_nurse_absent_tomorrow_is_replanned_with_the_least_change(ward, now):
    await in_force(ward)
    with time_machine.travel(now + timedelta(hours=25), tick=True):  # the early shift runs
        event, nurse, lost = await nurse_absent_tomorrow(ward)
        inst = event.instance
        assert inst.frozen == 1 and lost
        replan = solve_ward(inst, time_limit=30)
        assert replan.status == Status.OPTIMAL
        assert check_plan(inst, replan) == []  # every ward rule, the past, the absence
        assert not any(replan.x[nurse][t] for t in lost)
        count = changes(inst, replan).count
        assert 0 < count <= 3 * len(lost)
        stored = await ward.planning.store(event, replan)
        assert stored.changes.count == count and stored.changes.weight == 20
        scratch = replace(inst, baseline=replace(inst.baseline, change_weight=0))
        fresh = await ward.planning.store(replace(event, instance=scratch),
                                          solve_ward(scratch, time_limit=30))
        assert fresh.changes.count > count  # a plan from scratch moves far more
        diff = await ward.planning.diff(stored.id)
        name = short_names(inst.staff_names)[inst.staff_names[nurse]]
        assert diff.blocked is None and name in diff.in_words
        assert diff.in_words.endswith("Nothing else changes.")
        first_slot = rows(ward, "SELECT id FROM time_slots ORDER BY starts_at LIMIT 1")[0][0]
        started = rows(ward, "SELECT staff_id FROM roster_entries WHERE slot_id = "
                             f"{first_slot} ORDER BY staff_id")
        await ward.planning.apply(stored.id)
    nurse_id = rows(ward, "SELECT id FROM staff WHERE name = "
                          f"'{inst.staff_names[nurse]}'")[0][0]
    slot_ids = [row[0] for row in rows(ward, "SELECT id FROM time_slots ORDER BY starts_at")]
    absent_slots = ",".join(str(slot_ids[k]) for k in lost)  # the horizon starts at the first
    assert rows(ward, f"SELECT count(*) FROM roster_entries WHERE staff_id = {nurse_id} AND "
                      f"slot_id IN ({absent_slots})") == [(0,)]
    assert rows(ward, "SELECT staff_id FROM roster_entries WHERE slot_id = "
                      f"{first_slot} ORDER BY staff_id") == started
    assert rows(ward, "SELECT count(*) FROM roster_entries") == [(sum(map(sum, replan.x)),)]


async def test_a_replan_is_refused_once_the_records_change_or_its_slots_start(ward, now):
    await in_force(ward)
    with time_machine.travel(now + timedelta(hours=25), tick=True):
        event, _nurse, _lost = await nurse_absent_tomorrow(ward)
        stored = await ward.planning.store(event, solve_ward(event.instance, time_limit=30))
    with time_machine.travel(now + timedelta(days=3), tick=True):  # its changes have started
        assert "which has started since it was made" in (
            await ward.planning.diff(stored.id)).blocked
    with sqlite3.connect(ward.path) as conn:
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
