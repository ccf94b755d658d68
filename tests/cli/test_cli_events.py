"""`hra staff absent|absences|absence cancel` and `hra theatre close|closures|reopen` on the
demo ward: one line for each write, one `hra:` line and exit 1 for each refusal, never a
traceback; the listings as a table and as JSON."""

from __future__ import annotations

import json

import pytest
from support.cli import ok, one_line
from support.wards import connect


def _doctor(db) -> str:
    """The demo's first doctor by name (the seed draws the names)."""
    conn = connect(db)
    try:
        return conn.execute("SELECT name FROM staff WHERE role = 'doctor' ORDER BY id"
                            ).fetchone()[0]
    finally:
        conn.close()


def test_an_absence_entered_listed_and_cancelled(hra, db):
    name = _doctor(db)
    line = ok(hra(db, "staff", "absent", name, "--from", "tomorrow 07:00",
                  "--to", "tomorrow 19:00", "--reason", "sick"))
    assert line.startswith(f"Absence 1: {name} (doctor) absent from ")
    assert line.endswith("19:00 (sick)")
    table = hra(db, "staff", "absences").stdout.splitlines()
    assert table[0].split() == ["ID", "STAFF", "KIND", "FROM", "TO", "REASON"]
    assert table[1].startswith(f"1   {name}")
    listed = json.loads(hra(db, "staff", "absences", "--json").stdout)
    assert [(row["id"], row["staff"], row["reason"], row["status"]) for row in listed] == [
        (1, name, "sick", "active")]
    assert ok(hra(db, "staff", "absence", "cancel", "1")).startswith(
        f"Absence 1 of {name} from ")
    assert json.loads(hra(db, "staff", "absences", "--json").stdout) == []
    assert [row["status"] for row in json.loads(
        hra(db, "staff", "absences", "--all", "--json").stdout)] == ["cancelled"]


@pytest.mark.parametrize(("args", "message"), [
    (("Nobody", "--from", "tomorrow 07:00", "--to", "tomorrow 19:00"),
     "hra: No staff member named 'Nobody'"),
    (("1", "--from", "tomorrow 19:00", "--to", "tomorrow 07:00"),
     "hra: To must come after From"),
    (("1", "--from", "yesterday 07:00", "--to", "yesterday 19:00"),
     "has passed already; only what is still to come changes a plan"),
    (("1", "--from", "soon", "--to", "tomorrow 19:00"),
     "hra: From: 'soon' is not a date and time; use e.g. 2026-03-12 14:30 or 12/03 14:30"),
])
def test_a_bad_absence_is_one_line(hra, db, args, message):
    assert message in one_line(hra(db, "staff", "absent", *args), 1)


def test_an_overlapping_absence_and_a_second_cancel_are_refused(hra, db):
    name = _doctor(db)
    ok(hra(db, "staff", "absent", name, "--from", "tomorrow 07:00", "--to", "tomorrow 19:00"))
    assert f"{name} is absent from" in one_line(hra(
        db, "staff", "absent", name, "--from", "tomorrow 18:00", "--to", "tomorrow 20:00"), 1)
    ok(hra(db, "staff", "absence", "cancel", "1"))
    assert one_line(hra(db, "staff", "absence", "cancel", "1"), 1).startswith(
        f"hra: Absence 1 of {name} was cancelled already")
    assert one_line(hra(db, "staff", "absence", "cancel", "9"), 1) == "hra: No absence 9"


def test_a_theatre_closed_listed_and_reopened(hra, db):
    line = ok(hra(db, "theatre", "close", "operating room 1", "--from", "tomorrow 08:00",
                  "--to", "tomorrow 18:00", "-r", "ventilation"))
    assert line.startswith("Closure 1: Operating room 1 closed from ")
    assert line.endswith("(ventilation)")
    listed = json.loads(hra(db, "theatre", "closures", "--json").stdout)
    assert [(row["resource"], row["kind"]) for row in listed] == [
        ("Operating room 1", "operating room")]
    assert "Operating room 1 is closed from" in one_line(hra(
        db, "theatre", "close", "Operating room 1", "--from", "tomorrow 09:00", "--to",
        "tomorrow 10:00"), 1)
    assert ok(hra(db, "theatre", "reopen", "1")).endswith(
        "cancelled: Operating room 1 is open again")
    assert hra(db, "theatre", "closures").stdout.splitlines()[1:] == []


def test_an_unknown_theatre_and_a_viewer_are_refused(hra, db):
    assert one_line(hra(db, "theatre", "close", "Theatre X", "--from", "tomorrow 08:00",
                        "--to", "tomorrow 18:00"), 1) == (
        "hra: No theatre or other resource named 'Theatre X' in use")
    ok(hra(db, "user", "add", "vic", "--role", "viewer"))
    assert "viewer" in one_line(hra(db, "theatre", "close", "Operating room 1", "--from",
                                    "tomorrow 08:00", "--to", "tomorrow 18:00", user="vic"),
                                1)


def test_an_id_sqlite_cannot_hold_names_nothing(hra, db):
    huge = "9" * 23
    assert one_line(hra(db, "staff", "absence", "cancel", huge), 1) == f"hra: No absence {huge}"
    assert one_line(hra(db, "theatre", "close", huge, "--from", "tomorrow 08:00", "--to",
                        "tomorrow 18:00"), 1) == f"hra: No resource with id {huge}"
