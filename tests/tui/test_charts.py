"""The paper's nine figures: they render at 80x24 and 200x50, read their plan correctly,
draw what the plan says, and stay inside the width with and without colour."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from support.data import PAPER

from hra_tui.charts import Labels, paper_charts, print_charts, satisfaction_by_slot
from hra_tui.solver.instance import Instance
from hra_tui.solver.paper.generate import generate
from hra_tui.solver.plan import ModelSize, Plan, Status

SMALL = PAPER / "small-6x4.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SIZES = [(80, 24), (200, 50)]


@pytest.fixture(scope="module")
def small() -> Instance:
    return Instance.load(SMALL)  # N=6, T=4, P=5, R=3, Dt=[3, 5, 4, 4], H=[9, 11, 9, 10, 10, 12]


def make_plan(inst: Instance, staff: dict[int, list[int]], patients: dict[int, int | None],
              resources: dict[int, int], links: list[tuple[int, int]] = ()) -> Plan:
    """A plan from explicit assignments: staff -> slots, patient -> slot, resource -> slot."""
    x = [[int(t in staff.get(i, [])) for t in range(inst.T)] for i in range(inst.N)]
    y = [[int(patients.get(p) == t) for t in range(inst.T)] for p in range(inst.P)]
    z = [[int(resources.get(r) == t) for t in range(inst.T)] for r in range(inst.R)]
    v = [[int((i, p) in links) for p in range(inst.P)] for i in range(inst.N)]
    return Plan(status=Status.FEASIBLE, objective=None, bound=None, gap=None, solutions=1,
                wall_time=0.0, size=ModelSize(0, 0, 0), x=x, y=y, z=z, o=[0] * inst.N, v=v)


# Staff on duty per slot: [3, 5, 4, 4] = Dt exactly. Patients per slot: [1, 0, 3, 1].
FEASIBLE_STAFF = {0: [1, 2, 3], 1: [0, 1, 2, 3], 2: [1, 2], 3: [0, 1, 3], 4: [0, 1, 2], 5: [3]}
PATIENTS = {0: 0, 1: 2, 2: 2, 3: 2, 4: 3}
RESOURCES = {0: 3, 1: 0, 2: 3}


@pytest.fixture
def plan(small: Instance) -> Plan:
    return make_plan(small, FEASIBLE_STAFF, PATIENTS, RESOURCES, links=[(0, 0), (1, 0), (2, 4)])


def by_key(charts) -> dict:
    return {chart.key: chart for chart in charts}


def test_nine_figures_in_the_papers_order(small, plan):
    charts = paper_charts(small, plan)
    assert [c.number for c in charts] == list(range(1, 10))
    assert len({c.key for c in charts}) == 9
    assert all(c.title and c.reading for c in charts)


@pytest.mark.parametrize("width,height", SIZES)
@pytest.mark.parametrize("color", [True, False])
def test_every_figure_renders_within_the_screen(small, plan, width, height, color):
    for chart in paper_charts(small, plan):
        figure = chart.render(width - 2, height - 2, color)
        lines = ANSI.sub("", figure).split("\n")
        assert len(lines) == height - 2, chart.key
        assert max(len(line) for line in lines) <= width - 2, chart.key
        assert chart.title in lines[0]
        block = ANSI.sub("", chart.block(width - 2, height - 2, color)).split("\n")
        assert len(block) == height - 2
        assert " ".join(block[-3:]).find(chart.reading.split()[0]) >= 0


@pytest.mark.parametrize("width,height", SIZES)
def test_paper_sizes_with_thirty_rows_fit_80_columns(width, height):
    for scenario in (1, 2):
        inst = generate(scenario, seed=7)
        staff = {i: [t for t in range(inst.T) if (i + t) % 3 == 0] for i in range(inst.N)}
        plan = make_plan(inst, staff, {p: p % inst.T for p in range(inst.P)},
                         {r: r % inst.T for r in range(inst.R)})
        for chart in paper_charts(inst, plan):
            for color in (True, False):
                lines = ANSI.sub("", chart.block(width - 2, height - 2, color)).split("\n")
                assert max(len(line) for line in lines) <= width - 2, chart.key
                assert len(lines) == height - 2, chart.key


def test_no_colour_means_no_escape_sequences(small, plan):
    for chart in paper_charts(small, plan):
        assert "\x1b" not in chart.render(78, 20, color=False)
        assert "\x1b" not in chart.block(78, 22, color=False)
    assert "\x1b" in paper_charts(small, plan)[0].render(78, 20, color=True)


def test_readings_on_a_hand_made_plan(small, plan):
    charts = by_key(paper_charts(small, plan))
    assert charts["patients-per-slot"].reading == (
        "Busiest: slot 3 with 3 patients; quietest: slot 2 with 0")
    assert charts["resources"].reading == "Every resource booked once; most in slot 4 (2 of 3)"
    assert charts["staff"].reading == "Most on duty: 5 of 6 staff (slot 2); fewest: 3 (slot 1)"
    assert charts["patient-slots"].reading == (
        "Every patient has exactly one slot; most in slot 3 (3 of 5)")
    assert charts["working-slots"].reading == (
        "No overtime: every staff member within their maximum")
    assert charts["resource-use"].reading == (
        "Peak: 2 of 3 resources in use (slot 4); idle: slots 2 and 3")
    assert charts["utilisation"].reading == (
        "Heaviest load: slot 3, 3 patients for 4 staff (0.8 per staff member)")
    assert charts["demand-capacity"].reading == (
        "Staff on duty meets demand in every slot (3-5 staff)")


def test_shortage_and_surplus_per_slot(small):
    staff = {0: [0, 1], 1: [0, 1], 2: [0, 1, 2], 3: [0, 1, 3], 4: [1, 3], 5: [0, 1]}
    # on duty [5, 6, 1, 2] against Dt [3, 5, 4, 4]
    plan = make_plan(small, staff, PATIENTS, RESOURCES)
    reading = by_key(paper_charts(small, plan))["demand-capacity"].reading
    assert reading == ("Slot 3 is short by 3 staff, slot 4 by 2; slot 1 has 2 staff more "
                       "than needed")


def test_overtime_is_named(small):
    tight = dataclasses.replace(small, H=[1, 11, 9, 2, 10, 12])
    plan = make_plan(tight, FEASIBLE_STAFF, PATIENTS, RESOURCES)  # staff 1: 3 slots, staff 4: 3
    reading = by_key(paper_charts(tight, plan))["working-slots"].reading
    assert reading == "Overtime for 2 staff; most: staff 1, 2 slots over a maximum of 1"
    figure = by_key(paper_charts(tight, plan))["working-slots"].render(78, 20, color=False)
    assert "▓" in figure.split("\n", 2)[2]  # overtime drawn, not only stated


def test_satisfaction_is_the_papers_formula_with_gaps(small, plan):
    # slot 1: patient 0 (U=10) linked to staff 0 and 1 -> 20 / 1 patient
    # slot 2: no patient -> undefined; slot 3: patients 1, 2, 3, none linked -> 0
    # slot 4: patient 4 (U=8) linked to staff 2 -> 8 / 1
    assert satisfaction_by_slot(small, plan) == [20.0, None, 0.0, 8.0]
    chart = by_key(paper_charts(small, plan))["satisfaction"]
    assert chart.reading == "Highest: slot 1 (20.0); lowest: slot 3 (0.0); no patients in " \
                            "slot 2 (gap)"


def test_satisfaction_gap_is_drawn_as_a_gap(small, plan):
    figure = by_key(paper_charts(small, plan))["satisfaction"].render(78, 20, color=False)
    lines = figure.split("\n")
    tick_line = lines[-2]
    centres = [m.start() for m in re.finditer(r"\S", tick_line)]
    assert len(centres) == 4
    plot = lines[1:-3]
    gap = centres[1]
    assert all("•" not in line[gap - 3:gap + 4] for line in plot)
    assert any("•" in line[centres[2] - 1:centres[2] + 2] for line in plot)


def test_satisfaction_without_links_says_so(small):
    plan = make_plan(small, FEASIBLE_STAFF, PATIENTS, RESOURCES)
    reading = by_key(paper_charts(small, plan))["satisfaction"].reading
    assert reading.startswith("Satisfaction is 0 wherever patients are seen")
    assert reading.endswith("no patients in slot 2 (gap)")


def test_heatmap_cells_match_the_plan(small, plan):
    figure = by_key(paper_charts(small, plan))["staff"].render(78, 20, color=False)
    lines = figure.split("\n")
    centres = [m.start() for m in re.finditer(r"\S", lines[-2])]
    for i in range(small.N):
        row = next(line for line in lines if line.startswith(f"{i + 1}┤"))
        for t, col in enumerate(centres):
            assert (row[col] == "█") == (t in FEASIBLE_STAFF[i]), (i, t)


def test_rows_beyond_the_lines_share_them_as_half_blocks():
    inst = generate(2, seed=3)  # 30 staff on 15 plot lines at height 20: two per line
    staff = {0: [0], 1: [1], 2: [0, 1]}
    plan = make_plan(inst, staff, {p: 0 for p in range(inst.P)}, {r: 0 for r in range(inst.R)})
    figure = by_key(paper_charts(inst, plan))["staff"].render(78, 20, color=False)
    lines = figure.split("\n")
    centres = [m.start() for m in re.finditer(r"\S", lines[-2])]
    first = next(line for line in lines if line.lstrip().startswith("1–2┤"))
    second = next(line for line in lines if line.lstrip().startswith("3–4┤"))
    assert first[centres[0]] == "▀" and first[centres[1]] == "▄"
    assert second[centres[0]] == "▀" and second[centres[1]] == "▀"
    assert "▀ upper row" in figure


def test_labels_name_axes_and_readings(small):
    staff = {0: [0, 1], 1: [0, 1], 2: [0, 1, 2], 3: [0, 1, 3], 4: [1, 3], 5: [0, 1]}
    labels = Labels(staff=["Ann", "Bob", "Cy", "Di", "Ed", "Flo"],
                    slots=["Mon AM", "Mon PM", "Tue AM", "Tue PM"])
    charts = by_key(paper_charts(small, make_plan(small, staff, PATIENTS, RESOURCES), labels))
    assert charts["demand-capacity"].reading.startswith("Tue AM is short by 3 staff")
    figure = charts["staff"].render(78, 20, color=False)
    assert "Flo┤" in figure and "Tue PM" in figure
    with pytest.raises(ValueError, match="3 slot names given for 4 slot rows"):
        paper_charts(small, make_plan(small, staff, PATIENTS, RESOURCES),
                     Labels(slots=["a", "b", "c"]))


def test_a_plan_without_a_schedule_is_refused_in_one_line(small):
    empty = Plan(status=Status.INFEASIBLE, objective=None, bound=None, gap=None, solutions=0,
                 wall_time=0.0, size=ModelSize(0, 0, 0))
    with pytest.raises(ValueError, match=r"^The plan has no schedule to chart \(status "
                                         r"INFEASIBLE\)$"):
        paper_charts(small, empty)


def test_a_plan_for_another_instance_is_refused(small, plan):
    other = generate(None, seed=1, N=6, T=5, P=5, K=2, R=3)
    with pytest.raises(ValueError, match="x is not 6 rows of 5 slots"):
        paper_charts(other, plan)


def test_rendering_leaves_no_state_behind(small, plan):
    charts = paper_charts(small, plan)
    first = charts[0].render(78, 20, color=False)
    for chart in charts[1:]:
        chart.render(100, 30, color=True)
    assert charts[0].render(78, 20, color=False) == first


def test_too_small_a_screen_gets_a_note_not_a_broken_figure(small, plan):
    note = paper_charts(small, plan)[1].render(30, 6)
    assert "\n" not in note and len(note) <= 30 and note.startswith("Needs at least 40x10")


def test_print_charts_prints_all_nine_with_readings(small, plan):
    out = io.StringIO()
    print_charts(small, plan, width=78, height=22, color=False, out=out)
    text = out.getvalue()
    for chart in paper_charts(small, plan):
        assert chart.title in text
        assert chart.reading.split(";")[0] in text.replace("\n", " ")
    assert max(len(line) for line in text.split("\n")) <= 78


def test_a_solved_plan_charts(small):
    from hra_tui.solver.paper.solve import solve_paper

    solved = solve_paper(small, time_limit=20)
    charts = paper_charts(small, solved)
    assert by_key(charts)["demand-capacity"].reading.startswith("Staff on duty meets demand")
    assert by_key(charts)["satisfaction"].reading.startswith("Satisfaction is 0")


def test_a_ward_plan_charts_with_its_own_names():
    from hra_tui.solver.ward.build import PlanSettings, SlotSpec, StaffSpec, ward_instance
    from hra_tui.solver.ward.model import solve_ward

    people = [StaffSpec(name, skill=3, max_slots=1, cost=2, overtime_cost=7)
              for name in ("Ada Nurse", "Ben Nurse")]
    times = [SlotSpec(label, demand=1) for label in ("Mon early", "Mon late", "Mon night")]
    inst = ward_instance("ward", people, times, [], [], settings=PlanSettings(overtime_cap=1))
    plan = solve_ward(inst, time_limit=20)
    charts = by_key(paper_charts(inst, plan))
    assert charts["working-slots"].reading.startswith("Overtime for 1 staff; most: ")
    assert "1 slot over a maximum of 1" in charts["working-slots"].reading
    assert "Mon night" in charts["staff"].render(78, 20, color=False)
    for chart in charts.values():  # no patients, no resources: empty axes, not an error
        assert len(chart.render(78, 20, color=False).split("\n")) == 20
    assert charts["satisfaction"].reading == (
        "No patient has a slot, so satisfaction is undefined in every slot")


def test_colour_uses_the_sixteen_basic_codes(small, plan):
    figure = "".join(chart.render(78, 20, color=True) for chart in paper_charts(small, plan))
    codes = set(re.findall(r"\x1b\[([0-9;]*)m", figure))
    assert "94" in codes  # bright blue: assignments and staff on duty
    assert all(";" not in code for code in codes)  # no 256-colour or RGB sequences


def test_hra_paper_solve_charts_prints_the_nine_figures(small):
    from typer.testing import CliRunner

    from hra_tui.cli.main import app

    runner = CliRunner()
    result = runner.invoke(app, ["paper", "solve", str(SMALL), "--charts"],
                           env={"COLUMNS": "80", "LINES": "24", "NO_COLOR": ""})
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout  # not a terminal: no colour
    for title in ("Resource allocation", "Patient distribution", "Staff assignment",
                  "Patient assignment", "Actual and maximum working slots",
                  "Resource utilisation", "Patient and staff utilisation",
                  "Staff demand versus staff on duty", "Patient satisfaction"):
        assert title in result.stdout
    drawn = result.stdout[result.stdout.index("Resource allocation (resources x"):]
    assert max(len(line) for line in drawn.split("\n")) <= 78  # COLUMNS=80, less a margin
    both = runner.invoke(app, ["paper", "solve", str(SMALL), "--charts", "--json"])
    assert both.exit_code == 1
    assert "cannot be combined with --json" in both.output


@pytest.mark.parametrize("width, tick", [(16, "Tue 01 Dec early"), (12, "Tue early"),
                                         (6, "Tue E"), (4, "Tu E"), (3, "TuE")])
def test_a_slot_tick_keeps_its_day_and_shift(width, tick):
    from hra_tui.charts.raster import fit_slot

    assert fit_slot("Tue 01 Dec early", width) == tick
    assert len(fit_slot("Tue 01 Dec early–Wed 02 Dec night", width * 2 + 1)) <= width * 2 + 1


WARD_STAFF = ["Nora Eriksson", "Diego Bianchi", "Dana Ramírez", "David Santos", "Sofia Dvořák",
              "Elif Sato", "David Brown", "Yuki Sato", "Claire Sanders", "Yusuf Byrne",
              "Sofia Bakker", "Jamal Lee", "Jana Tanaka", "Nia Novak", "Ines Singh",
              "Leila Mendes", "Rahul Dubois", "Thomas Hall", "Zoë Schmidt", "Farid Sánchez",
              "Kenji Banda", "Sara Bell", "Carlos Costa", "Chioma Gupta", "Renée Okonkwo"]
WARD_SLOTS = [f"{day} {date:02d} Dec {shift}"
              for date, day in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), 7)
              for shift in ("early", "late", "night")]


def _tick_line(figure: str) -> str:
    """The line under the frame's bottom edge: the x axis ticks."""
    lines = figure.split("\n")
    return lines[next(k for k, line in enumerate(lines) if "└" in line) + 1]


def test_a_ward_plans_ticks_read_day_and_shift_and_tell_people_apart():
    """At 80 columns (the Charts screen's width) figure 5's staff ticks all differ (two 'DB'
    and two 'SB' before) and a slot tick ends with its shift's capital ('Mo E', not 'Moe')."""
    inst = generate(N=25, T=14, P=5, R=2, seed=3)
    labels = Labels(staff=WARD_STAFF, slots=WARD_SLOTS[:inst.T])
    plan = make_plan(inst, {i: [i % inst.T] for i in range(inst.N)}, {0: 1}, {0: 2})
    charts = by_key(paper_charts(inst, plan, labels))
    people = _tick_line(charts["working-slots"].render(80, 20, color=False)).split()
    assert len(people) == inst.N and len(set(people)) == inst.N, people
    for key in ("staff", "demand-capacity"):  # 14 slots: three or four characters a tick
        slots = _tick_line(charts[key].render(80, 20, color=False))
        assert re.search(r"\bMo ?E\b.*\bMo ?L\b", slots), slots
        assert not re.search(r"\b(Moe|Mol|Mon|Tul)\b", slots), slots


def test_slot_ticks_too_short_to_tell_apart_are_thinned_instead():
    inst = generate(N=25, T=21, P=5, R=2, seed=3)  # 21 slots: two characters a tick
    plan = make_plan(inst, {i: [i % inst.T] for i in range(inst.N)}, {0: 1}, {0: 2})
    charts = by_key(paper_charts(inst, plan, Labels(staff=WARD_STAFF, slots=WARD_SLOTS)))
    ticks = _tick_line(charts["demand-capacity"].render(80, 20, color=False))
    assert "Mon early" in ticks and " TL " not in ticks, ticks


def test_ticks_that_would_read_the_same_take_a_form_that_tells_them_apart():
    from hra_tui.charts.raster import fit_ticks

    assert fit_ticks(["Nora Eriksson", "Diego Bianchi", "David Brown", "Sofia Bakker",
                      "Sara Bell"], 2) == ["NE", "Di", "Da", "So", "Sa"]
    assert fit_ticks(["Tue 01 Dec early", "Tue 08 Dec early", "Tue 08 Dec late"], 5) == [
        "01 E", "08 E", "Tue L"]


def test_a_persons_tick_shortens_to_initials_so_every_bar_keeps_one():
    from hra_tui.charts.raster import fit_slot

    assert [fit_slot("Nora Eriksson", w) for w in (13, 8, 3, 2)] == [
        "Nora Eriksson", "Nora E", "NoE", "NE"]


def test_a_patients_tick_keeps_the_name_before_the_mrn():
    from hra_tui.charts.raster import fit_slot

    assert fit_slot("Robin González (P000060)", 9) == "Robin G"
    assert fit_slot("Robin González (P000060)–Ann Lee (P000007)", 15) == "Robin G–Ann Lee"
