"""`hra demo`, `hra export`, `hra import`, `hra backup` from the command line: one line out,
one clear line on refusal (an import refusal lists its bad rows first), never a traceback; and
an import killed with SIGKILL half way leaves the database exactly as it was."""

from __future__ import annotations

import csv
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.cli import ok, one_line, refused
from support.wards import connect

from db.location import Location
from db.os_account import os_account

HRA = [sys.executable, "-c", "from hra_tui.cli import main; main()"]


def _counts(db: Path) -> dict[str, int]:
    con = connect(db)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("patients", "admissions", "appointments", "billing", "beds", "staff",
                          "audit_log")}
    finally:
        con.close()


def _patients(db: Location) -> list[str]:
    con = connect(db)
    try:
        return [name for (name,) in con.execute("SELECT name FROM patients ORDER BY id")]
    finally:
        con.close()


def test_demo_creates_then_refuses_then_replaces(hra, new_location):
    path = new_location("new")
    line = ok(hra(path, "demo"))
    assert line.startswith("Loaded the ward demo (seed 7) into ")
    assert "2 wards, 40 beds, 25 staff, 60 patients (30 admitted)" in line
    [refusal] = refused(hra(path, "demo", "--seed", "8"))
    assert refusal == ("hra: This database already holds ward records (60 patients, 40 beds, "
                       "25 staff); use --force to replace them")
    ok(hra(path, "user", "add", "clara", "--role", "clerk"))
    assert "Only an admin" in one_line(hra(path, "demo", "--force", user="clara"), 1)
    audited, names = _counts(path)["audit_log"], _patients(path)
    line = ok(hra(path, "demo", "--seed", "8", "--force"))
    assert "seed 8" in line
    assert _counts(path)["audit_log"] == audited + 1
    assert len(_patients(path)) == 60 and _patients(path) != names
    con = connect(path)
    try:
        assert con.execute("SELECT name FROM users ORDER BY id").fetchall() == [
            (os_account(),), ("clara",)]
        (detail,) = con.execute("SELECT detail FROM audit_log ORDER BY id DESC").fetchone()
    finally:
        con.close()
    assert detail.startswith("replaced the ward's records with the ward demo (seed 8): ")
    assert detail.endswith(line.split(": ", 1)[1].rsplit(" in ", 1)[0])
    if isinstance(path, Path):
        assert path.stat().st_mode & 0o777 == 0o600


def test_demo_by_someone_else_is_refused(hra, db):
    [refusal] = refused(hra(db, "demo", "--force", user="mallory"))
    assert "mallory" in refusal


def test_export_prints_one_line(hra, db, tmp_path):
    out = tmp_path / "p.csv"
    assert ok(hra(db, "export", "patients", "-o", str(out))) == (
        f"Exported 60 patients to {out.resolve()}")
    assert ok(hra(db, "export", "billing", "-o", str(tmp_path / "b.csv"))).startswith(
        "Exported ")
    [refusal] = refused(hra(db, "export", "beds", "-o", str(tmp_path / "no" / "b.csv")))
    assert refusal == f"hra: Folder {tmp_path / 'no'} does not exist"


def test_doctors_still_names_the_staff_file(hra, db, tmp_path):
    """The seed called it doctors; scripts written that way keep working."""
    old, new = tmp_path / "doctors.csv", tmp_path / "staff.csv"
    assert ok(hra(db, "export", "doctors", "-o", str(old))).startswith("Exported 25 doctors")
    ok(hra(db, "export", "staff", "-o", str(new)))
    assert old.read_text() == new.read_text()


def test_import_lists_bad_rows_then_refuses(hra, db, tmp_path):
    before = _counts(db)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,age,gender\nGood Row,30,F\nAnn Lee,abc,F\nBo Li,40,Q\n")
    lines = refused(hra(db, "import", "patients", str(bad)))
    assert lines == [
        "line 3: Age must be a whole number from 0 to 130 (got 'abc')",
        "line 4: Gender must be F, M or X (female, male, other) (got 'Q')",
        "hra: Nothing imported: 2 of 3 rows in bad.csv are wrong",
    ]
    assert _counts(db) == before
    good = tmp_path / "good.csv"
    good.write_text("name,age,gender\nGood Row,30,F\nAnn Lee,31,F\n")
    assert ok(hra(db, "import", "patients", str(good))) == \
        f"Imported {good}: 2 patients added, 0 changed, 0 unchanged"
    assert _counts(db)["patients"] == before["patients"] + 2


def test_import_by_a_clerk_is_refused(hra, db, tmp_path):
    assert ok(hra(db, "user", "add", "clara", "--role", "clerk"))
    good = tmp_path / "good.csv"
    good.write_text("name,age,gender\nGood Row,30,F\n")
    [refusal] = refused(hra(db, "import", "patients", str(good), user="clara"))
    assert refusal == "hra: clara is a clerk and cannot import patients; only admins can"


@pytest.mark.sqlite_only(reason="a backup copies the ward file (on PostgreSQL `hra backup` "
                                "runs pg_dump)")
def test_backup_is_private_whole_and_checked(hra, db, tmp_path):
    target = tmp_path / "backup.db"
    line = ok(hra(db, "backup", "-o", str(target)))
    assert line == f"Backed up {db} to {target} (integrity ok)"
    assert target.stat().st_mode & 0o777 == 0o600
    con = connect(target)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    con.close()
    copied = _counts(target)
    assert copied | {"audit_log": 0} == _counts(db) | {"audit_log": 0}
    assert not list(tmp_path.glob("*.part"))

    [refusal] = refused(hra(db, "backup", "-o", str(target)))
    assert refusal == f"hra: {target} exists; use --force to replace it"
    assert ok(hra(db, "backup", "-o", str(target), "--force"))
    [refusal] = refused(hra(db, "backup", "-o", str(db), "--force"))
    assert refusal == "hra: The backup cannot replace the database it copies"
    assert ok(hra(db, "user", "add", "clara", "--role", "clerk"))
    [refusal] = refused(hra(db, "backup", "-o", str(tmp_path / "b2.db"), user="clara"))
    assert "only admins can" in refusal


def _big_patient_file(path: Path, rows: int) -> None:
    rng = random.Random(1)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["mrn", "name", "age", "gender", "phone", "address", "urgency"])
        for n in range(rows):
            writer.writerow([f"K{n:07d}", f"Name{n % 977} Surname{n % 613}", rng.randint(0, 99),
                             rng.choice("FMX"), f"+44 7{n % 1000:03d} {n:06d}",
                             f"{n % 200} Long Street Name, Some Town", rng.randint(1, 10)])


@pytest.mark.sqlite_only(reason="SQLite's -wal file after a kill")
@pytest.mark.parametrize("rows,spilled", [
    (30_000, 300_000),
    pytest.param(100_000, 1_000_000, marks=pytest.mark.slow),
])
def test_sigkill_during_an_import_leaves_the_database_as_it_was(db, tmp_path, rows, spilled):
    big = tmp_path / "big.csv"
    _big_patient_file(big, rows)
    before = _counts(db)
    wal = Path(f"{db}-wal")
    start = wal.stat().st_size if wal.exists() else 0
    env = {k: v for k, v in os.environ.items() if k != "HRA_USER"}
    proc = subprocess.Popen([*HRA, "--db", str(db), "import", "patients", str(big)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    # The write phase has begun once the insert spills pages into the write-ahead log.
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > start + spilled:
            break
        time.sleep(0.002)
    assert proc.poll() is None, (f"the import ended before it could be killed: "
                                 f"{proc.stdout.read()!r} {proc.stderr.read()!r}")
    written = wal.stat().st_size - start
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert written > spilled  # killed in the middle of writing, not before it

    con = connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("SELECT count(*) FROM patients WHERE mrn LIKE 'K%'").fetchone() == (0,)
    finally:
        con.close()
    assert _counts(db) == before
