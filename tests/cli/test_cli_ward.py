"""The ward command line: one line on success, one clear line on stderr and a non-zero exit
on refusal (never a traceback), JSON shapes, and two clerks racing for one bed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from functools import partial

import pytest
from support.cli import refused
from support.wards import connect
from typer.testing import CliRunner

from hra_tui.cli.main import app

HRA = [sys.executable, "-c", "from hra_tui.cli import main; main()"]


@pytest.fixture
def hra(hra, seeded_db):
    """The layer's `hra` on the seeded ward: `hra(*args, user=None)`."""
    return partial(hra, seeded_db)


def test_bed_list_json_shape(hra, seed):
    result = hra("bed", "list", "--json")
    assert result.exit_code == 0, result.output
    beds = json.loads(result.stdout)
    assert [bed["label"] for bed in beds] == ["1A", "1B", "2A", "10A", "S1", "S2"]
    first = beds[0]
    assert {"label", "ward", "status", "patient"} <= set(first)
    assert (first["ward"], first["status"], first["patient"]) == ("North", "occupied",
                                                                  seed.admitted)
    assert beds[1]["patient"] is None


def test_bed_list_filters(hra):
    result = hra("bed", "list", "--ward", "South", "--status", "free", "--json")
    assert [bed["label"] for bed in json.loads(result.stdout)] == ["S1", "S2"]
    table = hra("bed", "list", "--status", "occupied")
    assert table.exit_code == 0 and "1A" in table.stdout and "Jane Doe" in table.stdout
    assert "1B" not in table.stdout
    assert refused(hra("bed", "list", "--ward", "Mars")) == ["hra: No ward named 'Mars'"]
    [line] = refused(hra("bed", "list", "--status", "dirty"))
    assert "Status must be one of" in line


def test_patient_list_json_shape_and_search(hra, seed):
    patients = json.loads(hra("patient", "list", "--json").stdout)
    assert [(p["mrn"], p["name"], p["bed"]) for p in patients] == [
        (seed.admitted, "Jane Doe", "1A"), (seed.waiting, "John Roe", None),
        (seed.other, "Mia Chen", None)]
    found = json.loads(hra("patient", "list", "--search", "mia", "--json").stdout)
    assert [p["mrn"] for p in found] == [seed.other]
    table = hra("patient", "list", "--search", "P00000", "--limit", "2")
    assert table.exit_code == 0
    assert "Jane Doe" in table.stdout and "Mia Chen" not in table.stdout
    assert "2 of 3 patients" in table.stderr


def test_patient_list_searches_phone_digits_and_mrn_endings(hra, seed):
    found = json.loads(hra("patient", "list", "--search", "1234", "--json").stdout)
    assert [p["name"] for p in found] == ["Jane Doe"]  # phone "555 1234"
    found = json.loads(hra("patient", "list", "--search", "555-12", "--json").stdout)
    assert [p["name"] for p in found] == ["Jane Doe"]
    found = json.loads(hra("patient", "list", "--search", "2", "--json").stdout)
    assert [p["mrn"] for p in found] == [seed.waiting, seed.admitted]  # MRN ending first


def test_admit_transfer_discharge(hra, seed):
    result = hra("admit", seed.waiting, "2a", "--doctor", "ann lee", user="clara")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Admitted John Roe ({seed.waiting}) to bed 2A on North\n"
    result = hra("transfer", seed.waiting, "S1", user="clara")
    assert result.stdout.startswith(f"Moved John Roe ({seed.waiting}) from bed 2A to bed S1")
    result = hra("discharge", seed.waiting)
    assert result.stdout == \
        f"Discharged John Roe ({seed.waiting}) from bed S1; the bed is to be cleaned\n"
    beds = {bed["label"]: bed for bed in json.loads(hra("bed", "list", "--json").stdout)}
    assert (beds["2A"]["status"], beds["S1"]["status"]) == ("cleaning", "cleaning")
    assert hra("db", "check").exit_code == 0


def test_admit_with_doctor_by_id(hra, seed):
    result = hra("admit", seed.waiting, "2A", "--doctor", str(seed.surgeon_id))
    assert result.exit_code == 0, result.output
    patients = json.loads(hra("patient", "list", "--search", "roe", "--json").stdout)
    assert patients[0]["doctor"] == "Raj Patel"


@pytest.mark.parametrize(("args", "user", "message"), [
    (("admit", "waiting", "1A"), None, r"^hra: Bed 1A is occupied by Jane Doe since \d\d:\d\d$"),
    (("admit", "admitted", "2A"), None, "^hra: Jane Doe is already in bed 1A$"),
    (("admit", "P999", "2A"), None, "^hra: No patient with MRN P999$"),
    (("admit", "waiting", "2A", "--doctor", "Old Doc"), None, "Old Doc is no longer active"),
    (("admit", "waiting", "2A", "--doctor", "Zed"), None, "No doctor named 'Zed'"),
    (("admit", "waiting", "2A"), "vic", "vic is a viewer and cannot admit patients"),
    (("admit", "waiting", "2A"), "nobody", "nobody is not a user of this ward database"),
    (("transfer", "waiting", "2A"), None, "John Roe is not admitted to any bed"),
    (("discharge", "other"), None, "Mia Chen is not admitted to any bed"),
    (("user", "add", "otto", "--role", "viewer"), "clara", "clara is a clerk and cannot add"),
    (("user", "add", "otto", "--role", "boss"), None, "Role must be one of"),
])
def test_refusals_are_one_line_and_change_nothing(hra, seed, db_dump, args, user, message):
    mrns = {"waiting": seed.waiting, "admitted": seed.admitted, "other": seed.other}
    args = tuple(mrns.get(arg, arg) for arg in args)
    before = db_dump()
    [line] = refused(hra(*args, user=user))
    assert re.search(message, line), line
    assert db_dump() == before


def test_user_add_then_act_as_that_user(hra):
    result = hra("user", "add", "nina", "--role", "clerk")
    assert (result.exit_code, result.stdout) == (0, "Added user nina as clerk\n")
    assert hra("bed", "list", user="nina").exit_code == 0
    assert "nina" in hra("user", "list").stdout


def test_db_check_lists_problems_and_exits_1(hra, seeded_db):
    con = connect(seeded_db)
    con.execute("UPDATE beds SET status = 'free' WHERE label = '1A'")
    con.execute("UPDATE beds SET status = 'occupied' WHERE label = 'S2'")
    con.commit()
    con.close()
    result = hra("db", "check")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "hra: bed 1A holds Jane Doe (P000001) but is marked free"
    assert lines[1].startswith("hra: bed S2 is marked occupied but nobody is admitted to it")
    assert "(2 problems in" in lines[1]


@pytest.mark.sqlite_only(reason="a missing ward file is refused, not created (a PostgreSQL "
                                "database is made by its server)")
def test_db_upgrade_and_check_on_a_new_file(tmp_path, monkeypatch):
    runner = CliRunner()
    path = tmp_path / "fresh.db"
    result = runner.invoke(app, ["--db", str(path), "db", "check"])
    assert result.exit_code == 3 and result.stderr.startswith(f"hra: No ward database at {path};")
    result = runner.invoke(app, ["--db", str(path), "db", "upgrade"])
    assert result.exit_code == 3 and not path.exists()
    result = runner.invoke(app, ["--db", str(path), "db", "init"])
    assert result.exit_code == 0 and "created an empty ward" in result.stdout
    result = runner.invoke(app, ["--db", str(path), "db", "upgrade"])
    assert "already at schema revision" in result.stdout
    assert runner.invoke(app, ["--db", str(path), "db", "check"]).exit_code == 0


def test_hra_db_environment_variable(seeded_db, monkeypatch):
    monkeypatch.setenv("HRA_DB", str(seeded_db))
    monkeypatch.setenv("HRA_USER", "vic")
    result = CliRunner().invoke(app, ["discharge", "P000001"])
    assert result.exit_code == 1 and "vic is a viewer" in result.stderr


def test_no_command_opens_the_console(seeded_db, monkeypatch):
    import hra_tui.app

    opened = []
    monkeypatch.setattr(hra_tui.app, "run_console", lambda path, user: opened.append((path,
                                                                                       user)))
    result = CliRunner().invoke(app, ["--db", str(seeded_db), "--user", "clara"])
    assert result.exit_code == 0, result.output
    assert opened == [(seeded_db, "clara")]


def test_two_clerks_racing_for_one_bed(seeded_db, seed):
    """Two processes admit two patients into one free bed at once: exactly one wins, the
    other is told who took the bed; the database is consistent afterwards."""
    env = {**os.environ, "HRA_DB": str(seeded_db)}
    env.pop("HRA_USER", None)
    procs = [subprocess.Popen([*HRA, "admit", mrn, "2A"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for mrn in (seed.waiting, seed.other)]
    results = [(proc.wait(timeout=60), *proc.communicate()) for proc in procs]
    winners = [r for r in results if r[0] == 0]
    losers = [r for r in results if r[0] != 0]
    assert len(winners) == 1 and len(losers) == 1, results
    code, out, err = losers[0]
    assert out == "" and "Traceback" not in err
    winner = "John Roe" if seed.waiting in winners[0][1] else "Mia Chen"
    assert len(err.strip().splitlines()) == 1
    assert re.match(rf"^hra: Bed 2A is occupied by {winner} since \d\d:\d\d$", err.strip())
    check = subprocess.run([*HRA, "db", "check"], env=env, capture_output=True, text=True,
                           timeout=60)
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == f"{seeded_db}: ok"


@pytest.mark.sqlite_only(reason="a file that is not SQLite's")
def test_a_file_that_is_not_a_database_is_one_line_exit_3(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n" * 100)
    result = CliRunner().invoke(app, ["--db", str(path), "bed", "list"])
    assert result.exit_code == 3
    assert result.stderr == f"hra: {path} is not a ward database (not an SQLite file)\n"
    result = CliRunner().invoke(app, ["--db", str(tmp_path), "bed", "list"])
    assert (result.exit_code, result.stderr) == (
        1, f"hra: {tmp_path} is a directory; --db takes a database file\n")


@pytest.mark.sqlite_only(reason="a file ward's listing runs without a loop until it has users")
def test_a_listing_on_a_ward_without_users_makes_its_first_admin(hra, seeded_db):
    """No users yet: the loopless listing hands over to the loop, which makes the OS user the
    admin (as every other command does), and the board is listed."""
    with connect(seeded_db) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM users")
    result = hra("bed", "list", "--status", "occupied")
    assert result.exit_code == 0, result.output
    assert "1A" in result.output
    with connect(seeded_db) as conn:
        assert [role for (role,) in conn.execute("SELECT role FROM users")] == ["admin"]
