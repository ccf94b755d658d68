"""The command line on a PostgreSQL ward (`--db postgresql://…`): the same commands and lines
as on a file, `hra db check` in the server's words, `hra backup` through pg_dump, `hra db
copy` between the engines."""

from __future__ import annotations

import json
from datetime import timedelta

import psycopg
import pytest
from support.cli import ok, one_line

from db.demo import create_demo

pytestmark = pytest.mark.pg


@pytest.fixture
def pg_db(pg_ward):
    create_demo(pg_ward, "ward", seed=5)
    return pg_ward.url


def _free_beds(hra, db) -> list[str]:
    beds = json.loads(hra(db, "bed", "list", "--status", "free", "--json").stdout)
    return [bed["label"] for bed in beds]


def test_admit_transfer_discharge_and_check_on_postgresql(hra, pg_db):
    waiting = [p["mrn"] for p in json.loads(hra(pg_db, "patient", "list", "--json").stdout)
               if not p["bed"]]
    first, second = _free_beds(hra, pg_db)[:2]
    assert "Admitted" in ok(hra(pg_db, "admit", waiting[0], first))
    assert "is occupied by" in one_line(hra(pg_db, "admit", waiting[1], first), 1)
    assert "Moved" in ok(hra(pg_db, "transfer", waiting[0], second))
    assert "Discharged" in ok(hra(pg_db, "discharge", waiting[0]))
    assert ok(hra(pg_db, "db", "check")).endswith(": ok")
    assert "already holds a ward" in one_line(hra(pg_db, "db", "init"), 1)


def test_a_database_without_a_ward_is_refused_and_db_init_makes_one(hra, pg_ward):
    line = one_line(hra(pg_ward.url, "bed", "list"), 3)
    assert "No ward database at" in line and "hra db init" in line
    assert "created an empty ward" in ok(hra(pg_ward.url, "db", "init"))
    assert ok(hra(pg_ward.url, "db", "check")).endswith(": ok")


def test_copy_to_a_file_and_back_keeps_every_row(hra, pg_db, pg_cluster, tmp_path):
    copy = tmp_path / "copy.db"
    line = ok(hra(str(copy), "db", "copy", pg_db, str(copy)))
    assert "every table's count and checksum verified" in line
    again = pg_cluster.new_ward("again")
    ok(hra(str(copy), "db", "copy", str(copy), again.url))
    listing = [hra(db, "patient", "list", "--json").stdout for db in (pg_db, str(copy),
                                                                       again.url)]
    assert listing[0] == listing[1] == listing[2]
    assert "already holds ward records" in one_line(
        hra(str(copy), "db", "copy", str(copy), again.url), 3)


def test_backup_uses_pg_dump_and_is_owner_only(hra, pg_db, tmp_path):
    target = tmp_path / "ward.dump"
    assert "pg_dump, read back by pg_restore" in ok(hra(pg_db, "backup", "-o", str(target)))
    assert target.read_bytes()[:5] == b"PGDMP"
    assert target.stat().st_mode & 0o777 == 0o600


def test_imports_on_postgresql_write_booleans_replace_days_and_number_on(hra, pg_db, tmp_path,
                                                                         now):
    patients = tmp_path / "patients.csv"
    patients.write_text("mrn,name,age,gender,phone,address\n,Ines Quixote,44,F,555 2222,\n"
                        "P900001,Omar Haddad,51,M,,\n", encoding="utf-8")
    assert ": 2 patients added, 0 changed" in ok(hra(pg_db, "import", "patients", str(patients)))
    ward = json.loads(hra(pg_db, "ward", "list", "--json").stdout)[0]["name"]
    day = (now - timedelta(days=400)).date().isoformat()
    history = tmp_path / "history.csv"
    for admitted in (3, 4):  # the second import replaces the day the first wrote
        history.write_text(f"ward,day,admitted,discharged,occupied\n{ward},{day},{admitted},"
                           "2,10\n", encoding="utf-8")
        ok(hra(pg_db, "import", "history", str(history)))
    found = json.loads(hra(pg_db, "patient", "list", "--search", "quixote", "--json").stdout)
    assert [p["mrn"] for p in found] == ["P900002"]  # above the highest numbered MRN
    with psycopg.connect(pg_db) as conn:
        assert conn.execute("SELECT h.admitted FROM ward_history h JOIN wards w ON w.id = "
                            "h.ward_id WHERE h.day = %s AND w.name = %s",
                            (day, ward)).fetchall() == [(4,)]
    assert ok(hra(pg_db, "db", "check")).endswith(": ok")


def test_the_planners_plan_and_apply_on_postgresql(hra, pg_db):
    assert "OPTIMAL" in hra(pg_db, "plan", "--horizon", "1", "--time-limit", "5").stdout
    [plan] = json.loads(hra(pg_db, "plan", "list", "--json").stdout)
    assert "applied" in ok(hra(pg_db, "plan", "apply", str(plan["id"])))
    applied = hra(pg_db, "ihtc", "plan", "--iterations", "100", "--apply")
    assert applied.exit_code == 0, applied.output
    assert "Applied as plan" in applied.stdout
    assert ok(hra(pg_db, "db", "check")).endswith(": ok")
