"""A competition instance becomes the ward's records and comes back out unchanged; the
exported problem follows the ward as it changes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.data import IHTC

HRA = [sys.executable, "-m", "hra_tui.cli"]


def _hra(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HRA, "--db", str(db), *args], capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("name", ["toy.json", *(pytest.param(name, marks=pytest.mark.slow)
                                                 for name in ("test01.json", "test03.json",
                                                              "i01.json"))])
def test_import_then_export_gives_back_the_instance(tmp_path, new_location, name):
    db, out = new_location("ward"), tmp_path / "out.json"
    imported = _hra(db, "ihtc", "import", str(IHTC / name), "--starts", "2026-12-01")
    assert imported.returncode == 0, imported.stderr
    exported = _hra(db, "ihtc", "export", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert json.loads(out.read_text()) == json.loads((IHTC / name).read_text())


def test_the_records_are_what_a_clerk_sees_and_follow_the_ward(tmp_path, new_location):
    db, out = new_location("ward"), tmp_path / "out.json"
    assert _hra(db, "ihtc", "import", str(IHTC / "i01.json")).returncode == 0
    beds = json.loads(_hra(db, "bed", "list", "--json").stdout)
    source = json.loads((IHTC / "i01.json").read_text())
    assert len(beds) == sum(room["capacity"] for room in source["rooms"])
    occupied = [bed for bed in beds if bed["status"] == "occupied"]
    assert sorted(bed["patient_name"] for bed in occupied) == sorted(
        occupant["id"] for occupant in source["occupants"])
    leaving = occupied[0]
    assert _hra(db, "discharge", leaving["patient"]).returncode == 0
    assert _hra(db, "ihtc", "export", "-o", str(out)).returncode == 0
    left = json.loads(out.read_text())["occupants"]
    assert [o["id"] for o in left] == [o["id"] for o in source["occupants"]
                                       if o["id"] != leaving["patient_name"]]


def test_import_is_refused_into_a_ward_that_has_records(seeded_db, tmp_path):
    refused = _hra(seeded_db, "ihtc", "import", str(IHTC / "toy.json"))
    assert refused.returncode == 1
    assert "new database" in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.slow  # many bad files, each imported: 5-10 s (tests/cli/test_hostile_files too)
def test_bad_files_are_refused_in_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"days": "x"}')
    for args, code in ((["ihtc", "import", str(bad)], 1),
                       (["ihtc", "import", str(tmp_path / "missing.json")], 3),
                       (["ihtc", "import", str(IHTC / "toy.json"), "--starts", "soon"], 1)):
        result = _hra(tmp_path / "w.db", *args)
        assert result.returncode == code, (args, result.stderr)
        assert result.stderr.startswith("hra: ") and result.stderr.count("\n") == 1
    empty = tmp_path / "empty.db"
    assert _hra(empty, "db", "init").returncode == 0
    assert "no admissions-planning horizon" in _hra(empty, "ihtc", "export", "-o",
                                                   str(tmp_path / "o.json")).stderr
