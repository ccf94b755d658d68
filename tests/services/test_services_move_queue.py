"""The queue of pending moves: requested → approved → done, or cancelled, each step audited
with who and when; carrying a move out admits or transfers in the same transaction, refused
with nothing written when the bed is gone; two processes approving into one bed, one wins;
the admissions plan in force feeds today's admissions; and two patients swap beds."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from support.wards import connect

from db.driver import Driver
from hra_tui.fields import NOTE
from hra_tui.services.errors import Invalid, NotAllowed, NotFound, Refused
from hra_tui.services.health import check_database
from hra_tui.services.records import move_queue as queue_module


async def _audit(ward, n=1):
    return [(row.user, row.action, row.detail) for row in await ward.audit.recent(limit=n)]


async def test_a_move_goes_from_requested_to_approved_to_done_each_step_audited(open_ward,
                                                                                 seed):
    async with open_ward(seed.clerk) as ward:
        move = await ward.queue.request(seed.waiting, ward="North", note="from A&E")
        assert (move.kind, move.status, move.ward, move.bed) == ("admit", "requested", "North",
                                                                 None)
        assert (move.requested_by, move.note) == ("clara", "from A&E")
        assert await _audit(ward) == [
            ("clara", "request", f"admit {seed.waiting} John Roe to North (from A&E)")]
        approved = await ward.queue.approve(move.id, "2a")
        assert (approved.status, approved.bed, approved.approved_by) == ("approved", "2A",
                                                                        "clara")
        assert (await ward.beds.cell("2A")).status == "free"  # promised, not taken yet
        done = await ward.queue.carry_out(move.id)
        assert (done.status, done.done_by) == ("done", "clara")
        cell = await ward.beds.cell("2A")
        assert (cell.status, cell.patient_mrn) == ("occupied", seed.waiting)
        assert await _audit(ward, 4) == [
            ("clara", "done", f"admit {seed.waiting} John Roe to bed 2A on North"),
            ("clara", "admit", f"{seed.waiting} John Roe into bed 2A"),
            ("clara", "approve", f"admit {seed.waiting} John Roe to bed 2A on North"),
            ("clara", "request", f"admit {seed.waiting} John Roe to North (from A&E)")]
        assert await ward.queue.list() == []
        assert [row.id for row in await ward.queue.list(everything=True)] == [move.id]


async def test_a_transfer_keeps_the_stay_and_says_which_bed_it_left(ward, seed, seeded_db):
    move = await ward.queue.request(seed.admitted, bed="S1")
    assert (move.kind, move.from_bed, move.ward) == ("transfer", "1A", "South")
    await ward.queue.approve(move.id)
    done = await ward.queue.carry_out(move.id)
    assert (done.from_bed, done.bed) == ("1A", "S1")
    assert [(row.action, row.detail) for row in await ward.audit.recent(limit=2)] == [
        ("done", f"transfer {seed.admitted} Jane Doe from bed 1A to bed S1 on South"),
        ("transfer", f"{seed.admitted} Jane Doe from bed 1A to bed S1")]
    patient = (await ward.patients.get(seed.admitted)).patient
    assert (patient.bed, patient.doctor) == ("S1", "Ann Lee")  # no discharge: same stay
    assert (await ward.beds.cell("1A")).status == "cleaning"
    with connect(seeded_db) as conn:
        assert conn.execute("SELECT count(*) FROM admissions WHERE patient_id = "
                            "(SELECT id FROM patients WHERE mrn = ?)",
                            (seed.admitted,)).fetchone() == (1,)
    assert await check_database(seeded_db) == []


async def test_carrying_out_into_a_bed_taken_meanwhile_is_refused_and_writes_nothing(
        ward, seed, db_dump):
    move = await ward.queue.request(seed.waiting, bed="2A")
    await ward.queue.approve(move.id)
    await ward.beds.admit(seed.other, "2A")  # another clerk, by hand
    before = db_dump()
    with pytest.raises(Refused, match=r"^Bed 2A is occupied by Mia Chen since \d\d:\d\d$"):
        await ward.queue.carry_out(move.id)
    assert db_dump() == before
    assert (await ward.queue.get(move.id)).status == "approved"


async def test_a_bed_being_cleaned_may_be_promised_but_not_moved_into(ward, seed, db_dump):
    await ward.beds.transfer(seed.admitted, "2A")  # 1A goes to cleaning
    move = await ward.queue.request(seed.waiting, bed="1A")
    await ward.queue.approve(move.id)
    before = db_dump()
    with pytest.raises(Refused, match="^Bed 1A is being cleaned .*; mark it clean first$"):
        await ward.queue.carry_out(move.id)
    assert db_dump() == before
    await ward.beds.mark_clean("1A")
    assert (await ward.queue.carry_out(move.id)).status == "done"


@pytest.mark.parametrize("setup, bed, message", [
    (None, "1A", r"^Bed 1A is occupied by Jane Doe since \d\d:\d\d$"),
    ("block", "2A", "^Bed 2A is blocked: rail$"),
    ("reserve", "2A", r"^Bed 2A is reserved for Mia Chen \(.*\) until "),
    ("promise", "2A", r"^Bed 2A is promised to move \d+ \(Mia Chen\) already$"),
    ("south", "S1", "^Bed S1 is on South, not North; choose a bed of the move's ward$"),
])
async def test_approval_refuses_a_bed_it_cannot_promise(ward, seed, now, db_dump, setup, bed,
                                                       message):
    if setup == "block":
        await ward.beds.block("2A", "rail")
    elif setup == "reserve":
        await ward.beds.reserve("2A", seed.other, now + timedelta(hours=3))
    elif setup == "promise":
        other = await ward.queue.request(seed.other, bed="2A")
        await ward.queue.approve(other.id)
    move = await ward.queue.request(seed.waiting, ward="North")
    before = db_dump()
    with pytest.raises(Refused, match=message):
        await ward.queue.approve(move.id, bed)
    assert db_dump() == before


async def test_each_step_only_from_the_status_before_it(ward, seed):
    move = await ward.queue.request(seed.waiting, ward="North")
    with pytest.raises(Refused, match="^Move .* names no bed yet; give the bed"):
        await ward.queue.approve(move.id)
    with pytest.raises(Refused, match="is not approved yet; approve it first$"):
        await ward.queue.carry_out(move.id)
    cancelled = await ward.queue.cancel(move.id)
    assert (cancelled.status, cancelled.cancelled_by) == ("cancelled", seed.admin)
    assert (await _audit(ward))[0][1:] == ("cancel", f"admit {seed.waiting} John Roe to North "
                                                     "(requested)")
    for step in (ward.queue.approve, ward.queue.carry_out, ward.queue.cancel):
        with pytest.raises(Refused,
                           match=rf"^Move {move.id} is cancelled \(.* by {seed.admin}\); only "):
            await step(move.id)
    with pytest.raises(NotFound, match="^No move 999 in the queue$"):
        await ward.queue.get(999)


async def test_one_open_move_per_patient_and_requests_that_make_no_sense(ward, seed, db_dump):
    first = await ward.queue.request(seed.waiting, ward="South")
    before = db_dump()
    with pytest.raises(Refused, match=rf"^John Roe has move {first.id} requested already; "):
        await ward.queue.request(seed.waiting, bed="2A")
    with pytest.raises(Refused, match="^Jane Doe is in bed 1A already$"):
        await ward.queue.request(seed.admitted, bed="1A")
    with pytest.raises(Refused, match="^Bed S1 is on South, not North$"):
        await ward.queue.request(seed.other, bed="S1", ward="North")
    with pytest.raises(Invalid, match="^Name the bed or the ward"):
        await ward.queue.request(seed.other)
    with pytest.raises(NotFound, match="^No ward named 'East'$"):
        await ward.queue.request(seed.other, ward="East")
    with pytest.raises(Invalid, match=rf"^Note is too long \(at most {NOTE.limit} characters"):
        await ward.queue.request(seed.other, ward="North", note="x" * (NOTE.limit + 1))
    assert db_dump() == before


async def test_a_viewer_may_read_the_queue_but_not_write_it(open_ward, seed):
    async with open_ward(seed.viewer) as ward:
        assert await ward.queue.list() == []
        with pytest.raises(NotAllowed, match="^vic is a viewer and cannot request moves; "):
            await ward.queue.request(seed.waiting, ward="North")
        with pytest.raises(NotAllowed, match="cannot swap patients' beds"):
            await ward.beds.swap("1A", "2A")


async def test_the_unique_index_catches_a_second_approval_the_checks_missed(ward, seed,
                                                                           db_dump,
                                                                           monkeypatch):
    """Another clerk approved into 2A between our check and our write: the partial unique
    index refuses, and the clerk reads which move has the bed, not a constraint name."""
    mine = await ward.queue.request(seed.waiting, bed="2A")
    theirs = await ward.queue.request(seed.other, bed="2A")
    await ward.queue.approve(theirs.id)
    before = db_dump()
    real = queue_module._refuse_taken
    calls = []

    async def blind(driver, move, target):
        calls.append(move.row.id)
        if len(calls) > 1:  # the explanation after the conflict checks for real
            await real(driver, move, target)

    monkeypatch.setattr(queue_module, "_refuse_taken", blind)
    with pytest.raises(Refused, match=rf"^Bed 2A is promised to move {theirs.id} \(Mia Chen\)"):
        await ward.queue.approve(mine.id)
    assert db_dump() == before


def test_two_processes_approving_into_one_bed_one_wins(seeded_db, seed):
    async def setup():
        from hra_tui.services.ward import Ward

        async with await Ward.open(seeded_db) as ward:
            return [(await ward.queue.request(mrn, bed="2A")).id
                    for mrn in (seed.waiting, seed.other)]

    import asyncio

    ids = asyncio.run(setup())
    procs = [subprocess.Popen([sys.executable, "-m", "hra_tui.cli", "--db", str(seeded_db),
                               "queue", "approve", str(move_id)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for move_id in ids]
    results = [(proc.wait(timeout=60), *proc.communicate()) for proc in procs]
    codes = sorted(code for code, _out, _err in results)
    assert codes == [0, 1], results
    winner = next(ids[i] for i, (code, _o, _e) in enumerate(results) if code == 0)
    loser = next(err for code, _o, err in results if code == 1)
    assert loser.strip().startswith(f"hra: Bed 2A is promised to move {winner} (")
    with connect(seeded_db) as conn:
        assert conn.execute("SELECT id FROM move_queue WHERE status = 'approved'").fetchall() \
            == [(winner,)]
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'approve'"
                            ).fetchone() == (1,)


async def _plan_in_force(path, starts_on, reservations):
    """An applied admissions plan, as `ward.admissions.apply` leaves it: the horizon, the plan
    row, and its bed reservations (patient MRN, bed label, day)."""
    conn = connect(path)
    with conn:
        conn.execute("INSERT INTO planning_horizon (id, name, starts_on, days, skill_levels, "
                     "shift_types, age_groups, weights) VALUES (1, 'w', ?, 7, 1, '[]', '[]', "
                     "'{}')", (Driver.time(starts_on),))
        conn.execute("INSERT INTO admission_plans (id, applied_at, applied_by, fingerprint, "
                     "cost, costs, solution) VALUES (4, ?, 'ada', 'f', 0, '[]', '{}')",
                     (Driver.time(starts_on),))
        for number, (mrn, bed, day) in enumerate(reservations):
            patient = conn.execute("SELECT id FROM patients WHERE mrn = ?", (mrn,)).fetchone()[0]
            (request,) = conn.execute(
                "INSERT INTO admission_requests (code, kind, patient_id, mandatory, age_group, "
                "length_of_stay, release_day, surgery_minutes, incompatible_rooms, workload, "
                "skill_required) VALUES (?, 'patient', ?, TRUE, 'adult', 2, 0, 0, '[]', '[]', "
                "'[]') RETURNING id", (f"p{number}", patient)).fetchone()
            conn.execute("INSERT INTO bed_reservations (plan_id, request_id, patient_id, bed_id, "
                         "day, nights) VALUES (4, ?, ?, (SELECT id FROM beds WHERE label = ?), "
                         "?, 2)", (request, patient, bed, day))
    conn.close()


async def test_the_plan_in_force_feeds_the_days_admissions_once(ward, seed, seeded_db, now):
    await _plan_in_force(seeded_db, now - timedelta(days=1, hours=2),
                         [(seed.waiting, "2A", 1), (seed.other, "S2", 2),
                          (seed.admitted, "10A", 1)])
    fed = await ward.queue.from_plan(now)
    assert fed.plan_id == 4
    assert [(row.mrn, row.bed, row.status, row.source) for row in fed.added] == [
        (seed.waiting, "2A", "requested", "plan 4")]
    assert fed.skipped == [f"{seed.admitted} Jane Doe: in bed 1A already"]
    assert (await _audit(ward))[0][1] == "queue from plan"
    again = await ward.queue.from_plan(now)
    assert again.added == []
    assert again.skipped[-1] == f"{seed.waiting} John Roe: move {fed.added[0].id} (requested) " \
                                "already"
    tomorrow = await ward.queue.from_plan(now + timedelta(days=1))
    assert [row.mrn for row in tomorrow.added] == [seed.other]
    with pytest.raises(Refused, match="^Plan 4 covers .* and the 6 days after; this day is "):
        await ward.queue.from_plan(now + timedelta(days=9))


async def test_no_plan_in_force_nothing_to_feed(ward, now):
    with pytest.raises(Refused, match="^No admissions plan is in force"):
        await ward.queue.from_plan(now)


async def test_two_patients_swap_beds_in_one_audited_step(ward, seed, seeded_db, db_dump):
    await ward.beds.admit(seed.waiting, "S1")
    stays = connect(seeded_db).execute(
        "SELECT id, patient_id, admitted_at FROM admissions ORDER BY id").fetchall()
    first, second = await ward.beds.swap("1a", "S1")
    assert (first.label, first.patient_mrn, second.label, second.patient_mrn) == (
        "1A", seed.waiting, "S1", seed.admitted)
    board = {cell.label: (cell.status, cell.patient_mrn) for cell in await ward.beds.board()}
    assert board["1A"] == ("occupied", seed.waiting)
    assert board["S1"] == ("occupied", seed.admitted)
    after = connect(seeded_db).execute(
        "SELECT id, patient_id, admitted_at FROM admissions WHERE discharged_at IS NULL "
        "ORDER BY id").fetchall()
    assert after == stays  # the same stays go on, none ended
    assert await _audit(ward, 2) == [
        (seed.admin, "swap", f"{seed.admitted} Jane Doe from bed 1A to bed S1, {seed.waiting} "
                             "John Roe from bed S1 to bed 1A"),
        (seed.admin, "admit", f"{seed.waiting} John Roe into bed S1")]
    assert await check_database(seeded_db) == []


@pytest.mark.parametrize("first, second, message", [
    ("1A", "1A", "^Both are bed 1A; name two different beds$"),
    ("1A", "2A", "^Bed 2A is free; only two occupied beds can swap$"),
    ("1A", "S2", "^Bed S2 is blocked: leak; only two occupied beds can swap$"),
    ("S1", "1A", r"^Bed S1 is being cleaned \(since .*\); mark it clean first; only two "),
    ("1A", "9Z", "^No bed 9Z on any ward$"),
])
async def test_a_swap_needs_two_occupied_beds(ward, seed, db_dump, first, second, message):
    await ward.beds.admit(seed.waiting, "S1")
    await ward.beds.discharge(seed.waiting)
    await ward.beds.block("S2", "leak")
    before = db_dump()
    with pytest.raises((Refused, NotFound), match=message):
        await ward.beds.swap(first, second)
    assert db_dump() == before


async def test_the_census_counts_moves_carried_out_from_the_queue(ward, seed):
    """A queued transfer from North to South is a transfer out and in on the day's census, and
    a queued admission an admission, as when they are made by hand."""
    before = {line.ward: line for line in (await ward.census.day()).wards}
    transfer = await ward.queue.request(seed.admitted, bed="S1")
    admission = await ward.queue.request(seed.waiting, bed="2A")
    for move in (transfer, admission):
        await ward.queue.approve(move.id)
        await ward.queue.carry_out(move.id)
    lines = {line.ward: line for line in (await ward.census.day()).wards}
    assert (lines["North"].transferred_out, lines["South"].transferred_in) == (1, 1)
    assert lines["North"].admitted == before["North"].admitted + 1
    assert (lines["North"].occupied, lines["South"].occupied) == (1, 1)
