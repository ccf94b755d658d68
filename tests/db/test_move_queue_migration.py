"""Migration 0012 on a ward at 0011: the records stay, the queue table comes with its
promises (one open move per patient, one approved move per bed), and it goes back down."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect
from support.wards import connect, integrity_errors

from db.engine import make_engine
from db.migrate import _config

STAMP = "2026-03-01 10:00:00.000000"


def _to(engine, revision: str, down: bool = False) -> None:
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)


def _move(conn, patient: int, status: str, bed: int | None = 1) -> None:
    approved = STAMP if status in ("approved", "done") else None
    conn.execute(
        "INSERT INTO move_queue (kind, patient_id, ward_id, bed_id, status, note, source, "
        "requested_by, requested_at, approved_by, approved_at, done_at) VALUES "
        "('admit', ?, 1, ?, ?, '', '', 'ada', ?, ?, ?, ?)",
        (patient, bed, status, STAMP, approved and "ada", approved,
         STAMP if status == "done" else None))


def test_the_queue_migration_keeps_the_ward_and_holds_the_queue_promises(new_location):
    path = new_location("old")
    engine = make_engine(path)
    _to(engine, "0011_waiting_list")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO wards (id, name, active) VALUES (1, 'North', TRUE)")
        conn.exec_driver_sql(
            "INSERT INTO beds (id, ward_id, label, type, status, status_since, note, active, "
            f"room) VALUES (1, 1, '1A', 'general', 'free', '{STAMP}', '', TRUE, '')")
        for number in (1, 2):
            conn.exec_driver_sql(
                "INSERT INTO patients (mrn, name, age, gender, phone, phone_digits, address, "
                f"urgency, registered_at, active) VALUES ('P{number}', 'Pat {number}', 40, 'F', "
                f"'', '', '', 5, '{STAMP}', TRUE)")
    _to(engine, "0012_move_queue")
    engine.dispose()
    conn = connect(path)
    try:
        assert conn.execute("SELECT label FROM beds").fetchall() == [("1A",)]
        _move(conn, 1, "approved")
        _move(conn, 2, "done")  # a done move no longer holds the bed
        conn.commit()
        with pytest.raises(integrity_errors(), match="(?i)unique|duplicate key"):
            _move(conn, 2, "approved")  # the bed is promised to patient 1's move
        with pytest.raises(integrity_errors(), match="(?i)unique|duplicate key"):
            _move(conn, 1, "requested", None)  # patient 1 has a move open
        with pytest.raises(integrity_errors(), match="(?i)check"):
            _move(conn, 2, "approved", None)  # an approved move names its bed
        assert conn.execute("SELECT count(*) FROM move_queue").fetchone() == (2,)
    finally:
        conn.close()
    engine = make_engine(path)
    _to(engine, "0011_waiting_list", down=True)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert "move_queue" not in tables and "beds" in tables
