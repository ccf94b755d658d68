"""Applying an admissions re-plan reuses the planner's one audited transaction and its
refusals: nothing is written when the records changed since the re-plan, when another plan
was applied since the one it started from, or when the day has turned since."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from support.data import IHTC
from support.wards import connect

from hra_tui.services.errors import Refused
from hra_tui.services.planning.intake.problem import import_problem
from hra_tui.services.planning.intake.replan import apply_replan, replan
from hra_tui.services.ward import Ward
from hra_tui.solver.ihtc import load_problem

MOVES = 5_000


@pytest.fixture
async def ward(new_location, now):
    """test01 from two days ago, with a plan applied (plan 1)."""
    path = new_location("ward")
    ward = await Ward.open(path, create=True)
    try:
        source = IHTC / "test01.json"
        starts = (now - timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
        await import_problem(ward.context, load_problem(source),
                             json.loads(source.read_text()), starts, "Surgical")
        await ward.admissions.apply(await ward.admissions.plan(3600, iterations=MOVES))
        yield ward, path
    finally:
        await ward.close()


def _plans(path) -> int:
    with connect(path) as conn:
        return conn.execute("SELECT count(*) FROM admission_plans").fetchone()[0]


async def test_refused_when_the_records_changed_since(ward):
    ward, path = ward
    replanned = await replan(ward.context, 3600, iterations=MOVES)
    with connect(path) as conn:
        conn.execute("UPDATE theatre_days SET minutes = 0 WHERE day = 5")
    with pytest.raises(Refused, match="records changed since"):
        await apply_replan(ward.context, replanned)
    assert _plans(path) == 1


async def test_refused_when_another_plan_was_applied_since(ward):
    ward, path = ward
    replanned = await replan(ward.context, 3600, iterations=MOVES)
    await ward.admissions.apply(await ward.admissions.plan(3600, iterations=MOVES, seed=1))
    with pytest.raises(Refused, match="Plan 2 was applied since this re-plan of plan 1"):
        await apply_replan(ward.context, replanned)
    assert _plans(path) == 2


async def test_refused_when_the_day_has_turned(ward, now):
    ward, path = ward
    replanned = await replan(ward.context, 3600, iterations=MOVES)
    assert replanned.first_day == 2
    with time_machine.travel(now + timedelta(days=1)), pytest.raises(Refused,
                                                                    match="day has turned"):
        await apply_replan(ward.context, replanned)
    assert _plans(path) == 1
    assert (await apply_replan(ward.context, replanned)).replaced == 1
