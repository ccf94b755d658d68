"""Every command that reads a file a user hands hra, fed hostile files (`support.hostile_files`):
each ends in 0, or one `hra:` line and exit 1 (bad input) or 3 (a file that cannot be used),
never a traceback or an internal fault; a refused `ihtc import` leaves no ward file behind.

The fast tests run the whole corpus in process, and the cases that once exhausted the machine
(gigabytes for `skill_levels` 10^9, a hang on a room of 10^9 beds or on a FIFO) in a
subprocess held to 10 s and 1 GB. Generated mutations of an instance and a solution are read and
checked in process; the slow fuzz runs every corpus case in such a subprocess."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import hostile_files as hostile
from support.data import IHTC, PAPER

from hra_tui.handed_files import JSON_LIMIT
from hra_tui.solver.errors import MalformedInput
from hra_tui.solver.ihtc import check, load_problem_document, load_solution

GB = 1024**3
SECONDS = 10
TOY, TOY_SOLUTION = IHTC / "toy.json", IHTC / "toy_solution.json"
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl a\n"


def _commands(kind: str, file: Path, tmp: Path) -> list[tuple[str, ...]]:
    """The argument lists (after `--db DB`) that read a file of this kind; `new.db` marks
    the command that makes a new ward there."""
    if kind == "instance":
        return [("ihtc", "check", str(file), str(TOY_SOLUTION)),
                ("ihtc", "solve", str(file), "--time-limit", "1", "-o", str(tmp / "s.json")),
                ("ihtc", "import", str(file))]
    if kind == "solution":
        return [("ihtc", "check", str(TOY), str(file))]
    if kind == "paper":
        return [("paper", "solve", str(file), "--time-limit", "1")]
    if kind == "csv":
        return [("import", "patients", str(file))]
    return [("user", "key", "add", "clara", str(file))]


CORPUS = {"instance": hostile.ihtc_instances, "solution": hostile.ihtc_solutions,
          "paper": hostile.paper_instances, "csv": hostile.csv_files,
          "key": lambda: {**hostile.encodings(KEY.encode()), "private": b"-----BEGIN OPENSSH "
                          b"PRIVATE KEY-----\n", "long": b"ssh-ed25519 " + b"A" * 20_000}}
CASES = [(kind, name) for kind, build in CORPUS.items() for name in build()]
# `make test` reads the cases the issue found (and every CSV and key, which are quick) through
# each command; `make test-slow` the whole corpus, and each case again in a limited process.
ISSUE_CASES = {("instance", name) for name in (
    "utf8-bom", "utf16", "5000-digits", "deep-array", "deep-object", "no-theatres",
    "skill-levels-1e9", "room-capacity-1e9")} | {("paper", name) for name in (
        "latin1", "random-bytes", "utf16", "deep-array", "5000-digits")}
# Only a CSV file or a key goes into the ward; the commands that read a competition or paper
# file open none (`ihtc import` makes a new ward file), so on PostgreSQL their slow runs would
# only run SQLite's again.
NO_WARD = pytest.mark.sqlite_only(reason="the file alone: its commands open no ward")
SOME_CASES = [case if case in ISSUE_CASES or case[0] in ("csv", "key")
              else pytest.param(*case, marks=(pytest.mark.slow, NO_WARD)) for case in CASES]
LIMITED_CASES = [case if case[0] in ("csv", "key") else pytest.param(*case, marks=NO_WARD)
                 for case in CASES]


def _database(args: tuple[str, ...], db: Path, tmp: Path) -> Path:
    return tmp / "new.db" if args[:2] == ("ihtc", "import") else db


def _holds_the_promise(code: int, stderr: str, args: tuple[str, ...], db: Path) -> None:
    """Exit 0, 1 or 3; a failure is one `hra:` line (after an import's `line N:` rows). An
    exit 1 with nothing on stderr is a result: a solution that breaks a rule, no plan found."""
    assert code in (0, 1, 3), (args, code, stderr)
    assert "Traceback" not in stderr and "internal fault" not in stderr, stderr
    if code and stderr:
        lines = stderr.strip().splitlines()
        assert lines and lines[-1].startswith("hra: "), stderr
        assert all(line.startswith(("hra: ", "line ")) for line in lines), stderr
    if code and args[:2] == ("ihtc", "import"):
        assert not db.exists(), "a refused import left a ward file"


@pytest.mark.parametrize(("kind", "name"), SOME_CASES)
def test_a_hostile_file_is_one_line_or_a_result(hra, db, tmp_path, kind, name):
    file = hostile.write(tmp_path, f"{name}.{'csv' if kind == 'csv' else 'json'}",
                         CORPUS[kind]()[name])
    for args in _commands(kind, file, tmp_path):
        target = _database(args, db, tmp_path)
        result = hra(target, *args)
        _holds_the_promise(result.exit_code, result.stderr, args, target)


@pytest.mark.parametrize(("name", "expected"), [
    ("utf16", "utf16.json is UTF-16 text, not UTF-8; save it as UTF-8"),
    ("utf32", "utf32.json is UTF-32 text, not UTF-8; save it as UTF-8"),
    ("utf16-no-bom", "utf16-no-bom.json looks like UTF-16 text, not UTF-8; save it as UTF-8"),
    ("5000-digits", "5000-digits.json: an integer of over 4300 digits"),
    ("deep-array", "deep-array.json: nested deeper than 16 levels"),
    ("nan", "nan.json: NaN is not a number JSON allows"),
    ("no-theatres", "no-theatres.json: operating_theaters: expected at least one entry, got 0"),
    ("skill-levels-1e9", "skill-levels-1e9.json: skill_levels: expected an integer from 1 to "
                         "10, got 1000000000"),
    ("room-capacity-1e9", "room-capacity-1e9.json: rooms[0].capacity: expected an integer "
                          "from 0 to 100, got 1000000000"),
])
def test_each_listed_instance_fault_is_named(hra, tmp_path, name, expected):
    file = hostile.write(tmp_path, f"{name}.json", hostile.ihtc_instances()[name])
    for args in _commands("instance", file, tmp_path):
        result = hra(tmp_path / "new.db", *args)
        assert (result.exit_code, result.stderr) == (1, f"hra: {expected}\n"), args
    assert not (tmp_path / "new.db").exists()


def test_a_bom_is_read_as_utf8_everywhere(hra, tmp_path):
    file = hostile.write(tmp_path, "bom.json", hostile.ihtc_instances()["utf8-bom"])
    result = hra(tmp_path / "new.db", "ihtc", "import", str(file))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported bom.json into ")
    paper = hostile.write(tmp_path, "paper.json", b"\xef\xbb\xbf" +
                          (PAPER / "small-6x4.json").read_bytes())
    assert hra(tmp_path / "x.db", "paper", "solve", str(paper), "--time-limit", "1"
               ).exit_code == 0


def test_an_instance_the_ward_cannot_hold_is_refused_in_words(hra, tmp_path):
    """Within the format but beyond the ward's records (5 skill levels): said, not "the ward
    changed meanwhile", and no ward file made."""
    document = json.loads(TOY.read_text())
    document["skill_levels"] = 6
    file = tmp_path / "six.json"
    file.write_text(json.dumps(document))
    result = hra(tmp_path / "new.db", "ihtc", "import", str(file))
    assert (result.exit_code, result.stderr) == (
        1, "hra: six: 6 skill levels; the ward records at most 5\n")
    assert not (tmp_path / "new.db").exists()


def test_import_makes_no_folders(hra, tmp_path):
    result = hra(tmp_path / "no" / "such" / "w.db", "ihtc", "import", str(TOY))
    assert (result.exit_code, result.stderr) == (
        1, f"hra: Folder {tmp_path / 'no' / 'such'} does not exist\n")
    assert not (tmp_path / "no").exists()


def test_a_file_over_the_cap_is_refused_before_it_is_read(hra, db, tmp_path):
    huge = hostile.oversize(tmp_path, JSON_LIMIT + 1)
    result = hra(db, "ihtc", "check", str(huge), str(TOY_SOLUTION))
    assert (result.exit_code, result.stderr) == (
        1, "hra: huge.json is over 4.0 MB; a competition file is at most 4.0 MB\n")


def run_limited(args: list[str], cwd: Path) -> tuple[int, str, float]:
    """`hra args` in a subprocess held to 1 GB of address space; (exit, stderr, seconds).
    A run over SECONDS is killed and fails the test."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (GB, GB))

    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "hra_tui.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=SECONDS, preexec_fn=limits,
                          check=False)
    return done.returncode, done.stderr, time.monotonic() - started


@pytest.mark.parametrize(("kind", "name", "command"), [
    ("instance", "skill-levels-1e9", 1),  # solve: grew to 7.6 GB
    ("instance", "room-capacity-1e9", 2),  # import: hung, left an empty ward file
    ("instance", "deep-array", 0),  # check: RecursionError
    ("paper", "5000-digits", 0),
])
def test_what_once_exhausted_the_machine_ends_in_seconds(db, tmp_path, kind, name, command):
    file = hostile.write(tmp_path, f"{name}.json", CORPUS[kind]()[name])
    args = _commands(kind, file, tmp_path)[command]
    target = _database(args, db, tmp_path)
    code, stderr, _ = run_limited(["--db", str(target), *args], tmp_path)
    assert code == 1, stderr
    _holds_the_promise(code, stderr, args, target)


def test_a_fifo_is_refused_not_waited_on(db, tmp_path):
    pipe = hostile.fifo(tmp_path)
    code, stderr, _ = run_limited(["--db", str(db), "import", "patients", str(pipe)], tmp_path)
    assert (code, stderr) == (3, f"hra: cannot read {pipe}: it is a FIFO (named pipe), not a "
                                 "file\n")


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "name"), LIMITED_CASES)
def test_fuzz_every_case_in_a_limited_process(db, tmp_path, kind, name):
    """The whole corpus through every command that reads it, each in its own process under
    10 s and 1 GB."""
    file = hostile.write(tmp_path, f"{name}.{'csv' if kind == 'csv' else 'json'}",
                         CORPUS[kind]()[name])
    for args in _commands(kind, file, tmp_path):
        target = _database(args, db, tmp_path)
        code, stderr, _ = run_limited(["--db", str(target), *args], tmp_path)
        _holds_the_promise(code, stderr, args, target)
        if target != db:
            target.unlink(missing_ok=True)


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=12)


def _mutated(data, good: Path) -> dict | None:
    """The good file's JSON with one member, chosen at random, replaced by any JSON value."""
    document = json.loads(good.read_text())
    place, path = document, []
    while isinstance(place, (dict, list)) and place and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(place) if isinstance(place, dict)
                                        else range(len(place))))
        path.append(key)
        place = place[key]
    return hostile._set(tuple(path), data.draw(_JSON))(document) if path else None


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_generated_files_are_read_and_checked_or_refused(tmp_path, data):
    """A generated instance and solution are read and checked (`hra ihtc check`), or refused
    with a MalformedInput: nothing else."""
    instance, solution = tmp_path / "i.json", tmp_path / "s.json"
    instance.write_text(json.dumps(_mutated(data, TOY) or json.loads(TOY.read_text())))
    solution.write_text(json.dumps(_mutated(data, TOY_SOLUTION)
                                   or json.loads(TOY_SOLUTION.read_text())))
    try:
        problem, _ = load_problem_document(instance)
        check(problem, load_solution(solution))
    except MalformedInput:
        pass
