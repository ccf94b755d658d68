"""The demo ward is realistic, consistent with its own rules, seeded, and never clobbers data."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select
from support.wards import connect

from db.demo import SIZES, DemoRefused, create_demo
from db.engine import make_engine
from db.migrate import current_revision, head_revision
from db.models import Appointment, Bed, Invoice
from db.time_codec import sql_time

NOW = datetime(2026, 3, 12, 10, 17, tzinfo=UTC)


@pytest.fixture(scope="module")
def ward_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "ward.db"
    summary = create_demo(path, "ward", seed=7, owner="alice", now=NOW)
    return path, summary


AS_BUILT = pytest.mark.sqlite_only(reason="the demo as built, in the SQLite file it is always "
                                          "built in (a PostgreSQL ward gets it copied, verified)")


def _q(path, sql, *args):
    con = connect(path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def _one(path, sql, *args):
    return _q(path, sql, *args)[0][0]


@AS_BUILT
def test_ward_size_has_the_promised_records(ward_db):
    path, summary = ward_db
    assert (summary.wards, summary.beds, summary.staff, summary.patients) == (2, 40, 25, 60)
    assert _one(path, "SELECT count(*) FROM wards") == 2
    assert _one(path, "SELECT count(*) FROM beds") == 40
    assert _one(path, "SELECT count(*) FROM patients") == 60
    assert _one(path, "SELECT count(DISTINCT role) FROM staff") == 5
    assert _one(path, "SELECT count(*) FROM admissions WHERE discharged_at IS NULL") == 30
    assert {r[0] for r in _q(path, "SELECT status FROM appointments")} >= {
        "booked", "done", "cancelled", "no_show"}
    assert {r[0] for r in _q(path, "SELECT status FROM billing")} >= {"paid", "unpaid"}
    assert {r[0] for r in _q(path, "SELECT kind FROM resources")} >= {
        "operating room", "imaging", "ventilator"}
    slots = _q(path, "SELECT demand, skill_min FROM time_slots")
    assert len(slots) == 21 and all(2 <= d <= 5 and s >= d for d, s in slots)
    labels = [r[0] for r in _q(path, "SELECT label FROM beds ORDER BY id")]
    assert labels[:3] == ["3A", "3B", "3C"] and labels[-1] == "4T"
    assert _one(path, "SELECT min(mrn) FROM patients") == "P000001"
    assert current_revision(make_engine(path, create=False)) == head_revision()


@AS_BUILT
def test_phone_digits_are_the_phone_without_its_spacing(ward_db):
    rows = _q(ward_db[0], "SELECT phone, phone_digits FROM patients")
    assert rows and all(digits == re.sub(r"\D", "", phone) and digits for phone, digits in rows)


@AS_BUILT
def test_bed_statuses_agree_with_admissions(ward_db):
    path, _ = ward_db
    mismatched = _q(path, """
        SELECT b.label, b.status FROM beds b
        LEFT JOIN admissions a ON a.bed_id = b.id AND a.discharged_at IS NULL
        WHERE (b.status = 'occupied') != (a.id IS NOT NULL)""")
    assert mismatched == []
    statuses = dict(_q(path, "SELECT status, count(*) FROM beds GROUP BY status"))
    assert statuses["occupied"] == 30 and statuses["cleaning"] >= 1 and statuses["blocked"] >= 1
    assert _one(path, "SELECT count(*) FROM beds WHERE status = 'blocked' AND note = ''") == 0


@AS_BUILT
def test_database_integrity_holds(ward_db):
    path, _ = ward_db
    assert _q(path, "PRAGMA foreign_key_check") == []
    assert _q(path, "PRAGMA integrity_check") == [("ok",)]
    assert _one(path, """SELECT count(*) FROM billing
                         WHERE (status = 'paid') != (paid_at IS NOT NULL)""") == 0


@AS_BUILT
def test_times_are_aware_utc_around_now(ward_db):
    path, _ = ward_db
    with Session(make_engine(path, create=False)) as session:
        starts = [a.starts_at for a in session.exec(select(Appointment))]
        invoices = list(session.exec(select(Invoice)))
        beds = list(session.exec(select(Bed)))
    assert all(s.tzinfo is UTC for s in starts)
    assert NOW - timedelta(days=8) <= min(starts) and max(starts) <= NOW + timedelta(days=8)
    assert all(i.created_at <= NOW for i in invoices)
    assert all(b.status_since <= NOW for b in beds)
    future = _q(path, "SELECT DISTINCT status FROM appointments WHERE starts_at > ?",
                sql_time(NOW))
    assert {s for (s,) in future} <= {"booked", "cancelled"}


@AS_BUILT
def test_first_user_is_admin_and_the_load_is_audited(ward_db):
    path, _ = ward_db
    assert _q(path, "SELECT name, role, active FROM users") == [("alice", "admin", 1)]
    audit = _q(path, "SELECT user, action, detail FROM audit_log ORDER BY id")
    assert [a[:2] for a in audit] == [("alice", "add"), ("alice", "demo")]
    assert "60 patients" in audit[1][2]


@AS_BUILT
def test_same_seed_same_database_other_seed_other(tmp_path):
    dumps = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        create_demo(tmp_path / f"{name}.db", "ward", seed=seed, owner="alice", now=NOW)
        dumps.append(_q(tmp_path / f"{name}.db", "SELECT mrn, name, age, phone FROM patients"))
    assert dumps[0] == dumps[1]
    assert dumps[0] != dumps[2]


def test_refuses_to_overwrite_without_force(new_location):
    path = new_location("ward")
    create_demo(path, "ward", seed=1, owner="alice", now=NOW)
    before = _q(path, "SELECT mrn, name FROM patients ORDER BY id")
    with pytest.raises(DemoRefused, match="--force"):
        create_demo(path, "ward", seed=2, owner="alice", now=NOW)
    assert _q(path, "SELECT mrn, name FROM patients ORDER BY id") == before

    with pytest.raises(DemoRefused, match="Only an admin"):
        create_demo(path, "ward", seed=2, user="mallory", owner="mallory", force=True, now=NOW)
    assert _q(path, "SELECT mrn, name FROM patients ORDER BY id") == before

    create_demo(path, "ward", seed=2, user="alice", force=True, now=NOW)
    after = _q(path, "SELECT mrn, name FROM patients ORDER BY id")
    assert len(after) == 60 and after != before
    assert _one(path, "SELECT count(*) FROM users") == 1
    assert _one(path, "SELECT detail FROM audit_log ORDER BY id DESC LIMIT 1").startswith(
        "replaced the ward's records")
    if isinstance(path, Path):  # the server holds its foreign keys itself
        assert _q(path, "PRAGMA foreign_key_check") == []


def test_new_database_belongs_to_its_owner(new_location):
    path = new_location("ward")
    with pytest.raises(DemoRefused, match="bob is not one"):
        create_demo(path, "ward", user="bob", owner="alice", now=NOW)
    assert _one(path, "SELECT count(*) FROM patients") == 0
    create_demo(path, "ward", owner="alice", now=NOW)
    assert _q(path, "SELECT name, role FROM users") == [("alice", "admin")]


def test_unknown_size_is_refused(tmp_path):
    with pytest.raises(DemoRefused, match="Unknown demo size"):
        create_demo(tmp_path / "x.db", "galaxy")


def test_hospital_size_fits_its_slots():
    size = SIZES["hospital"]
    doctors = size.staff["doctor"] + size.staff["surgeon"]
    slots = (size.days_back + size.days_ahead + 1) * size.slots_per_day
    assert size.appointments <= doctors * slots
    assert size.admitted + size.cleaning + size.blocked + size.reserved < (
        len(size.wards) * size.beds_per_ward)
    assert size.patients == 100_000 and size.appointments == 200_000


@AS_BUILT
@pytest.mark.slow
def test_hospital_size_loads_whole_and_consistent(tmp_path):
    path = tmp_path / "hospital.db"
    summary = create_demo(path, "hospital", seed=7, owner="alice", now=NOW)
    assert summary.seconds < 60
    assert _one(path, "SELECT count(*) FROM patients") == 100_000
    assert _one(path, "SELECT count(*) FROM beds") == 1_000
    assert _one(path, "SELECT count(*) FROM staff") == 300
    assert _one(path, "SELECT count(*) FROM appointments") == 200_000
    assert _one(path, "SELECT count(*) FROM ward_history") == 50 * 730
    assert _q(path, "PRAGMA foreign_key_check") == []
    assert _one(path, """SELECT count(*) FROM beds b LEFT JOIN admissions a
                         ON a.bed_id = b.id AND a.discharged_at IS NULL
                         WHERE (b.status = 'occupied') != (a.id IS NOT NULL)""") == 0


@AS_BUILT
def test_ward_demo_has_an_admissions_problem_in_one_gender_rooms(ward_db):
    path, _ = ward_db
    assert _one(path, "SELECT days FROM planning_horizon") == 14
    assert _one(path, "SELECT count(DISTINCT room) FROM beds WHERE room != ''") == 7
    assert _one(path, "SELECT count(*) FROM admission_requests WHERE kind = 'patient'") > 20
    mixed = _q(path, """SELECT b.room FROM admissions a JOIN beds b ON b.id = a.bed_id
                        JOIN patients p ON p.id = a.patient_id
                        WHERE a.discharged_at IS NULL AND b.room != ''
                        GROUP BY b.room HAVING count(DISTINCT p.gender) > 1""")
    assert mixed == []
    # every day of every shift type has at least two nurses working
    assert _one(path, """SELECT min(n) FROM (SELECT count(*) AS n FROM nurse_shifts
                         GROUP BY day, shift)""") >= 2
    assert _one(path, "SELECT count(*) FROM (SELECT DISTINCT day, shift FROM nurse_shifts)") \
        == 14 * 3


@AS_BUILT
def test_ward_demo_has_two_years_of_daily_history_ending_yesterday(ward_db):
    """The forecast's history: every ward, 730 consecutive days to the day before the demo's
    now; the census is the running sum; Mondays busier than Saturdays, winter than summer."""
    path, _ = ward_db
    yesterday = (NOW - timedelta(days=1)).date().isoformat()
    assert _q(path, "SELECT ward_id, count(*), max(day), julianday(max(day)) - "
                    "julianday(min(day)) FROM ward_history GROUP BY ward_id") == [
        (1, 730, yesterday, 729.0), (2, 730, yesterday, 729.0)]
    assert _one(path, """SELECT count(*) FROM ward_history h JOIN ward_history p
                         ON p.ward_id = h.ward_id AND p.day = date(h.day, '-1 day')
                         WHERE h.occupied != p.occupied + h.admitted - h.discharged""") == 0
    by_weekday = dict(_q(path, "SELECT strftime('%w', day), avg(admitted) FROM ward_history "
                               "GROUP BY 1"))
    assert by_weekday["1"] > by_weekday["6"]  # Monday, Saturday
    winter, summer = (_one(path, f"SELECT avg(admitted) FROM ward_history "
                                 f"WHERE strftime('%m', day) IN ({months})")
                      for months in ("'12', '01', '02'", "'06', '07', '08'"))
    assert winter > summer
