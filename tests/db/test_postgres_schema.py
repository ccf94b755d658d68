"""On PostgreSQL the migrations make the models' schema with the same integrity as on SQLite
(foreign keys, named CHECKs, partial unique indexes), and `db/copy` moves a ward between the
engines and back with every table's count and checksum unchanged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

import db.models  # noqa: F401
from db import tables as t
from db.copy import copy_ward, ward_sums
from db.demo import create_demo
from db.engine import make_engine
from db.migrate import current_revision, head_revision, upgrade

pytestmark = pytest.mark.pg


@pytest.fixture
def pg_engine(pg_ward):
    engine = make_engine(pg_ward)
    upgrade(engine)
    yield engine
    engine.dispose()


def _checks(engine) -> set[tuple[str, str]]:
    found = inspect(engine)
    return {(table, check["name"]) for table in found.get_table_names()
            for check in found.get_check_constraints(table)}


def test_migrations_produce_the_models_schema_on_postgresql(pg_engine):
    with pg_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                SQLModel.metadata)
    assert diff == []
    assert current_revision(pg_engine) == head_revision()
    assert upgrade(pg_engine) is False


def test_both_engines_hold_the_same_named_checks_and_partial_indexes(pg_engine, tmp_path):
    sqlite = make_engine(tmp_path / "ward.db")
    upgrade(sqlite)
    assert _checks(pg_engine) == _checks(sqlite) != set()
    indexes = {i["name"]: i for i in inspect(pg_engine).get_indexes("admissions")}
    assert indexes["uq_admissions_active_bed"]["unique"]
    assert "discharged_at IS NULL" in \
        indexes["uq_admissions_active_bed"]["dialect_options"]["postgresql_where"]
    with sqlite.connect() as conn:  # a partial index on one engine is partial on the other
        partial_on_file = {name for (name,) in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'")}
    inspector = inspect(pg_engine)
    partial_on_server = {index["name"] for table in inspector.get_table_names()
                         for index in inspector.get_indexes(table)
                         if index.get("dialect_options", {}).get("postgresql_where")}
    assert partial_on_server == partial_on_file
    assert "uq_waiting_list_patient" in partial_on_file
    sqlite.dispose()


def _ward_with_two_patients(conn, now):
    conn.execute(insert(t.wards).values(id=1, name="North", active=True))
    conn.execute(insert(t.beds).values(id=1, ward_id=1, label="1A", type="general",
                                       status="free", status_since=now, note="", active=True))
    for n in (1, 2):
        conn.execute(insert(t.patients).values(
            id=n, mrn=f"P00000{n}", name=f"Patient {n}", age=40, gender="F", phone="",
            address="", urgency=5, registered_at=now, active=True, phone_digits=""))


def test_one_active_admission_per_bed_and_patient_is_the_servers_rule(pg_engine, now):
    with pg_engine.begin() as conn:
        _ward_with_two_patients(conn, now)
        first = conn.execute(insert(t.admissions).values(
            patient_id=1, bed_id=1, prescription="", admitted_at=now)).inserted_primary_key[0]
    with pytest.raises(IntegrityError, match="uq_admissions_active_bed"), \
            pg_engine.begin() as conn:
        conn.execute(insert(t.admissions).values(patient_id=2, bed_id=1, prescription="",
                                                 admitted_at=now))
    with pg_engine.begin() as conn:  # once discharged, the bed takes the next patient
        conn.execute(update(t.admissions).where(t.admissions.c.id == first)
                     .values(discharged_at=now + timedelta(hours=1)))
        conn.execute(insert(t.admissions).values(patient_id=2, bed_id=1, prescription="",
                                                 admitted_at=now))
    with pytest.raises(IntegrityError, match="ck_patients_age"), pg_engine.begin() as conn:
        conn.execute(update(t.patients).where(t.patients.c.id == 1).values(age=-1))
    with pytest.raises(IntegrityError, match="foreign key"), pg_engine.begin() as conn:
        conn.execute(insert(t.admissions).values(patient_id=1, bed_id=99, prescription="",
                                                 admitted_at=now))


def test_a_ward_copied_to_postgresql_and_back_is_the_same_table_by_table(pg_ward, tmp_path):
    source, back = tmp_path / "ward.db", tmp_path / "back.db"
    create_demo(source, "ward", seed=3)
    sums = copy_ward(source, pg_ward)
    assert sums == ward_sums(source) == ward_sums(pg_ward)
    assert {s.table: s.rows for s in sums}["patients"] == 60
    assert copy_ward(pg_ward, back) == sums == ward_sums(back)


def test_a_copy_refuses_a_target_that_holds_records(pg_ward, tmp_path):
    source = tmp_path / "ward.db"
    create_demo(source, "ward", seed=3)
    copy_ward(source, pg_ward)
    with pytest.raises(Exception, match="already holds ward records"):
        copy_ward(source, pg_ward)
