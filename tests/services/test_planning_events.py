"""Both planners read the day's events: on the demo ward, an absent nurse is on duty in no slot
their absence overlaps (the slots' demand unchanged) and a closed resource is used in none;
the admissions planner gives a closed theatre and an absent surgeon no minutes on the days
the event overlaps and an absent nurse no shift it overlaps. The instance each planner gets
says so, and a plan made from it keeps it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.ward_checker import check_plan
from support.wards import connect

from db.time_codec import parse_sql_time
from hra_tui.services.errors import Refused
from hra_tui.services.plain_records import EventForm
from hra_tui.services.planning.intake.events import shift_span
from hra_tui.services.planning.ward.records import PlanRequest
from hra_tui.services.times import utcnow

REQUEST = PlanRequest(horizon=3, time_limit=20)
MINUTE = timedelta(minutes=1)


def _slots(ward, count: int = 3) -> list[tuple[int, object, object]]:
    """(id, starts_at, ends_at) of the horizon's slots: the next `count` to start."""
    with connect(ward.path) as conn:
        rows = conn.execute("SELECT id, starts_at, ends_at FROM time_slots ORDER BY starts_at"
                            ).fetchall()
    now = utcnow()
    rows = [(i, parse_sql_time(a), parse_sql_time(b)) for i, a, b in rows]
    return [row for row in rows if row[1] >= now][:count]


def _id_of(ward, table: str, name: str) -> int:
    with connect(ward.path) as conn:
        return conn.execute(f"SELECT id FROM {table} WHERE name = ?", (name,)).fetchone()[0]


async def test_the_ward_roster_keeps_absences_and_closures(demo_ward):
    ward, planning = demo_ward, demo_ward.planning
    first = await planning.solve(REQUEST)
    before = await planning.get(first.id)
    inst, plan = before.instance, before.plan
    slots = _slots(ward)
    # An event anywhere in the horizon changes the records the plan was made from.
    nurse = next(i for i in range(inst.N) if inst.role(i) == "nurse" and plan.x[i][0])
    nurse_id = _id_of(ward, "staff", inst.staff_names[nurse])
    probe = await ward.absences.add(nurse_id, EventForm(slots[2][1], slots[2][2]))
    with pytest.raises(Refused, match="changed since plan"):
        await planning.apply(first.id)
    await ward.absences.cancel(probe.id)  # cancelled, it is as if never entered
    await planning.apply(first.id)

    used = next((r, t) for t in range(inst.T) for r in range(inst.R) if plan.z[r][t])
    resource_id = _id_of(ward, "resources", inst.resource_names[used[0]])
    # Absent over slot 0 by an hour, and slot 1 whole: both slots are lost.
    await ward.absences.add(nurse_id, EventForm(slots[0][2] - timedelta(hours=1),
                                                slots[1][2], "sick"))
    await ward.closures.add(resource_id, EventForm(slots[used[1]][1] + MINUTE,
                                                   slots[used[1]][1] + 2 * MINUTE))
    prepared = await planning.prepare(REQUEST)
    after = prepared.instance
    assert after.unavailable[nurse] == [1, 1, 0]
    assert sum(map(sum, after.unavailable)) == 2
    assert [row[used[1]] for row in after.closed] == [int(r == used[0]) for r in range(inst.R)]
    assert after.Dt == inst.Dt  # the slots need as many staff as before
    assert after.on_duty[nurse][0] == 0  # rostered by the applied plan, but absent
    assert after.resource_load[used[0]][used[1]] == 0  # booked by it, but closed
    assert prepared.notes.startswith("Held in the records but absent or closed: ")
    assert f"{inst.staff_names[nurse]} rostered in {inst.slot_labels[0]}" in prepared.notes
    assert f"{inst.resource_names[used[0]]} booked in {inst.slot_labels[used[1]]}" \
        in prepared.notes
    assert prepared.notes.endswith("This plan neither counts nor changes them; move them by "
                                   "hand.")

    second = await planning.solve(REQUEST)
    detail = await planning.get(second.id)
    assert detail.plan.has_solution
    assert detail.plan.x[nurse][:2] == [0, 0]
    assert detail.plan.z[used[0]][used[1]] == 0
    assert not any(detail.plan.y[p][used[1]] for p in range(after.P)
                   if after.uses[p] == used[0])
    assert check_plan(detail.instance, detail.plan) == []
    assert prepared.notes in second.explanation


async def test_the_admissions_problem_loses_what_the_events_overlap(demo_ward):
    ward = demo_ward
    earlier = await ward.admissions.plan(60, iterations=2_000, seed=0)
    before = earlier.prepared
    p, starts = before.problem, before.starts_on
    theatre = p.theaters[0]
    surgeon = p.surgeons[0]
    d = next(d for d in range(1, p.days) if surgeon.max_surgery_time[d])
    nurse = p.nurses[0]
    lost = nurse.working_shifts[1]
    day, kind = divmod(lost, len(p.shift_types))
    await ward.closures.add(_id_of(ward, "resources", theatre.id), EventForm(
        starts + timedelta(days=1, hours=22), starts + timedelta(days=2, hours=1), "repair"))
    await ward.absences.add(_id_of(ward, "staff", surgeon.id), EventForm(
        starts + timedelta(days=d, hours=10), starts + timedelta(days=d, hours=12)))
    span = shift_span(starts, day, kind, len(p.shift_types))
    await ward.absences.add(_id_of(ward, "staff", nurse.id),
                            EventForm(span[0] + MINUTE, span[1] - MINUTE))

    with pytest.raises(Refused, match="changed since this plan was made"):
        await ward.admissions.apply(earlier)
    after = (await ward.admissions.prepare()).problem
    closed = next(th for th in after.theaters if th.id == theatre.id)
    assert closed.availability == tuple(0 if k in (1, 2) else m
                                        for k, m in enumerate(theatre.availability))
    away = next(s for s in after.surgeons if s.id == surgeon.id)
    assert away.max_surgery_time == tuple(0 if k == d else m
                                          for k, m in enumerate(surgeon.max_surgery_time))
    off = next(n for n in after.nurses if n.id == nurse.id)
    assert off.working_shifts == tuple(s for s in nurse.working_shifts if s != lost)
    assert [n.working_shifts for n in after.nurses if n.id != nurse.id] == [
        n.working_shifts for n in p.nurses if n.id != nurse.id]

    plan = await ward.admissions.plan(60, iterations=5_000, seed=0)
    assert plan.check.feasible
    surgeon_index = [s.id for s in after.surgeons].index(surgeon.id)
    by_code = {patient.id: patient for patient in after.patients}
    for admission in plan.solution.admissions:
        if admission.day is None:
            continue
        assert not (admission.theater == theatre.id and admission.day in (1, 2))
        assert not (by_code[admission.patient].surgeon == surgeon_index and admission.day == d)
    roster = next(r for r in plan.solution.nurses if r.nurse == nurse.id)
    assert not [a for a in roster.assignments
                if (a.day, a.shift) == (day, p.shift_types[kind]) and a.rooms]
