"""`hra paper generate` and `hra paper solve`: outputs, JSON, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.data import PAPER as LOCAL
from support.paper_checker import objective as checked_objective
from support.paper_checker import violations
from typer.testing import CliRunner

from hra_tui.cli.paper import paper_app


@pytest.fixture
def cli():
    runner = CliRunner()
    return lambda *args: runner.invoke(paper_app, [str(arg) for arg in args])


def test_generate_writes_the_same_instance_for_the_same_seed(cli, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert cli("generate", "--scenario", 2, "--seed", 7, "-o", a).exit_code == 0
    assert cli("generate", "--scenario", 2, "--seed", 7, "-o", b).exit_code == 0
    assert a.read_text() == b.read_text()
    data = json.loads(a.read_text())
    assert (data["N"], data["T"], data["P"], data["K"], data["R"]) == (30, 5, 20, 10, 15)


def test_generate_takes_sizes_and_a_budget(cli, tmp_path):
    out = tmp_path / "c.json"
    result = cli("generate", "--seed", 1, "--N", 5, "--T", 3, "--P", 4, "--K", 2, "--R", 2,
                 "--budget", 99, "-o", out)
    assert result.exit_code == 0
    data = json.loads(out.read_text())
    assert (data["N"], data["T"], data["P"], data["K"], data["R"], data["B"]) == (5, 3, 4, 2, 2,
                                                                                  99)


def test_solve_json_is_one_object_with_the_table_numbers(cli, tmp_path):
    sol = tmp_path / "sol.json"
    result = cli("solve", LOCAL / "small-6x4.json", "--json", "--solution-out", sol)
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    for key in ("status", "objective", "bound", "gap", "solutions", "wall_time", "size"):
        assert key in summary
    assert summary["status"] == "OPTIMAL" and summary["objective"] == 504
    assert set(summary["size"]) == {"variables", "constraints", "nonzeros"}
    inst = json.loads((LOCAL / "small-6x4.json").read_text())
    solution = json.loads(sol.read_text())
    assert violations(inst, solution) == []
    assert checked_objective(inst, solution) == solution["objective"] == 504


def test_solve_prints_the_papers_tables(cli):
    result = cli("solve", LOCAL / "small-6x4.json", "--time-limit", 10, "--workers", 1)
    assert result.exit_code == 0
    assert "Objective value  504" in result.stdout
    assert "Staff assignments" in result.stdout


def test_an_infeasible_instance_exits_1_and_says_why(cli):
    result = cli("solve", LOCAL / "small-8x5-budget73.json", "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["status"] == "INFEASIBLE"
    assert "budget" in summary["explanation"]


@pytest.mark.parametrize("content, words, code", [
    (None, "No such file", 3),
    ("{", "not JSON", 1),
    ('{"format": "something else"}', "not an instance file", 1),
    ('{"format": "hra-paper-instance/1", "N": 2}', "lacks the key", 1),
])
def test_bad_input_is_one_line_and_exit_1(cli, tmp_path, content, words, code):
    """Bad input exit 1; a file that cannot be read exit 3 (the command line's rule)."""
    path = tmp_path / "inst.json"
    if content is not None:
        path.write_text(content)
    result = cli("solve", path)
    assert result.exit_code == code
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_wrong_shapes_are_named(cli, tmp_path):
    data = json.loads((LOCAL / "small-6x4.json").read_text())
    data["W"] = data["W"][:-1]
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(data))
    result = cli("solve", path)
    assert result.exit_code == 1
    assert "W must be a list" in result.stderr


def test_bad_options_exit_1(cli, tmp_path):
    assert cli("generate", "--scenario", 3, "-o", tmp_path / "x.json").exit_code == 1
    assert cli("solve", LOCAL / "small-6x4.json", "--method", "guess").exit_code == 1


def _edit(tmp_path, change) -> Path:
    data = json.loads((LOCAL / "small-6x4.json").read_text())
    change(data)
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("change, words", [
    (lambda d: d.update(B=10**10), "B must lie within"),
    (lambda d: d["W"][0].__setitem__(0, 2.5), "W[0][0] must be an integer"),
    (lambda d: d["S"].__setitem__(0, True), "S[0] must be an integer"),
    (lambda d: d.update(N=True), "N must be an integer"),
])
def test_numbers_the_format_does_not_admit_are_refused_in_one_line(cli, tmp_path, change, words):
    result = cli("solve", _edit(tmp_path, change))
    assert result.exit_code == 1
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("change, status", [
    (lambda d: d["U"].__setitem__(0, -5), "OPTIMAL"),  # v = 1 pays: the shortcut is off
    (lambda d: d["O"].__setitem__(0, -5), "OPTIMAL"),  # o = 1 pays
    (lambda d: d["W"][1].__setitem__(2, 10**9), "OPTIMAL"),  # too large for the column LP
    (lambda d: d["H"].__setitem__(0, -1), "INFEASIBLE"),
    (lambda d: d["Dt"].__setitem__(0, 99), "INFEASIBLE"),
    (lambda d: d["F"][0].__setitem__(1, -1), "INFEASIBLE"),
    (lambda d: d["Dt"].__setitem__(0, 0), "INFEASIBLE"),  # nobody works, yet skill is needed
])
def test_values_outside_the_papers_ranges_are_solved_as_printed(cli, tmp_path, change, status):
    path = _edit(tmp_path, change)
    fast, plain = cli("solve", path, "--json"), cli("solve", path, "--json", "--method", "direct")
    assert fast.exit_code == plain.exit_code == (0 if status == "OPTIMAL" else 1), fast.output
    a, b = json.loads(fast.stdout), json.loads(plain.stdout)
    assert a["status"] == b["status"] == status
    assert a["objective"] == b["objective"]
    if status == "INFEASIBLE":
        assert a["bound"] is None and b["bound"] is None
