"""The waiting list's migration: a ward at the revision before it upgrades with its records
kept, the new table holds a patient to one waiting place, and the downgrade takes it away."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command

from db.engine import make_engine
from db.migrate import _config, current_revision

PATIENT = ("INSERT INTO patients (mrn, name, age, gender, phone, phone_digits, address, urgency,"
           " registered_at, active) VALUES ('P1', 'Ben Ode', 40, 'M', '', '', '', 7, "
           "'2026-01-01 10:00:00.000000', 1)")
WAITING = ("INSERT INTO waiting_list (patient_id, doctor_id, specialty, priority, since, note, "
           "status, added_by) VALUES (1, NULL, 'Cardiology', 3, '2026-01-02 10:00:00.000000', "
           "'', 'waiting', 'clara')")


def _to(engine, revision: str, down: bool = False) -> None:
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)


def test_the_waiting_list_migration_upgrades_a_ward_and_downgrades_again(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(path)
    _to(engine, "0010_ward_history")
    with engine.begin() as conn:
        conn.exec_driver_sql(PATIENT)
    _to(engine, "0011_waiting_list")
    assert current_revision(engine) == "0011_waiting_list"
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT name FROM patients").fetchall() == [("Ben Ode",)]
        conn.execute(WAITING)
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            conn.execute(WAITING)  # one waiting place per patient
        with pytest.raises(sqlite3.IntegrityError, match="wants"):  # neither doctor nor specialty
            conn.execute(WAITING.replace("'Cardiology'", "''").replace("'waiting'", "'removed'")
                         .replace("'clara')", "'clara'), (1, NULL, '', 3, '2026-01-02', '', "
                                  "'removed', 'clara')"))
        conn.commit()
    finally:
        conn.close()
    _to(engine, "0010_ward_history", down=True)
    conn = sqlite3.connect(path)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert "waiting_list" not in tables and "patients" in tables
    engine.dispose()
