"""A ward on PostgreSQL as clerks on two machines use it: the same services, writers waiting
for each other at the ward's lock, one bed never given twice, an audit row for each success,
and new rows numbered past those a copy brought."""

from __future__ import annotations

import asyncio

import pytest

from db.demo import create_demo
from hra_tui.services.errors import Refused
from hra_tui.services.health import check_database
from hra_tui.services.plain_records import PatientForm
from hra_tui.services.ward import Ward

pytestmark = pytest.mark.pg


@pytest.fixture
def pg_demo(pg_ward):
    create_demo(pg_ward, "ward", seed=5)
    return pg_ward


async def _count(ward: Ward, sql: str) -> int:
    driver = await ward.context.plain()
    return (await driver.rows(sql))[0][0]


async def test_two_machines_racing_for_one_bed_admit_one_patient(pg_demo):
    first, second = await Ward.open(pg_demo, create=False), await Ward.open(pg_demo,
                                                                            create=False)
    try:
        waiting = [p.mrn for p in await first.patient_list.search("", 100)
                   if p.bed is None][:8]
        [bed] = [b.label for b in await first.beds.board(None) if b.status == "free"][:1]
        audit_before = await _count(first, "SELECT count(*) FROM audit_log "
                                           "WHERE action = 'admit'")
        results = await asyncio.gather(
            *((first if n % 2 else second).beds.admit(mrn, bed)
              for n, mrn in enumerate(waiting)), return_exceptions=True)
        won = [r for r in results if not isinstance(r, BaseException)]
        assert len(won) == 1
        assert all(isinstance(r, Refused) for r in results if r not in won)
        assert await _count(first, "SELECT count(*) FROM audit_log WHERE action = 'admit'") \
            == audit_before + 1
    finally:
        await first.close()
        await second.close()
    assert await check_database(pg_demo) == []


async def test_a_writer_waits_for_the_other_machines_writer(pg_demo):
    first, second = await Ward.open(pg_demo, create=False), await Ward.open(pg_demo,
                                                                            create=False)
    try:
        admitted = [p.mrn for p in await first.patient_list.search("", 100)
                    if p.bed is not None]
        async with first.context.write("clerk", "hold the ward") as tx:
            await tx.audit("test", "ward", None, "holding the writer lock")
            other = asyncio.create_task(second.beds.discharge(admitted[0]))
            await asyncio.sleep(1)
            assert not other.done()  # waits at the lock; SQLite's BEGIN IMMEDIATE does too
        await asyncio.wait_for(other, 15)
        assert other.result().label
    finally:
        await first.close()
        await second.close()


async def test_new_rows_are_numbered_past_those_the_demo_copied(pg_demo):
    async with await Ward.open(pg_demo, create=False) as ward:
        patient = await ward.patients.register(PatientForm(
            name="Nia Okoro", address="", age=30, gender="F", phone=""))
        assert patient.id == 61
        found = await ward.patient_list.search("nia okoro")
        assert [p.mrn for p in found] == [patient.mrn]
