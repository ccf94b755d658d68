"""The IHTC-2024 checker and `hra ihtc check`: the organisers' numbers, refusals, exit codes.

The data under tests/data/ihtc are the competition's toy instance with its toy solution (three
gender-mix violations by design) and three of the organisers' test instances with their
solutions, whose "costs" line gives each soft cost. Every expected number below is what the
organisers' validator prints for that file.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys

import pytest
from support.data import IHTC as DATA
from typer.testing import CliRunner

from hra_tui.cli.ihtc import ihtc_app
from hra_tui.solver.ihtc import (
    Problem,
    ProblemError,
    Solution,
    SolutionError,
    check,
    load_problem,
    load_solution,
)

# validator output for the toy solution: nine violation counts, eight weighted costs
TOY_HARD = [3, 0, 0, 0, 0, 0, 0, 0, 0]
TOY_SOFT = [5, 30, 38, 9, 100, 0, 110, 0]

# total cost of each test solution (hard violations: none)
TEST_TOTALS = {"test01": 3177, "test02": 1583, "test03": 10184}

# the "costs" line's labels, in S1..S8 order
COST_LABELS = ("AgeMix", "Skill", "Continuity", "Excess", "OpenOT", "SurgeonTransfer", "Delay",
               "Unscheduled")


def _toy() -> tuple[Problem, dict]:
    return (load_problem(DATA / "toy.json"),
            json.loads((DATA / "toy_solution.json").read_text()))


def _check(problem: Problem, solution: dict):
    return check(problem, Solution.from_json(solution))


def test_toy_solution_has_the_three_violations_and_the_organisers_costs():
    problem, solution = _toy()
    result = _check(problem, solution)
    assert [t.count for t in result.hard] == TOY_HARD
    assert [t.cost for t in result.soft] == TOY_SOFT
    assert [t.weight for t in result.soft] == [5, 1, 1, 1, 50, 5, 10, 300]
    assert (result.total_violations, result.total_cost, result.feasible) == (3, 292, False)
    assert [t.code for t in result.hard] == ["H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8",
                                             "H8"]
    assert [t.code for t in result.soft] == [f"S{i}" for i in range(1, 9)]


@pytest.mark.parametrize("name", sorted(TEST_TOTALS))
def test_test_solutions_match_the_organisers_totals_and_breakdown(name):
    problem = load_problem(DATA / f"{name}.json")
    solution = load_solution(DATA / f"sol_{name}.json")
    result = check(problem, solution)
    assert result.feasible and result.total_violations == 0
    assert result.total_cost == TEST_TOTALS[name]
    # the solution file's own "costs" line names each weighted soft cost
    line = solution.extra["costs"][0]
    published = {k: int(v) for k, v in re.findall(r"(\w+):\s*(\d+)", line)}
    assert published["Cost"] == result.total_cost
    assert [published[label] for label in COST_LABELS] == [t.cost for t in result.soft]


def _patient(solution: dict, pid: str) -> dict:
    return next(p for p in solution["patients"] if p["id"] == pid)


def _unschedule_p5(s):
    s["patients"] = [p if p["id"] != "p5" else {"id": "p5", "admission_day": "none"}
                     for p in s["patients"]]


def _past_due(s):
    _patient(s, "p6")["admission_day"] = 5  # due day 4; surgeon s0 is off on day 5


def _incompatible_room(s):
    _patient(s, "p0")["room"] = "r1"


def _uncovered(s):
    n8 = next(n for n in s["nurses"] if n["id"] == "n8")
    next(a for a in n8["assignments"] if (a["day"], a["shift"]) == (4, "early"))[
        "rooms"].remove("r2")


def _crowded(s):
    for p in s["patients"]:
        if p["admission_day"] != "none":
            p["room"] = "r0"


def _before_release(s):
    _patient(s, "p2")["admission_day"] = 1


@pytest.mark.parametrize(("edit", "hard", "soft"), [
    (_unschedule_p5, [3, 0, 0, 0, 1, 0, 0, 0, 0], [0, 27, 34, 9, 50, 0, 110, 0]),
    (_past_due, [3, 0, 90, 0, 0, 1, 0, 0, 0], [5, 28, 37, 10, 150, 0, 120, 0]),
    (_incompatible_room, [6, 1, 0, 0, 0, 0, 0, 0, 0], [20, 30, 38, 9, 100, 0, 110, 0]),
    (_uncovered, [3, 0, 0, 0, 0, 0, 0, 0, 1], [5, 30, 38, 9, 100, 0, 110, 0]),
    (_crowded, [6, 0, 0, 0, 0, 0, 12, 0, 0], [20, 32, 38, 10, 100, 0, 110, 0]),
    (_before_release, [3, 0, 0, 0, 0, 1, 0, 0, 0], [20, 32, 40, 5, 100, 0, 110, 0]),
])
def test_edited_toy_solutions_match_the_validator(edit, hard, soft):
    problem, solution = _toy()
    edit(solution)
    result = _check(problem, solution)
    assert [t.count for t in result.hard] == hard
    assert [t.cost for t in result.soft] == soft


def test_a_nurse_outside_their_roster_is_counted_and_the_last_nurse_named_covers_the_room():
    problem, solution = _toy()
    # n10 (last in the file) also takes r0 in day 1's early shift, which it does not work;
    # n5 (earlier in the file) works it and was given r0 then.
    n10 = next(n for n in solution["nurses"] if n["id"] == "n10")
    n10["assignments"].append({"day": 1, "shift": "early", "rooms": ["r0"]})
    result = _check(problem, solution)
    assert [t.count for t in result.hard] == [3, 0, 0, 0, 0, 0, 0, 1, 0]
    # n5 still carries r0's workload then (S4 unchanged); n10, now the room's nurse, has skill
    # 0 like n5 (S2 unchanged) and is a fifth nurse for p5 (S3 + 1; occupant a1 already had
    # n10 on day 0's night shift)
    assert [t.cost for t in result.soft] == [5, 30, 39, 9, 100, 0, 110, 0]


def test_an_empty_solution_leaves_every_patient_out():
    problem, _ = _toy()
    result = check(problem, Solution.from_json({"patients": [], "nurses": []}))
    mandatory = sum(p.mandatory for p in problem.patients)
    optional = len(problem.patients) - mandatory
    hard = {t.name: t.count for t in result.hard}
    assert hard["MandatoryUnscheduledPatients"] == mandatory == 2
    assert hard["UncoveredRoom"] == 4 * 3 + 2 * 3  # occupants a0 (4 days) and a1 (2 days)
    assert {t.name: t.count for t in result.soft}["ElectiveUnscheduledPatients"] == optional


def test_solution_round_trips_through_json(tmp_path):
    original = json.loads((DATA / "sol_test01.json").read_text())
    solution = load_solution(DATA / "sol_test01.json")
    assert solution.to_json() == original
    solution.save(tmp_path / "again.json")
    again = load_solution(tmp_path / "again.json")
    assert again == solution and again.extra == solution.extra


def test_problem_reads_the_instance():
    problem = load_problem(DATA / "test01.json")
    assert problem.name == "test01"
    assert (problem.days, problem.shifts_per_day, problem.shifts) == (21, 3, 63)
    assert (len(problem.patients), len(problem.occupants), len(problem.rooms),
            len(problem.nurses)) == (42, 7, 5, 13)
    for stay in (*problem.patients, *problem.occupants):
        assert len(stay.workload) == len(stay.skill_required) == 3 * stay.length_of_stay


def _instance() -> dict:
    return json.loads((DATA / "toy.json").read_text())


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d.pop("days"), "toy.json: missing member 'days'"),
    (lambda d: d.update(days="7"), "toy.json: days: expected an integer, got \"7\""),
    (lambda d: d["patients"][2].update(length_of_stay=0),
     "toy.json: patients[2].length_of_stay: expected an integer >= 1, got 0"),
    (lambda d: d["patients"][0].update(incompatible_room_ids=["r9"]),
     "toy.json: patients[0].incompatible_room_ids[0]: unknown room 'r9'"),
    (lambda d: d["patients"][1]["workload_produced"].pop(),
     "toy.json: patients[1].workload_produced: expected 9 entries, got 8"),
    (lambda d: d["occupants"][0].update(room_id="r7"),
     "toy.json: occupants[0].room_id: unknown 'r7'"),
    (lambda d: d["occupants"][0].update(length_of_stay=8),
     "toy.json: occupants[0].length_of_stay: expected an integer from 1 to 7, got 8"),
    (lambda d: d["patients"][5].pop("surgery_due_day"),
     "toy.json: patients[5]: missing member 'surgery_due_day'"),
    (lambda d: d["nurses"][0]["working_shifts"][0].update(shift="noon"),
     "toy.json: nurses[0].working_shifts[0].shift: unknown 'noon'"),
    (lambda d: d["rooms"].append({"id": "r0", "capacity": 1}),
     "toy.json: rooms: 'r0' appears twice"),
    (lambda d: d["weights"].pop("patient_delay"),
     "toy.json: weights: missing member 'patient_delay'"),
])
def test_a_malformed_instance_is_refused_in_one_line(tmp_path, edit, message):
    data = _instance()
    edit(data)
    path = tmp_path / "toy.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ProblemError) as info:
        load_problem(path)
    assert str(info.value) == message


def test_text_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"days": 7,')
    with pytest.raises(ProblemError, match=r"^bad\.json: not JSON \(line 1, column 12"):
        load_problem(path)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda s: s["patients"][0].update(id="p99"), "patients[0]: unknown patient 'p99'"),
    (lambda s: s["patients"].append(copy.deepcopy(s["patients"][0])),
     "patients[7]: patient 'p0' is admitted twice"),
    (lambda s: s["patients"][0].update(admission_day=7),
     "patients[0]: admission day 7 is past the last day 6"),
    (lambda s: s["patients"][0].update(room="r9"), "patients[0]: unknown room 'r9'"),
    (lambda s: s["patients"][0].update(operating_theater="t1"),
     "patients[0]: unknown operating theater 't1'"),
    (lambda s: s["nurses"][0].update(id="n99"), "nurses[0]: unknown nurse 'n99'"),
    (lambda s: s["nurses"][0]["assignments"][0].update(shift="noon"),
     "nurses[0].assignments[0]: unknown shift 'noon'"),
    (lambda s: s["nurses"][0]["assignments"][0].update(rooms=["r5"]),
     "nurses[0].assignments[0].rooms[0]: unknown room 'r5'"),
    (lambda s: s["nurses"][0]["assignments"][0].update(day=-1),
     "nurses[0].assignments[0].day: expected an integer >= 0, got -1"),
])
def test_a_solution_naming_what_the_instance_lacks_is_refused(edit, message):
    problem, solution = _toy()
    edit(solution)
    with pytest.raises(SolutionError) as info:
        _check(problem, solution)
    assert str(info.value) == f"solution: {message}"


@pytest.fixture
def cli():
    runner = CliRunner()
    return lambda *args: runner.invoke(ihtc_app, ["check", *(str(arg) for arg in args)])


def test_cli_prints_the_table_and_exits_1_on_violations(cli):
    result = cli(DATA / "toy.json", DATA / "toy_solution.json")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["hard", "name", "violations"]
    assert lines[1].split() == ["H1", "RoomGenderMix", "3"]
    assert "total violations: 3" in lines
    assert ["S5", "OpenOperatingTheater", "50", "2", "100"] in [line.split() for line in lines]
    assert "total cost: 292" in lines
    assert lines[-1] == "infeasible: 3 hard violations"


def test_cli_json_is_one_object_and_a_feasible_solution_exits_0(cli):
    result = cli(DATA / "test01.json", DATA / "sol_test01.json", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["feasible"], data["total_violations"], data["total_cost"]) == (True, 0, 3177)
    assert [c["code"] for c in data["costs"]] == [f"S{i}" for i in range(1, 9)]
    assert data["costs"][2] == {"code": "S3", "name": "ContinuityOfCare", "count": 177,
                                "weight": 5, "cost": 885}


def test_cli_refuses_a_malformed_file_with_one_line_and_exit_1(cli, tmp_path):
    swapped = cli(DATA / "toy_solution.json", DATA / "toy.json")
    assert swapped.exit_code == 1
    assert swapped.stderr == "hra: toy_solution.json: missing member 'days'\n"
    assert swapped.stdout == ""


def test_cli_reports_an_unreadable_file_with_exit_3(cli, tmp_path):
    missing = cli(DATA / "toy.json", tmp_path / "none.json")
    assert missing.exit_code == 3
    assert missing.stderr.startswith("hra: cannot read ")
    assert "none.json" in missing.stderr and "Traceback" not in missing.stderr
    directory = cli(tmp_path, DATA / "toy_solution.json")
    assert directory.exit_code == 3


def test_hra_ihtc_check_loads_neither_ortools_nor_textual():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from hra_tui.cli.main import app\n"
        f"r = CliRunner().invoke(app, ['ihtc', 'check', {str(DATA / 'toy.json')!r}, "
        f"{str(DATA / 'toy_solution.json')!r}])\n"
        "assert r.exit_code == 1, r.output\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'ortools', 'numpy', 'textual', 'plotext'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
