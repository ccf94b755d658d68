"""A bounded soak (`-m slow`): eight processes admit, transfer, discharge, clean and book on one
ward for 30 s and at least ten writes each (a loaded machine makes them slow, not absent); then
`hra db check` finds nothing wrong, the audit log has one row per write, and replaying it from
the starting board reproduces the bed board exactly (none half-done)."""

from __future__ import annotations

import asyncio
import multiprocessing
import random
import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlalchemy import text
from support.wards import connect

from db.location import Location, ward_at
from hra_tui.services.errors import Refused
from hra_tui.services.plain_records import PatientForm, StaffForm
from hra_tui.services.times import utcnow
from hra_tui.services.ward import Ward

WORKERS = 8
SECONDS = 30.0
EACH = 10  # writes every worker makes, however long a loaded machine makes that take
BEDS = [f"B{n:02d}" for n in range(24)]
PATIENTS = 60

pytestmark = pytest.mark.slow


def _board(path: Location) -> dict[str, tuple[str, str | None]]:
    """bed label → (status, MRN of the patient in it), read straight from the database."""
    conn = connect(path)
    try:
        rows = conn.execute(
            "SELECT b.label, b.status, p.mrn FROM beds b LEFT JOIN admissions a "
            "ON a.bed_id = b.id AND a.discharged_at IS NULL "
            "LEFT JOIN patients p ON p.id = a.patient_id").fetchall()
    finally:
        conn.close()
    return {label: (status, mrn) for label, status, mrn in rows}


def _replay(start: dict[str, tuple[str, str | None]], path: Location,
            after_id: int) -> dict[str, tuple[str, str | None]]:
    """The board the audit log describes: the starting board, then each bed-changing row."""
    board = dict(start)
    conn = connect(path)
    try:
        rows = conn.execute("SELECT action, detail FROM audit_log WHERE id > ? ORDER BY id",
                            (after_id,)).fetchall()
    finally:
        conn.close()
    for action, detail in rows:
        if action == "admit":
            mrn, bed = re.match(r"(\S+) .* into bed (\S+)$", detail).groups()
            board[bed] = ("occupied", mrn)
        elif action == "transfer":
            mrn, old, new = re.match(r"(\S+) .* from bed (\S+) to bed (\S+)$", detail).groups()
            board[old], board[new] = ("cleaning", None), ("occupied", mrn)
        elif action == "discharge":
            bed = re.search(r"from bed (\S+)$", detail)[1]
            board[bed] = ("cleaning", None)
        elif action == "clean":
            board[re.match(r"bed (\S+) cleaned", detail)[1]] = ("free", None)
    return board


async def _setup(path: Location) -> list[str]:
    ward = await Ward.open(path)
    try:
        async with ward.context.writer.begin() as conn:
            await conn.execute(text("INSERT INTO wards (name, active) VALUES ('Soak', TRUE)"))
            await conn.execute(text(
                "INSERT INTO beds (ward_id, label, type, status, status_since, note, active) "
                "VALUES (1, :label, 'general', 'free', '2026-01-01 00:00:00.000000', '', TRUE)"),
                [{"label": label} for label in BEDS])
        await ward.staff.add(StaffForm(name="Ann Lee", role="doctor"))
        mrns = []
        for n in range(PATIENTS):
            row = await ward.patients.register(PatientForm(
                name=f"Soak Patient {n}", address="", age=30 + n % 50, gender="F", phone=""))
            mrns.append(row.mrn)
        return mrns
    finally:
        await ward.close()


async def _work(path: str, mrns: list[str], seed: int, until: float) -> int:
    rng = random.Random(seed)
    ward = await Ward.open(ward_at(path))
    done = 0
    try:
        while time.time() < until or done < EACH:
            mrn, bed = rng.choice(mrns), rng.choice(BEDS)
            action = rng.choice(("admit", "admit", "transfer", "discharge", "clean", "book"))
            try:
                if action == "admit":
                    await ward.beds.admit(mrn, bed)
                elif action == "transfer":
                    await ward.beds.transfer(mrn, bed)
                elif action == "discharge":
                    await ward.beds.discharge(mrn)
                elif action == "clean":
                    await ward.beds.mark_clean(bed)
                else:
                    start = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
                        days=1 + rng.randrange(30), hours=rng.randrange(10))
                    await ward.appointments.book(mrn, 1, start)
                done += 1
            except Refused:
                pass  # a bed taken meanwhile, a slot booked: the rules said no, nothing written
    finally:
        await ward.close()
    return done


def _worker(path: str, mrns: list[str], seed: int, until: float, out) -> None:
    out.put(asyncio.run(_work(path, mrns, seed, until)))


def test_eight_writers_for_thirty_seconds_leave_a_sound_ward_the_audit_explains(new_location):
    path = new_location("soak")
    mrns = asyncio.run(_setup(path))
    start = _board(path)
    with connect(path) as conn:
        (last_id,) = conn.execute("SELECT max(id) FROM audit_log").fetchone()
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    until = time.time() + SECONDS
    workers = [ctx.Process(target=_worker, args=(str(path), mrns, seed, until, results))
               for seed in range(WORKERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=SECONDS + 600)  # a worker that never gets the write lock hangs here
        assert worker.exitcode == 0
    writes = sum(results.get(timeout=5) for _ in workers)
    with connect(path) as conn:
        (audited,) = conn.execute("SELECT count(*) FROM audit_log WHERE id > ?",
                                  (last_id,)).fetchone()
    assert audited == writes >= WORKERS * EACH  # one audit row for each write, none for a refusal

    check = subprocess.run([sys.executable, "-m", "hra_tui.cli", "--db", str(path), "db",
                            "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert _replay(start, path, last_id) == _board(path)
