"""Fixtures shared by the layers: a small seeded ward database built through the services,
copied per test, and a new demo ward per test. Each layer's own fixtures are in its folder's
conftest; helpers (no fixtures) are in `support/`.

`seeded_db` is a fresh copy of the seeded file; `ward` is that file opened as its admin (the OS
user who created it); `open_ward(user)` opens it as anyone else; `seed` names what is in it;
`db_dump()` dumps every row, to prove a refused write changed nothing. `demo_db` is the demo
ward (`hra demo`) built for one test at the current time, as the planner needs.

`pg_ward` is a new empty PostgreSQL database for one test, in a throwaway cluster each test
worker starts once (`support/postgres.py`); where PostgreSQL is not installed the tests that
ask for it are skipped, so `make test` on a machine with only Python runs on SQLite alone.

The engine switch: with `HRA_TEST_ENGINE=postgresql` (`make test-pg`) the shared wards
(`seeded_db`, `demo_db`, the command line's `db`) are PostgreSQL databases holding the same
records: each is built in a file as on SQLite, copied once into a template database of the
worker's cluster (`hra db copy`'s `copy_ward`), and cloned per test (`support/wards.py`).
Tests about SQLite itself carry `@pytest.mark.sqlite_only(reason)` and are skipped there.

The whole suite runs on one clock (`support/clock.py`), started before anything is collected;
`now` is its moment.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import insert
from support import clock, postgres
from support.wards import as_template, database_name, dump, engine, fresh_ward

from db import tables as t
from db.demo import create_demo
from db.location import Location, ServerWard
from db.os_account import os_account
from hra_tui.services.plain_records import PatientForm, StaffForm
from hra_tui.services.times import utcnow
from hra_tui.services.ward import Ward

# Property tests draw the same examples on every run and machine (and keep no example database
# between runs), so a run that passes passes again; a failing example fails every time.
hypothesis_settings.register_profile("hra", derandomize=True, database=None)
hypothesis_settings.load_profile("hra")


def pytest_collection_modifyitems(config, items) -> None:
    """On PostgreSQL, skip the tests about SQLite itself, each with its marker's reason."""
    if engine() != "postgresql":
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


def pytest_configure(config) -> None:
    if engine() == "postgresql":
        # A PostgreSQL ward's files on this machine (its keymaps) live in the hra data folder,
        # not beside a ward file: each test process (and every hra it starts) gets its own,
        # never the home folder's.
        os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="hra-data-")
        atexit.register(shutil.rmtree, os.environ["XDG_DATA_HOME"], ignore_errors=True)
    xdist_controller = bool(getattr(config.option, "numprocesses", None)) and not hasattr(
        config, "workerinput")
    clock.start(children=not xdist_controller)


@pytest.fixture(scope="session")
def now() -> datetime:
    """The moment the suite runs at (its clock ticks on from here)."""
    return clock.suite_now()


@dataclass(frozen=True)
class Seed:
    """What the seeded ward holds (ids as created)."""

    admin: str  # the OS user: created the database, so its admin
    clerk: str
    viewer: str
    doctor_id: int  # Ann Lee, doctor
    surgeon_id: int  # Raj Patel, surgeon
    nurse_id: int  # Kim Wu, nurse
    retired_id: int  # Old Doc, doctor, deactivated
    admitted: str  # MRN of Jane Doe, in bed 1A under Ann Lee
    waiting: str  # MRN of John Roe, not admitted
    other: str  # MRN of Mia Chen, not admitted
    north_beds: tuple[str, ...] = ("1A", "1B", "2A", "10A")
    south_beds: tuple[str, ...] = ("S1", "S2")


async def _build(path: Path) -> Seed:
    ward = await Ward.open(path)
    try:
        async with ward.context.writer.begin() as conn:
            now = utcnow()
            for ward_id, name, labels in ((1, "North", Seed.north_beds),
                                          (2, "South", Seed.south_beds)):
                await conn.execute(insert(t.wards).values(id=ward_id, name=name, active=True))
                for label in labels:
                    await conn.execute(insert(t.beds).values(
                        ward_id=ward_id, label=label, type="general", status="free",
                        status_since=now, note="", active=True))
        await ward.users.add("clara", "clerk")
        await ward.users.add("vic", "viewer")
        doctor = await ward.staff.add(StaffForm(name="Ann Lee", role="doctor",
                                                specialization="Cardiology", phone="555 0101"))
        surgeon = await ward.staff.add(StaffForm(name="Raj Patel", role="surgeon"))
        nurse = await ward.staff.add(StaffForm(name="Kim Wu", role="nurse"))
        retired = await ward.staff.add(StaffForm(name="Old Doc", role="doctor"))
        await ward.staff.deactivate(retired.id)
        jane = await ward.patients.register(PatientForm(
            name="Jane Doe", address="1 High St", age=42, gender="F", phone="555 1234",
            doctor_id=doctor.id, bed_label="1A", prescription="Rest",
            appointment_at=utcnow() + timedelta(days=2), amount_cents=12_050))
        john = await ward.patients.register(PatientForm(
            name="John Roe", address="", age=67, gender="M", phone=""))
        mia = await ward.patients.register(PatientForm(
            name="Mia Chen", address="", age=8, gender="F", phone="", urgency=8))
    finally:
        await ward.close()
    return Seed(admin=os_account(), clerk="clara", viewer="vic", doctor_id=doctor.id,
                surgeon_id=surgeon.id, nurse_id=nurse.id, retired_id=retired.id,
                admitted=jane.mrn, waiting=john.mrn, other=mia.mrn)


@pytest.fixture(scope="session")
def _server(request) -> postgres.Cluster | None:
    """The worker's cluster when the suite runs on PostgreSQL, else None."""
    if engine() != "postgresql":
        return None
    return request.getfixturevalue("pg_cluster")


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory, _server) -> tuple[Path | str, Seed]:
    path = tmp_path_factory.mktemp("seed") / "ward.db"
    seed = asyncio.run(_build(path))
    if _server is not None:
        return as_template(_server, path, "tpl_seeded"), seed
    return path, seed


@pytest.fixture
def seed(_seeded_template) -> Seed:
    return _seeded_template[1]


@pytest.fixture
def seeded_db(_seeded_template, _server, request, tmp_path) -> Location:
    """A fresh copy of the seeded ward database for one test."""
    return fresh_ward(_seeded_template[0], _server, request, tmp_path)


@pytest.fixture
def open_ward(seeded_db) -> Callable:
    """`async with open_ward("clara") as ward:` — the seeded ward as a given user."""

    @asynccontextmanager
    async def opener(user: str | None = None) -> AsyncIterator[Ward]:
        ward = await Ward.open(seeded_db, user)
        try:
            yield ward
        finally:
            await ward.close()

    return opener


@pytest.fixture
async def ward(seeded_db) -> AsyncIterator[Ward]:
    """The seeded ward opened as its admin."""
    async with await Ward.open(seeded_db) as ward:
        yield ward


@pytest.fixture
def db_dump(seeded_db) -> Callable[[], list[str]]:
    """Every row of every table as SQL text, to compare before and after a refused write."""

    return lambda: dump(seeded_db)


@pytest.fixture
def demo_db(tmp_path, _server, request) -> Location:
    """The demo ward, built for this test: its slots are counted from the test's own moment."""
    path = tmp_path / "ward.db" if _server is None else _server.new_ward(
        database_name("d_", request))
    create_demo(path)
    return path


@pytest.fixture(scope="session")
def _shared_demo_template(tmp_path_factory, _server) -> Path | str:
    path = tmp_path_factory.mktemp("shared-demo") / "ward.db"
    create_demo(path, "ward", seed=11, owner=os_account())
    return as_template(_server, path, "tpl_shared_demo") if _server is not None else path


@pytest.fixture
def shared_demo_db(_shared_demo_template, _server, request, tmp_path) -> Location:
    """The demo ward of seed 11 built once per test process (at the suite's start, not at
    each test's moment: for tests of records, not of the planner's slots), copied per test."""
    return fresh_ward(_shared_demo_template, _server, request, tmp_path)


@pytest.fixture
def new_location(tmp_path, _server, request) -> Callable[[str], Location]:
    """`new_location("fresh")`: where a new ward named so goes in this test, on the suite's
    engine: a file in `tmp_path` (not made yet), or a new, empty PostgreSQL database."""

    def location(name: str) -> Location:
        if _server is None:
            return tmp_path / f"{name}.db"
        return _server.new_ward(database_name(f"n_{name}_", request))

    return location


@pytest.fixture
async def demo_ward(demo_db) -> AsyncIterator[Ward]:
    """The demo ward (`demo_db`) opened as its admin."""
    async with await Ward.open(demo_db) as ward:
        yield ward


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[postgres.Cluster]:
    """This worker's throwaway PostgreSQL cluster (skips the test where there is none, but
    fails it under `make test-pg`, which sets HRA_REQUIRE_POSTGRESQL)."""
    if postgres.binaries() is None:
        if os.environ.get("HRA_REQUIRE_POSTGRESQL") or engine() == "postgresql":
            pytest.fail("PostgreSQL is not installed; make test-pg needs its server programs")
        pytest.skip("PostgreSQL is not installed (make test-pg needs it)")
    cluster = postgres.Cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_ward(pg_cluster, request) -> ServerWard:
    """A new, empty PostgreSQL database for this test, as a ward location."""
    return pg_cluster.new_ward(database_name("t_", request))
