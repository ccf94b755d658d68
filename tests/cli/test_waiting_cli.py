"""`hra waiting add|list|remove|fill` and `hra appointment cancel`: the cancellation names who
the slot is offered to, the clerk's fill books it, and refusals are one `hra:` line."""

from __future__ import annotations

import json

from support.cli import ok, one_line
from support.wards import connect


def _future_visit(db, now) -> tuple[int, str, str]:
    """A booked visit ahead, with its patient's MRN and its doctor's specialty."""
    conn = connect(db)
    try:
        return conn.execute(
            "SELECT a.id, p.mrn, s.specialization FROM appointments a "
            "JOIN patients p ON p.id = a.patient_id JOIN staff s ON s.id = a.doctor_id "
            "WHERE a.status = 'booked' AND a.starts_at > ? AND s.specialization != '' "
            "ORDER BY a.starts_at LIMIT 1", (now.strftime("%Y-%m-%d %H:%M:%S"),)).fetchone()
    finally:
        conn.close()


def _patients(hra, db, but: str) -> list[str]:
    rows = json.loads(hra(db, "patient", "list", "--json").stdout)
    return [row["mrn"] for row in rows if row["mrn"] != but and not row["bed"]]


def test_a_cancelled_slot_is_offered_and_the_clerk_books_it(hra, db, now):
    visit, mrn, specialty = _future_visit(db, now)
    low, high = _patients(hra, db, mrn)[:2]
    ok(hra(db, "waiting", "add", low, "--specialty", specialty.lower(), "-p", "2"))
    line = ok(hra(db, "waiting", "add", high, "-s", specialty, "--priority", "5",
                  "--note", "Can come at short notice"))
    assert f"waits for any {specialty} doctor, priority 5" in line
    listed = json.loads(hra(db, "waiting", "list", "--json").stdout)
    assert [row["mrn"] for row in listed] == [high, low]
    cancelled = ok(hra(db, "appointment", "cancel", str(visit)))
    assert cancelled.startswith("Cancelled ") and "offered to" in cancelled
    assert f"({high}), priority 5" in cancelled and f"hra waiting fill {visit}" in cancelled
    booked = ok(hra(db, "waiting", "fill", str(visit)))
    assert booked.startswith("Booked ") and f"({high})" in booked
    assert [row["mrn"] for row in json.loads(hra(db, "waiting", "list", "--json").stdout)] \
        == [low]
    assert "already has" in one_line(hra(db, "waiting", "fill", str(visit)), 1)


def test_a_cancellation_nobody_fits_says_so_and_a_place_can_be_removed(hra, db, now):
    visit, mrn, _ = _future_visit(db, now)
    other = _patients(hra, db, mrn)[0]
    assert "practises" in one_line(hra(db, "waiting", "add", other, "-s", "Nowhere"), 1)
    line = ok(hra(db, "appointment", "cancel", str(visit)))
    assert line.endswith("nobody on the waiting list fits the slot")
    assert "Nobody waiting fits" in one_line(hra(db, "waiting", "fill", str(visit)), 1)


def test_waiting_refusals_are_one_line(hra, db, now):
    visit, mrn, specialty = _future_visit(db, now)
    assert "a doctor or a specialty" in one_line(hra(db, "waiting", "add", mrn), 1)
    assert "Priority must be" in one_line(hra(db, "waiting", "add", mrn, "-s", specialty,
                                              "-p", "0"), 1)
    ok(hra(db, "waiting", "add", mrn, "-s", specialty))
    place = json.loads(hra(db, "waiting", "list", "--json").stdout)[0]["id"]
    assert "already waiting" in one_line(hra(db, "waiting", "add", mrn, "-s", specialty), 1)
    assert ok(hra(db, "waiting", "remove", str(place))).endswith(f"any {specialty} doctor")
    assert "no longer waiting" in one_line(hra(db, "waiting", "remove", str(place)), 1)
    assert "No place 999" in one_line(hra(db, "waiting", "remove", "999"), 1)
    assert "not cancelled" in one_line(hra(db, "waiting", "fill", str(visit)), 1)
    assert "No appointment 999" in one_line(hra(db, "appointment", "cancel", "999"), 1)


def test_a_demo_forced_over_a_ward_with_a_waiting_list_replaces_it(hra, db, now):
    _, mrn, specialty = _future_visit(db, now)
    ok(hra(db, "waiting", "add", mrn, "-s", specialty))
    assert "Loaded the ward demo" in ok(hra(db, "demo", "--force"))
    assert json.loads(hra(db, "waiting", "list", "--json").stdout) == []
