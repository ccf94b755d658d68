"""`hra paper front` and `hra paper sweep`: the paper's model traded off (cost against
waiting) and swept (one input across a range), each point with its status, as a table, a
chart (`--chart`) or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hra_tui.cli.failing import fail, file_access
from hra_tui.cli.session import print_table, reader_may_stop
from hra_tui.cli.solving import interruptibly
from hra_tui.cli.trade_offs import draw, gap_text, report_sweep
from hra_tui.formatting import grouped
from hra_tui.solver.instance import Instance

if TYPE_CHECKING:
    from hra_tui.solver.front import Front

_POINTS = typer.Option("--points", "-p", min=2, max=25,
                       help="Points of the front, its two ends included.")


def front_command(
    instance: Annotated[Path, typer.Argument(help="Instance JSON (hra-paper-instance/1).")],
    points: Annotated[int, _POINTS] = 9,
    time_limit: Annotated[float, typer.Option(min=1, max=3600,
                                              help="Seconds for the whole front.")] = 60.0,
    workers: Annotated[int, typer.Option(min=1, max=256, help="CP-SAT worker threads.")] = 2,
    chart: Annotated[bool, typer.Option("--chart", help="Then draw the front.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """The non-dominated plans of cost against waiting (quality settled at each point), from
    least cost to least waiting, each proven optimal for its waiting cap or best found."""
    if chart and as_json:
        fail("--chart draws text and cannot be combined with --json")
    with file_access("read"):
        inst = Instance.load(instance)
    from hra_tui.solver.paper.front import paper_front

    found = interruptibly(lambda stop, progress: paper_front(
        inst, points, time_limit=time_limit, workers=workers, on_progress=progress, stop=stop))
    front = found.front
    if not front.points:
        fail("no plan found: " + ("stopped first" if front.stopped else
                                  "no plan meets every rule (hra paper solve says why)"))
    rows = [{"cost": p.cost, "waiting": p.waiting, "quality": p.quality,
             "objective": plan.objective, "status": p.status, "gap": p.gap,
             "quality_gap": p.quality_gap,
             "waiting_cap": p.cap, "wall_time": round(p.wall_time, 3)}
            for p, plan in zip(front.points, found.plans, strict=True)]
    with reader_may_stop():  # piped into head: the rest unread, quietly
        _print_front(inst, points, front, rows, as_json, chart)


def _print_front(inst: Instance, points: int, front: Front, rows: list[dict], as_json: bool,
                 chart: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"instance": inst.name, "asked": points, "stopped": front.stopped,
                               "wall_time": round(front.wall_time, 3), "points": rows}))
    else:
        typer.echo(f"Front of {len(rows)} of {points} points for {inst.name}, "
                   f"{front.wall_time:.1f} s" + (", stopped: the points found so far"
                                                  if front.stopped else ""))
        print_table(["#", "COST", "WAITING", "QUALITY", "OBJECTIVE", "STATUS", "GAP",
                     "QUALITY GAP"],
                    [[str(k + 1), grouped(r["cost"]), grouped(r["waiting"]),
                      grouped(r["quality"]), grouped(r["objective"]), r["status"],
                      gap_text(r["gap"]), gap_text(r["quality_gap"])]
                     for k, r in enumerate(rows)])
        typer.echo("Cost: staff, patients, resources, overtime (terms 1, 3, 4, 6); waiting: "
                   "the patients' penalty (5); quality: interaction, patient weight, skill "
                   "(2, 7, 8).")
        if chart and rows:
            from hra_tui.charts.trade_offs import front_chart

            draw(front_chart([(r["cost"], r["waiting"]) for r in rows],
                             title=f"Cost against waiting: {inst.name}",
                             axes=("cost (terms 1, 3, 4, 6)", "waiting penalty (term 5)")))


def sweep_command(
    instance: Annotated[Path, typer.Argument(help="Instance JSON (hra-paper-instance/1).")],
    parameter: Annotated[str, typer.Argument(
        metavar="PARAM", help="budget, demand, staff-cost, penalty or hours.")],
    start: Annotated[float, typer.Argument(metavar="FROM", help="First value (factors: 1 is "
                                                                 "the instance's own).")],
    end: Annotated[float, typer.Argument(metavar="TO", help="Last value.")],
    count: Annotated[int, typer.Argument(metavar="STEPS", min=2, max=50,
                                         help="Values from FROM to TO, both included.")],
    time_limit: Annotated[float, typer.Option(min=1, max=3600,
                                              help="Seconds for the whole sweep.")] = 120.0,
    workers: Annotated[int, typer.Option(min=1, max=256, help="CP-SAT worker threads.")] = 2,
    chart: Annotated[bool, typer.Option("--chart", help="Then draw the sweep.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Solve the instance with one input stepped from FROM to TO: the optimal objective and
    its cost, waiting and quality at each value, each with its status."""
    from hra_tui.solver.paper.sweep import PARAMETERS, paper_sweep

    if parameter not in PARAMETERS:
        fail(f"PARAM must be one of: {', '.join(PARAMETERS)}")
    if chart and as_json:
        fail("--chart draws text and cannot be combined with --json")
    if parameter != "budget" and min(start, end) < 0:
        fail("a factor cannot be negative")
    with file_access("read"):
        inst = Instance.load(instance)
    sweep = interruptibly(lambda stop, progress: paper_sweep(
        inst, parameter, start, end, count, time_limit=time_limit, workers=workers,
        on_progress=progress, stop=stop))
    report_sweep(sweep, as_json, chart, f"{inst.name}: {sweep.parameter}")
