"""The waiting list's migration: a ward at the revision before it upgrades with its records
kept, the new table holds a patient to one waiting place, and the downgrade takes it away."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect
from support.wards import connect, integrity_errors

from db.engine import make_engine
from db.migrate import _config, current_revision

PATIENT = ("INSERT INTO patients (mrn, name, age, gender, phone, phone_digits, address, urgency,"
           " registered_at, active) VALUES ('P1', 'Ben Ode', 40, 'M', '', '', '', 7, "
           "'2026-01-01 10:00:00.000000', TRUE)")
WAITING = ("INSERT INTO waiting_list (patient_id, doctor_id, specialty, priority, since, note, "
           "status, added_by) VALUES (1, NULL, 'Cardiology', 3, '2026-01-02 10:00:00.000000', "
           "'', 'waiting', 'clara')")


def _to(engine, revision: str, down: bool = False) -> None:
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)


def test_the_waiting_list_migration_upgrades_a_ward_and_downgrades_again(new_location):
    path = new_location("old")
    engine = make_engine(path)
    _to(engine, "0010_ward_history")
    with engine.begin() as conn:
        conn.exec_driver_sql(PATIENT)
    _to(engine, "0011_waiting_list")
    assert current_revision(engine) == "0011_waiting_list"
    conn = connect(path)
    try:
        assert conn.execute("SELECT name FROM patients").fetchall() == [("Ben Ode",)]
        conn.execute(WAITING)
        conn.commit()
        with pytest.raises(integrity_errors(), match="(?i)unique|duplicate key"):
            conn.execute(WAITING)  # one waiting place per patient
        with pytest.raises(integrity_errors(), match="wants"):  # neither doctor nor specialty
            conn.execute("INSERT INTO waiting_list (patient_id, doctor_id, specialty, priority, "
                         "since, note, status, added_by, closed_by, closed_at) VALUES (1, NULL, "
                         "'', 3, '2026-01-02 10:00:00', '', 'removed', 'clara', 'clara', "
                         "'2026-01-03 10:00:00')")
    finally:
        conn.close()
    _to(engine, "0010_ward_history", down=True)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert "waiting_list" not in tables and "patients" in tables
