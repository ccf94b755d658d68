"""`hra queue list|add|approve|done|cancel|from-plan` and `hra bed swap` on the demo ward: one
line per write, one `hra:` line per refusal, the JSON listing, and the moves really made."""

from __future__ import annotations

import json
from datetime import timedelta

from support.cli import ok, one_line


def _beds(hra, db) -> list[dict]:
    return json.loads(hra(db, "bed", "list", "--json").stdout)


def _free_bed(hra, db) -> dict:
    return next(bed for bed in _beds(hra, db) if bed["status"] == "free")


def _waiting_patient(hra, db) -> str:
    patients = json.loads(hra(db, "patient", "list", "--limit", "500", "--json").stdout)
    return next(p["mrn"] for p in patients if p["bed"] is None)


def test_a_patient_is_queued_approved_and_admitted_by_commands(hra, db):
    mrn, bed = _waiting_patient(hra, db), _free_bed(hra, db)
    added = ok(hra(db, "queue", "add", mrn, "--ward", bed["ward"], "--note", "from ED"))
    assert added.startswith("Move 1 (admit): ") and added.endswith(
        f"({mrn}) to {bed['ward']} requested")
    listed = json.loads(hra(db, "queue", "list", "--json").stdout)
    assert [(m["id"], m["status"], m["mrn"], m["bed"], m["note"]) for m in listed] == [
        (1, "requested", mrn, None, "from ED")]
    assert ok(hra(db, "queue", "approve", "1", "--bed", bed["label"])).endswith(
        f"to bed {bed['label']} on {bed['ward']} approved; bed {bed['label']} is promised to it")
    assert ok(hra(db, "queue", "done", "1")).endswith(f"is in bed {bed['label']}")
    now = next(b for b in _beds(hra, db) if b["label"] == bed["label"])
    assert (now["status"], now["patient"]) == ("occupied", mrn)
    assert hra(db, "queue", "list").stdout.splitlines()[1:] == []
    history = hra(db, "queue", "list", "--all").stdout.splitlines()
    assert history[1].split()[:3] == ["1", "admit", "done"]


def test_a_transfer_is_queued_and_cancelled(hra, db):
    occupant = next(b for b in _beds(hra, db) if b["status"] == "occupied")
    free = next(b for b in _beds(hra, db) if b["status"] == "free"
                and b["ward"] == occupant["ward"])
    added = ok(hra(db, "queue", "add", occupant["patient"], "--bed", free["label"]))
    assert f"(transfer): {occupant['patient_name']} ({occupant['patient']}) from bed " \
           f"{occupant['label']} to bed {free['label']}" in added
    assert ok(hra(db, "queue", "cancel", "1")).endswith(" cancelled")
    assert one_line(hra(db, "queue", "approve", "1"), 1).startswith(
        "hra: Move 1 is cancelled (")
    assert one_line(hra(db, "queue", "done", "7"), 1) == "hra: No move 7 in the queue"


def test_queue_refusals_are_one_line(hra, db):
    mrn = _waiting_patient(hra, db)
    assert one_line(hra(db, "queue", "add", mrn), 1) == \
        "hra: Name the bed or the ward the patient is to go to"
    assert one_line(hra(db, "queue", "add", mrn, "--ward", "Nowhere"), 1) == \
        "hra: No ward named 'Nowhere'"
    occupied = next(b for b in _beds(hra, db) if b["status"] == "occupied")
    ok(hra(db, "queue", "add", mrn, "--bed", occupied["label"]))
    assert one_line(hra(db, "queue", "approve", "1"), 1).startswith(
        f"hra: Bed {occupied['label']} is occupied by {occupied['patient_name']} since ")
    assert "valid integer" in one_line(hra(db, "queue", "approve", "x"), 1)


def test_a_viewer_lists_but_may_not_queue(hra, db):
    ok(hra(db, "user", "add", "vic", "--role", "viewer"))
    assert hra(db, "queue", "list", user="vic").exit_code == 0
    mrn = _waiting_patient(hra, db)
    assert one_line(hra(db, "queue", "add", mrn, "--ward", "x", user="vic"), 1).startswith(
        "hra: vic is a viewer and cannot request moves; only clerks and admins can")


def test_the_plan_in_force_feeds_the_queue(hra, db, now):
    assert one_line(hra(db, "queue", "from-plan"), 1).startswith(
        "hra: No admissions plan is in force")
    assert hra(db, "ihtc", "plan", "--iterations", "2000", "--apply").exit_code == 0
    days = [f"{(now + timedelta(days=d)).astimezone():%Y-%m-%d} 12:00" for d in range(7)]
    lines = [ok(hra(db, "queue", "from-plan", "--at", day)) for day in days]
    assert all(line.startswith("Queued ") and " by plan 1" in line for line in lines)
    queued = json.loads(hra(db, "queue", "list", "--json").stdout)
    assert len(queued) == sum(int(line.split()[1]) for line in lines) > 0
    assert all(m["source"] == "plan 1" and m["kind"] == "admit" and m["bed"] for m in queued)
    busy = next(day for day, line in zip(days, lines, strict=True)
                if not line.startswith("Queued 0"))
    again = hra(db, "queue", "from-plan", "--at", busy)
    assert ok(again).startswith("Queued 0 admissions")
    assert "left out: " in again.stderr and "already" in again.stderr
    assert one_line(hra(db, "queue", "from-plan", "--at", "soon"), 1).startswith("hra: ")


def test_two_patients_swap_beds(hra, db):
    first, second = [b for b in _beds(hra, db) if b["status"] == "occupied"][:2]
    line = ok(hra(db, "bed", "swap", first["label"], second["label"]))
    assert line == (f"Swapped: {second['patient_name']} ({second['patient']}) is in bed "
                    f"{first['label']}, {first['patient_name']} ({first['patient']}) in bed "
                    f"{second['label']}")
    after = {b["label"]: b["patient"] for b in _beds(hra, db)}
    assert (after[first["label"]], after[second["label"]]) == (second["patient"],
                                                               first["patient"])
    free = _free_bed(hra, db)
    assert one_line(hra(db, "bed", "swap", first["label"], free["label"]), 1) == \
        f"hra: Bed {free['label']} is free; only two occupied beds can swap"
