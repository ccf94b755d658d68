"""The clerk's records on the command line: wards, beds, care requests and staff pairs; one
line on success, one `hra:` line and exit 1 on a refusal, with nothing written."""

from __future__ import annotations

import json

from support.cli import ok, one_line
from support.wards import dump


def _dump(db) -> list[str]:
    return dump(db)


def test_ward_and_bed_lifecycle(hra, db):
    assert ok(hra(db, "ward", "add", "East wing")) == "Added ward East wing"
    assert ok(hra(db, "bed", "add", "e1", "--ward", "east wing", "--type", "icu",
                  "--room", "r1")) == "Bed E1 added: icu on East wing, room R1"
    assert ok(hra(db, "bed", "edit", "E1", "--label", "E2", "--room", "")) == \
        "Bed E2 saved: icu on East wing"
    wards = json.loads(hra(db, "ward", "list", "--json").stdout)
    assert {"name": "East wing", "active": True, "beds": 1, "occupied": 0} in wards
    assert ok(hra(db, "bed", "retire", "E2")) == "Bed E2 on East wing retired"
    assert ok(hra(db, "ward", "edit", "East wing", "--name", "East", "--deactivate")) == \
        "Ward East: inactive, 0 beds"
    assert "East" not in [c["ward"] for c in json.loads(hra(db, "bed", "list", "--json").stdout)]


def test_layout_refusals_write_nothing(hra, db):
    occupied = json.loads(hra(db, "bed", "list", "--status", "occupied", "--json").stdout)[0]
    before = _dump(db)
    assert "occupied bed" in one_line(hra(db, "ward", "edit", occupied["ward"],
                                          "--deactivate"), 1)
    assert one_line(hra(db, "bed", "retire", occupied["label"]), 1).startswith(
        f"hra: Bed {occupied['label']} is occupied by {occupied['patient_name']}")
    assert one_line(hra(db, "bed", "edit", occupied["label"], "--ward", "Nowhere"), 1) == \
        "hra: No ward named 'Nowhere'"
    assert one_line(hra(db, "bed", "add", "Z1", "--ward", "Nowhere"), 1) == \
        "hra: No ward named 'Nowhere'"
    assert one_line(hra(db, "bed", "add", "Z1", "--ward", occupied["ward"], "--type",
                        "sofa"), 1).startswith("hra: Type must be one of general")
    assert one_line(hra(db, "bed", "edit", "Z9", "--type", "icu"), 1) == \
        "hra: No bed Z9 on any ward"
    assert one_line(hra(db, "ward", "edit", occupied["ward"]), 1) == \
        "hra: Give --name NEW, --deactivate or --activate"
    assert one_line(hra(db, "ward", "add", "ward 3 — medical"), 1).startswith(
        "hra: There is already a ward named")
    assert _dump(db) == before


def test_moving_an_occupied_bed_is_refused(hra, db):
    beds = json.loads(hra(db, "bed", "list", "--json").stdout)
    occupied = next(c for c in beds if c["status"] == "occupied")
    other = next(c["ward"] for c in beds if c["ward"] != occupied["ward"])
    before = _dump(db)
    assert one_line(hra(db, "bed", "edit", occupied["label"], "--ward", other), 1).endswith(
        "it stays on its ward until the patient leaves it")
    assert _dump(db) == before


def test_care_request_lifecycle(hra, db):
    who = json.loads(hra(db, "patient", "list", "--search", "P000003", "--json").stdout)[0]
    name = f"{who['name']} (P000003)"
    line = ok(hra(db, "request", "add", "P000003", "--urgency", "9", "--reason",
                  "wound check", "--resource", "ct scanner", "--must-serve"))
    assert line.startswith("Care request ")
    assert line.endswith(f" for {name}: urgency 9, skill 1, 30 min")
    request_id = line.split()[2]
    mine = json.loads(hra(db, "request", "list", "--patient", "p000003", "--json").stdout)
    assert [(r["reason"], r["resource"], r["must_serve"]) for r in mine
            if str(r["id"]) == request_id] == [("wound check", "CT scanner", True)]
    assert ok(hra(db, "request", "edit", request_id, "--minutes", "45", "--skill", "2")) \
        .endswith("urgency 9, skill 2, 45 min")
    assert ok(hra(db, "request", "cancel", request_id)) == \
        f"Care request {request_id} for {name} cancelled"
    before = _dump(db)
    assert one_line(hra(db, "request", "edit", request_id, "--urgency", "3"), 1).endswith(
        "is cancelled; only a waiting request can be edited")
    assert one_line(hra(db, "request", "add", "P000003", "--urgency", "11"), 1) == \
        "hra: Urgency must be from 1 to 10"
    assert one_line(hra(db, "request", "add", "P000003", "--earliest", "2001-01-01 08:00"),
                    1).startswith("hra: No time slot at")
    assert one_line(hra(db, "request", "add", "P000003", "--resource", "Jacuzzi"), 1) == \
        "hra: No resource named 'Jacuzzi' in use"
    assert one_line(hra(db, "request", "edit", request_id), 1) == \
        "hra: Give at least one option to change"
    assert _dump(db) == before


def test_staff_pairs(hra, db):
    line = ok(hra(db, "staff", "pair", "add", "3", "2", "--", "-4"))
    assert line.endswith(": weight -4")
    listed = json.loads(hra(db, "staff", "pair", "list", "--json").stdout)
    assert {"a": 2, "b": 3, "weight": -4} == {k: v for k, v in
                                               next(p for p in listed if (p["a"], p["b"]) ==
                                                    (2, 3)).items() if k in ("a", "b", "weight")}
    assert ok(hra(db, "staff", "pair", "remove", "2", "3")).endswith("(was -4)")
    before = _dump(db)
    assert one_line(hra(db, "staff", "pair", "add", "2", "2", "1"), 1) == \
        "hra: A pair needs two different staff members"
    assert one_line(hra(db, "staff", "pair", "add", "2", "3", "12"), 1) == \
        "hra: Weight must be from -10 to 10"
    assert one_line(hra(db, "staff", "pair", "add", "2", "Nobody Atall", "1"), 1) == \
        "hra: No staff member named 'Nobody Atall'"
    assert one_line(hra(db, "staff", "pair", "remove", "2", "3"), 1).startswith(
        "hra: No pair of staff")
    assert _dump(db) == before
