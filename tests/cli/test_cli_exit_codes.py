"""The command line's promise (README "The command line"): 0 on success; on failure one line
on stderr and 1 (refused: a rule or bad input) or 3 (the database or a file failed); never 4
("internal fault"), never 2 with a usage box, never a traceback.

Each test here is a way that promise was once broken."""

from __future__ import annotations

import csv
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.cli import one_line
from support.data import IHTC
from support.wards import connect

from hra_tui.services.errors import Invalid
from hra_tui.services.validation import parse_start

FUTURE = "ffff_future"


def _patients_csv(path: Path, **cells: str) -> Path:
    """One new patient as `hra export patients` writes it, with `cells` replaced."""
    header = ["mrn", "name", "age", "gender", "phone", "address", "doctor", "bed",
              "appointment", "amount", "billing status", "urgency", "prescription"]
    row = dict.fromkeys(header, "") | {"name": "New Person", "age": "40", "gender": "F"}
    row |= {key.replace("_", " "): value for key, value in cells.items()}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow([row[key] for key in header])
    return path


def _a_doctor(db: Path) -> str:
    con = connect(db)
    try:
        return con.execute("SELECT name FROM staff WHERE role = 'doctor' AND active "
                           "ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        con.close()


# 1. Numbers far too long for int() in a CSV import


@pytest.mark.parametrize(("field", "words"), [("age", "Age must be"),
                                              ("amount", "Amount is too large"),
                                              ("urgency", "Urgency must be")])
def test_a_5000_digit_number_in_an_import_is_a_bad_row(hra, db, tmp_path, field, words):
    file = _patients_csv(tmp_path / "huge.csv", **{field: "9" * 5000})
    result = hra(db, "import", "patients", str(file))
    one_line(result, 1)
    assert result.stderr.startswith(f"line 2: {words}")


# 2. An appointment in year 9999


def test_an_appointment_in_year_9999_is_refused_in_an_import(hra, db, tmp_path):
    for when in ("9999-12-31 23:59", "9999-12-31T23:59:00+00:00",
                 "9999-12-31T23:59:00-05:00"):
        file = _patients_csv(tmp_path / "far.csv", appointment=when, doctor=_a_doctor(db))
        result = hra(db, "import", "patients", str(file))
        one_line(result, 1)
        assert result.stderr.startswith("line 2: ")


def test_a_booking_form_in_year_9999_is_invalid():
    with pytest.raises(Invalid, match="ten years ahead|out of range"):
        parse_start("9999-12-31 23:59")


async def test_booking_in_year_9999_is_refused_as_invalid(ward, seed):
    for moment in (datetime(9999, 12, 31, 23, 45, tzinfo=UTC), datetime.max):
        with pytest.raises(Invalid):
            await ward.appointments.book(seed.waiting, seed.doctor_id, moment, 30)


# 3. and 4. Paging and searching past SQLite's limits


def test_an_offset_past_sqlite_integers_is_an_empty_page(hra, db):
    result = hra(db, "patient", "list", "--offset", "9" * 20)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[1:] == []


def test_a_100000_character_search_is_bad_input_not_a_database_failure(hra, db):
    line = one_line(hra(db, "patient", "list", "--search", "a" * 100_000), 1)
    assert "too long" in line
    line = one_line(hra(db, "patient", "list", "--search", "1" * 100_000), 1)  # digits too
    assert "too long" in line


# 5. An unreadable CSV


def test_an_unreadable_csv_is_one_line(hra, db, tmp_path):
    """A file that cannot be used is exit 3 (it, not the database, named); one that is not
    UTF-8 text is bad input, exit 1."""
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert one_line(hra(db, "import", "patients", str(folder)), 3) == (
        f"hra: cannot read {folder}: it is a folder, not a file")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    assert "UTF-8" in one_line(hra(db, "import", "patients", str(binary)), 1)
    assert "No such file" in one_line(hra(db, "import", "patients",
                                           str(tmp_path / "missing.csv")), 3)


# 6. A database written by a newer hra


@pytest.mark.parametrize("command", [
    ["patient", "list"], ["bed", "list"], ["user", "list"], ["plan", "list"],
    ["export", "patients", "-o", "out.csv"], ["discharge", "P000001"], ["demo", "--force"],
    ["db", "upgrade"], ["db", "check"],
])
def test_every_command_refuses_a_newer_schema(hra, db, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    con = connect(db)
    con.execute("UPDATE alembic_version SET version_num = ?", (FUTURE,))
    con.commit()
    con.close()
    line = one_line(hra(db, *command), 3)
    assert "newer hra" in line and FUTURE in line
    con = connect(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(FUTURE,)]
    con.close()


# 7. A missing or empty --db file is never turned into a ward by a command that reads


@pytest.mark.sqlite_only(reason="a ward file and its folders")
@pytest.mark.parametrize("command", [
    ["patient", "list"], ["bed", "list"], ["plan", "list"], ["db", "check"],
    ["export", "patients", "-o", "out.csv"], ["db", "upgrade"],
])
def test_a_missing_database_is_refused_and_not_created(hra, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    line = one_line(hra(Path("nest/a/b/new.db"), *command), 3)
    assert line == ("hra: No ward database at nest/a/b/new.db; create one with `hra demo` "
                    "or `hra db init`")
    assert not (tmp_path / "nest").exists()


@pytest.mark.sqlite_only(reason="a ward file and its folders")
def test_an_empty_file_is_refused_and_left_empty(hra, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    for command in (["patient", "list"], ["db", "check"], ["db", "upgrade"]):
        line = one_line(hra(empty, *command), 3)
        assert "empty" in line and "hra db init" in line
    assert empty.stat().st_size == 0


@pytest.mark.sqlite_only(reason="a ward file and its folders")
def test_db_init_creates_an_empty_ward_with_private_folders(hra, tmp_path):
    path = tmp_path / "nest" / "a" / "new.db"
    result = hra(path, "db", "init")
    assert result.exit_code == 0, result.output
    assert "created an empty ward" in result.stdout
    for folder in (tmp_path / "nest", tmp_path / "nest" / "a"):
        assert folder.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600
    assert hra(path, "patient", "list").exit_code == 0
    assert hra(path, "db", "check").exit_code == 0
    assert "already exists" in one_line(hra(path, "db", "init"), 1)


@pytest.mark.sqlite_only(reason="a ward file and its folders")
def test_db_init_turns_an_empty_file_into_a_ward(hra, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    assert hra(empty, "db", "init").exit_code == 0
    assert hra(empty, "patient", "list").exit_code == 0


@pytest.mark.sqlite_only(reason="a ward file and its folders")
def test_demo_still_creates_a_new_ward(hra, tmp_path):
    path = tmp_path / "deep" / "demo.db"
    result = hra(path, "demo")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "deep").stat().st_mode & 0o777 == 0o700
    assert hra(path, "patient", "list").exit_code == 0


@pytest.mark.parametrize("doctor", ["9" * 30, "²"])
def test_a_doctor_id_sqlite_cannot_hold_is_no_such_doctor(hra, db, doctor):
    assert "No doctor named" in one_line(hra(db, "admit", "P000031", "3B", "--doctor", doctor), 1)


# 8. Every command fails through one path: the paper's and IHTC's file commands, and what Click
# finds wrong in the typed line, read as every ward command does


@pytest.mark.parametrize(("command", "code", "words"), [
    (["paper", "solve", "nonexistent.json"], 3,
     "cannot read nonexistent.json: No such file or directory"),
    (["paper", "solve", "malformed.json"], 1, "malformed.json: not JSON (line 1, column 2"),
    (["paper", "generate", "--scenario", "3", "-o", "x.json"], 1, "--scenario must be 1 or 2"),
    (["paper", "generate", "-o", "no/such/folder/x.json"], 3, "cannot write"),
    (["ihtc", "check", "malformed.json", str(IHTC / "toy_solution.json")], 1, "not JSON"),
    (["ihtc", "check", str(IHTC / "toy.json"), "nonexistent.json"], 3, "cannot read"),
    (["plan", "--time-limit", "0"], 1, "--time-limit"),
    (["plan", "--horizon", "many"], 1, "--horizon"),
    (["frobnicate"], 1, "No such command 'frobnicate'"),
])
def test_every_command_fails_in_one_hra_line(hra, db, tmp_path, monkeypatch, command, code,
                                             words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "malformed.json").write_text("{")
    assert words in one_line(hra(db, *command), code)


def test_the_papers_instance_errors_are_bad_input():
    from hra_tui.services.failures import REFUSED, classify
    from hra_tui.solver.ihtc import ProblemError, SolutionError
    from hra_tui.solver.instance import InstanceError

    for error in (InstanceError, ProblemError, SolutionError):
        assert classify(error("x.json: days: missing")).exit_code == REFUSED


def test_a_fault_in_a_file_command_is_one_line_and_hra_debug_shows_it(hra, db, monkeypatch):
    import hra_tui.solver.ihtc as ihtc

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(ihtc, "check", broken)
    args = ("ihtc", "check", str(IHTC / "toy.json"), str(IHTC / "toy_solution.json"))
    result = hra(db, *args)
    assert result.exit_code == 4 and result.stdout == ""
    assert result.stderr == "hra: internal fault (RuntimeError: boom); nothing more was done\n"
    monkeypatch.setenv("HRA_DEBUG", "1")
    assert isinstance(hra(db, *args).exception, RuntimeError)


# 10. An id longer than SQLite holds, a blank name, a paper instance too large to draw


@pytest.mark.parametrize("command", [("plan", "diff"), ("plan", "apply"), ("request", "cancel")])
def test_an_id_sqlite_cannot_hold_is_refused_as_input(hra, db, command):
    """`hra plan diff 99…9` once ended "internal fault (OverflowError …)", exit 4."""
    line = one_line(hra(db, *command, "9" * 23), 1)
    assert "Invalid value for 'ID'" in line and "less than or equal to" in line


def test_a_blank_staff_name_matches_nobody(hra, db):
    """`hra staff absent ""` once answered that every staff member matched."""
    assert one_line(hra(db, "staff", "absent", " ", "--from", "tomorrow 07:00", "--to",
                        "tomorrow 19:00"), 1) == "hra: Name a staff member: an id or a name"


def test_a_paper_instance_too_large_to_read_back_is_refused_at_once(hra, db, tmp_path):
    """`paper generate --N 500 … --R 500` once drew for hours an instance of 62 billion
    numbers; at the cap it draws one that hra reads back."""
    from hra_tui.solver.instance import Instance

    sizes = ("--N", "10", "--T", "10", "--P", "100", "--K", "95", "--R", "10")
    path = tmp_path / "large.json"
    assert hra(db, "paper", "generate", *sizes, "-o", str(path)).exit_code == 0
    assert len(Instance.load(path).M[0]) == 100
    too_many = ("--N", "500", "--T", "500", "--P", "500", "--K", "500", "--R", "500")
    line = one_line(hra(db, "paper", "generate", *too_many, "-o", str(tmp_path / "x.json")), 1)
    assert "62,626,252,500 numbers, at most 1,000,000" in line
    assert not (tmp_path / "x.json").exists()


# 9. A ward another account owns, readable but not writable (0644)


@pytest.mark.sqlite_only(reason="a ward file another account owns (SQLite's -shm file)")
@pytest.mark.parametrize("command", [["patient", "list"], ["db", "check"]])
def test_a_read_only_ward_sqlite_cannot_read_is_one_clear_line(hra, db, monkeypatch, command):
    """Issue 21: every read of another account's 0644 WAL ward, in a folder the reader may not
    write, failed with "attempt to write a readonly database". Simulated (the tests run as
    root, whom permissions do not stop): the file not writable, SQLite unable to open it
    read-only for want of its -shm file."""
    import db.schema as schema

    real_access, real_connect = os.access, sqlite3.connect

    def access(path, mode, **kw):
        return False if Path(path) == db and mode & os.W_OK else real_access(path, mode, **kw)

    def connect(target, *args, **kw):
        if str(target).startswith(f"file:{db}?mode=ro"):
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, *args, **kw)

    monkeypatch.setattr(schema.os, "access", access)
    monkeypatch.setattr(schema.sqlite3, "connect", connect)
    assert one_line(hra(db, *command), 3) == (
        f"hra: Cannot read {db}: it is read-only for you, and reading this ward needs to write "
        "beside it (SQLite's -shm file); ask its owner for access, or sign in through "
        "`hra serve`")


def test_output_read_no_further_ends_quietly_not_as_a_database_failure(capsys, monkeypatch):
    """`hra plan --help | head` once ended "hra: cannot use the ward database: [Errno 32]
    Broken pipe", exit 3, when head stopped reading before the help was flushed."""
    import typer

    from hra_tui.cli import failing as module

    silenced = []
    monkeypatch.setattr(module.os, "dup2", lambda fd, to: silenced.append(to))
    with pytest.raises(typer.Exit) as ended, module.failing():
        raise BrokenPipeError(32, "Broken pipe")
    assert ended.value.exit_code == 0
    assert capsys.readouterr().err == ""
    assert silenced == [module.STDOUT]  # the rest of the output goes nowhere, with no error
