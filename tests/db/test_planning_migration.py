"""A ward database at the schema before the planner upgrades on open and keeps its records."""

from __future__ import annotations

from alembic import command
from support.wards import connect

from db.engine import make_engine
from db.migrate import _config, current_revision, head_revision
from hra_tui.services.ward import Ward


async def test_a_database_at_the_previous_head_upgrades_on_open(new_location):
    path = new_location("old")
    engine = make_engine(path)
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO staff (name, role, specialization, phone, skill, max_slots, "
            "cost_per_slot, overtime_cost, active) VALUES ('Ada Obi', 'doctor', '', '', 4, 9, "
            "10, 14, TRUE)")
        conn.exec_driver_sql(
            "INSERT INTO patients (mrn, name, age, gender, phone, address, urgency, "
            "registered_at, active) VALUES ('P1', 'Ben Ode', 40, 'M', '', '', 7, "
            "'2026-01-01 10:00:00.000000', TRUE)")
    assert current_revision(engine) == "0001"
    engine.dispose()

    ward = await Ward.open(path)
    try:
        staff = await ward.staff.list()
        assert [s.name for s in staff] == ["Ada Obi"]
    finally:
        await ward.close()
    engine = make_engine(path)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    conn = connect(path)
    try:
        assert conn.execute("SELECT name, urgency FROM patients").fetchall() == [("Ben Ode", 7)]
        assert conn.execute("SELECT count(*) FROM care_requests").fetchone() == (0,)
    finally:
        conn.close()


def test_the_phone_digits_migration_fills_the_column_for_every_patient(new_location):
    engine = make_engine(new_location("old"))
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002_planning")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO patients (mrn, name, age, gender, phone, address, urgency, "
            "registered_at, active) VALUES ('P1', 'Ben Ode', 40, 'M', '+44 (113) 496-0123', '', "
            "7, '2026-01-01 10:00:00.000000', TRUE), ('P2', 'Eve Ode', 4, 'F', '', '', 7, "
            "'2026-01-01 10:00:00.000000', TRUE)")
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    with engine.connect() as conn:
        assert conn.exec_driver_sql(
            "SELECT mrn, phone_digits FROM patients ORDER BY mrn").fetchall() == \
            [("P1", "441134960123"), ("P2", "")]
    engine.dispose()
