"""`hra paper`: generate instances of the paper's model and solve them from the shell.

Exit codes of `solve`: 0 a plan was found (optimal or not); 1 no plan (infeasible, or none
found in time), or bad input; 3 a file cannot be read or written; 4 a fault in hra. A failure
is one line on stderr, as for every command (`cli/failing`).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hra_tui.cli.failing import command_group, fail, file_access
from hra_tui.cli.paper_trade_offs import front_command, sweep_command
from hra_tui.cli.solving import interruptibly
from hra_tui.solver.instance import Instance

if TYPE_CHECKING:
    from hra_tui.solver.plan import Plan

# OR-Tools, numpy and plotext load inside the commands: every other `hra` command (and the
# console's start) would otherwise pay ~0.6 s to import them.

paper_app = command_group(no_args_is_help=True,
                          help="The paper's model: generate and solve instances.")
paper_app.command("front")(front_command)
paper_app.command("sweep")(sweep_command)


@paper_app.command("generate")
def generate_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the JSON.")],
    scenario: Annotated[int, typer.Option(help="1 (N=20,T=10,P=30,K=15,R=10) or "
                                               "2 (N=30,T=5,P=20,K=10,R=15).")] = 1,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed, the same file.")] = 0,
    n: Annotated[int | None, typer.Option("--N", help="Staff (overrides the scenario).")] = None,
    t: Annotated[int | None, typer.Option("--T", help="Time slots.")] = None,
    p: Annotated[int | None, typer.Option("--P", help="Patients.")] = None,
    k: Annotated[int | None, typer.Option("--K", help="Tasks.")] = None,
    r: Annotated[int | None, typer.Option("--R", help="Resources.")] = None,
    budget: Annotated[int | None, typer.Option(help="Budget B; default: one that never binds.")
                      ] = None,
) -> None:
    """Draw an instance with the paper's parameter ranges and write it as JSON."""
    if scenario not in (1, 2):
        fail("--scenario must be 1 or 2")
    for name, value in (("N", n), ("T", t), ("P", p), ("K", k), ("R", r)):
        if value is not None and value < 1:
            fail(f"--{name} must be at least 1")
    from hra_tui.solver.paper.generate import generate

    try:
        inst = generate(scenario, seed, N=n, T=t, P=p, K=k, R=r, budget=budget)
    except ValueError as too_large:
        fail(str(too_large))
    with file_access("write"):
        inst.save(output)
    typer.echo(f"wrote {output}: {inst.name}, N={inst.N} T={inst.T} P={inst.P} K={inst.K} "
               f"R={inst.R} B={inst.B}", err=True)


@paper_app.command("solve")
def solve_command(
    instance: Annotated[Path, typer.Argument(help="Instance JSON (hra-paper-instance/1).")],
    time_limit: Annotated[float, typer.Option(help="Seconds before giving up.")] = 30.0,
    workers: Annotated[int, typer.Option(help="CP-SAT worker threads.")] = 2,
    seed: Annotated[int, typer.Option(help="CP-SAT random seed.")] = 0,
    method: Annotated[str, typer.Option(
        help="decompose (fast, exact) or direct (the printed model as is).")] = "decompose",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
    solution_out: Annotated[Path | None, typer.Option(
        help="Write the solution file (x, y, z, o, v, objective, status).")] = None,
    charts: Annotated[bool, typer.Option(
        "--charts", help="Then draw the paper's nine figures (section 5), one screen each.")
                      ] = False,
    weights: Annotated[str, typer.Option(
        help="COST,WAITING,QUALITY weights of the objective's three parts (other than 1,1,1: "
             "--method direct only).")] = "1,1,1",
) -> None:
    """Solve an instance, printing the paper's Table 2/3 rows and Tables 4-7."""
    from hra_tui.solver.paper.report import format_plan
    from hra_tui.solver.paper.solve import METHODS

    if method not in METHODS:
        fail(f"--method must be one of: {', '.join(METHODS)}")
    weighed = _weights(weights)
    if weighed != (1, 1, 1) and method != "direct":
        fail("--weights other than 1,1,1 need --method direct")
    if not time_limit > 0 or not 1 <= workers <= 256:
        fail("--time-limit must be positive and --workers between 1 and 256")
    if not -(2**31) <= seed < 2**31:
        fail("--seed must fit in 32 bits")
    if charts and as_json:
        fail("--charts draws text and cannot be combined with --json")
    with file_access("read"):
        inst = Instance.load(instance)
    plan = _solve_interruptibly(inst, time_limit, workers, seed, method, weighed)
    if solution_out is not None:
        with file_access("write"):
            plan.save_solution(solution_out)
    if as_json:
        typer.echo(json.dumps(plan.summary_json()))
    else:
        typer.echo(format_plan(plan))
        if charts and plan.has_solution:
            _print_charts(inst, plan)
    raise typer.Exit(0 if plan.has_solution else 1)


def _print_charts(inst: Instance, plan: Plan) -> None:
    """The figures at the terminal's size; colour only on a terminal and without NO_COLOR."""
    size = shutil.get_terminal_size((80, 24))
    from hra_tui.charts import print_charts

    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    typer.echo("")
    print_charts(inst, plan, width=max(40, size.columns - 2), height=max(12, size.lines - 2),
                 color=color)


def _weights(text: str) -> tuple[int, int, int]:
    parts = text.split(",")
    try:
        weights = tuple(int(part) for part in parts)
    except ValueError:
        weights = ()
    if len(weights) != 3 or any(not 0 <= w <= 1000 for w in weights) or not any(weights):
        fail("--weights must be three whole numbers from 0 to 1000, not all 0, e.g. 1,0,0")
    return weights  # type: ignore[return-value]


def _solve_interruptibly(inst: Instance, time_limit: float, workers: int, seed: int,
                         method: str, weights: tuple[int, int, int]) -> Plan:
    """Solve on a worker thread so Ctrl-C stops the search and still prints the best plan."""
    from hra_tui.solver.paper.solve import solve_paper

    return interruptibly(lambda stop, progress: solve_paper(
        inst, time_limit=time_limit, workers=workers, seed=seed, on_progress=progress,
        stop=stop, method=method, weights=weights))
