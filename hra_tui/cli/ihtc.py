"""`hra ihtc`: the Integrated Healthcare Timetabling Competition 2024 (IHTC-2024) problem.

`hra ihtc check INSTANCE.json SOLUTION.json [--json]` prints the hard violations H1-H8 and the
weighted soft costs S1-S8 of a competition solution, with the same numbers as the organisers'
validator. Exit codes: 0 the solution is feasible; 1 it violates a hard constraint, or a file
is malformed or names what the instance lacks; 3 a file cannot be read; 4 a fault in hra
itself. A failure is one line on stderr, as for every command (`cli/failing`).

`hra ihtc solve INSTANCE.json --time-limit S -o SOLUTION.json [--seed K] [--threads N]
[--engine compiled|python] [--json]` plans a solution (hra_tui.solver.ihtc.solver), writes it
and prints its check; exit 0 if feasible, with what the search did (its moves and CP-SAT
windows, and with threads the restarts of one from another's cheaper plan). Ctrl-C ends the
search early and still writes the best plan found so far. The search's moves run compiled
(numba, loaded only by this command) unless `--engine python`.
`--bound [--bound-time S]` then proves a lower bound on the cost (hra_tui.solver.ihtc.bound)
and prints it with the gap; a cheaper plan the exact model finds on the way is the one written.

The database stays out of this command; numpy and numba are loaded only when `solve` runs the
compiled search, and OR-Tools only when a timed search runs its first CP-SAT window, so
`check` starts at once.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hra_tui.cli.failing import command_group, file_access
from hra_tui.cli.session import print_table
from hra_tui.formatting import counted
from hra_tui.services.failures import REFUSED

if TYPE_CHECKING:
    from hra_tui.solver.ihtc import CheckResult
    from hra_tui.solver.ihtc.bound import Bound
    from hra_tui.solver.ihtc.solver import SolveResult
    from hra_tui.solver.signals import StopSignal

ihtc_app = command_group(no_args_is_help=True,
                         help="IHTC-2024: solve instances and check competition solutions.")


@ihtc_app.callback()
def ihtc_group() -> None:
    """IHTC-2024: solve instances and check competition solutions."""


@ihtc_app.command("check")
def check_command(
    instance: Annotated[Path, typer.Argument(help="Instance JSON (the competition's format).",
                                             show_default=False)],
    solution: Annotated[Path, typer.Argument(help="Solution JSON (the competition's format).",
                                             show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")
                       ] = False,
) -> None:
    """Count the hard violations (H1-H8) and the weighted soft costs (S1-S8) of a solution."""
    from hra_tui.solver.ihtc import check, load_problem, load_solution

    with file_access("read"):
        problem, answer = load_problem(instance), load_solution(solution)
    result = check(problem, answer)
    if as_json:
        typer.echo(json.dumps({"instance": str(instance), "solution": str(solution),
                               **result.to_json()}))
    else:
        _print_result(result)
    raise typer.Exit(0 if result.feasible else REFUSED)


class Engine(StrEnum):
    """Where the annealing's moves run (the same moves and prices either way)."""

    COMPILED = "compiled"
    PYTHON = "python"


@ihtc_app.command("solve")
def solve_command(
    instance: Annotated[Path, typer.Argument(help="Instance JSON (the competition's format).",
                                             show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Solution JSON to write.",
                                         show_default=False)],
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1,
                                              help="Seconds to search.")] = 60.0,
    threads: Annotated[int, typer.Option(
        "--threads", min=1, help="Searches in parallel, one process each (seeds SEED, "
        "SEED+1, ...), that meet from 30% of the time on, every 10%: a search worse than the "
        "best so far goes on from that plan. The cheapest plan wins.")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    engine: Annotated[Engine, typer.Option(
        "--engine", help="The annealing's moves compiled (numba), or in pure Python (the "
        "reference, some 30 times slower).")] = Engine.COMPILED,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")
                       ] = False,
    bound: Annotated[bool, typer.Option(
        "--bound", help="Then prove a lower bound on the cost and print it with the gap "
        "(the whole model on a small instance, which may prove the plan optimal or find a "
        "cheaper one; a relaxation on a larger one).")] = False,
    bound_time: Annotated[float, typer.Option(
        "--bound-time", min=0.1, help="Seconds for --bound, on --threads CP-SAT workers.")
                          ] = 60.0,
) -> None:
    """Plan admissions, theatres and nurses, write the solution and check it."""
    from hra_tui.solver.ihtc import check, load_problem
    from hra_tui.solver.ihtc.solver import solve

    with file_access("read"):
        problem = load_problem(instance)
    with interrupt_stops() as stopped:
        result = solve(problem, time_limit=time_limit, seed=seed, threads=threads,
                       stop=stopped, compiled=engine is Engine.COMPILED)
    solution, proven = result.solution, None
    if bound:
        from hra_tui.solver.ihtc.bound import lower_bound

        with interrupt_stops() as stopped:
            proven = lower_bound(problem, solution, bound_time, threads, stopped)
        solution = proven.better or solution
    with file_access("write"):
        solution.save(output)
    checked = check(problem, solution)
    if as_json:
        extra = {} if proven is None else {"bound": proven.to_json(checked.total_cost)}
        typer.echo(json.dumps({"instance": str(instance), "solution": str(output),
                               "seconds": round(result.seconds, 3), "seed": seed,
                               "threads": threads, "engine": engine.value,
                               "search": _search_json(result),
                               **checked.to_json(), **extra}))
    else:
        _print_result(checked)
        typer.echo(f"written {output} in {result.seconds:.1f} s: "
                   f"{counted(result.patient_moves + result.nurse_moves, 'move')}, "
                   f"{counted(result.windows, 'CP-SAT window')} "
                   f"({result.windows_better:,} cheaper)")
        if proven is not None:
            _print_bound(proven, checked)
    raise typer.Exit(0 if checked.feasible else REFUSED)


def _print_bound(proven: Bound, checked: CheckResult) -> None:
    """The lower bound, how it was found, and the gap to the plan written."""
    how = "the whole model" if proven.method == "exact" else "the relaxation"
    if proven.infeasible:
        typer.echo(f"no plan keeps every hard rule (proven by {how} "
                   f"in {proven.seconds:.1f} s)")
        return
    if proven.better is not None:
        typer.echo("the whole model found a cheaper plan: that one is written")
    if proven.optimal and checked.feasible and checked.total_cost == proven.lower:
        typer.echo(f"optimal: cost {checked.total_cost} proven by {how} "
                   f"in {proven.seconds:.1f} s")
        return
    typer.echo(f"lower bound {proven.lower} ({how}, {proven.seconds:.1f} s), "
               f"cost {checked.total_cost}, gap {proven.gap(checked.total_cost):.1%}")


def _search_json(result: SolveResult) -> dict[str, object]:
    """What the search did: its moves, its CP-SAT windows (how many lowered the cost), with
    threads how many times one restarted from another's cheaper plan, and where its time went
    (`effort.Effort`: seconds per part, compiled moves per kind)."""
    return {"patient_moves": result.patient_moves, "nurse_moves": result.nurse_moves,
            "windows": result.windows, "windows_better": result.windows_better,
            "restarts": result.restarts, **result.effort.to_json()}


@contextmanager
def interrupt_stops() -> Iterator[StopSignal]:
    """While solving, Ctrl-C ends the search early and the best plan so far is written."""
    from hra_tui.solver.signals import StopSignal

    stopped = StopSignal()
    previous = signal.signal(signal.SIGINT, lambda *_: stopped.stop())
    try:
        yield stopped
    finally:
        signal.signal(signal.SIGINT, previous)


def _print_result(result: CheckResult) -> None:
    _print_aligned(["hard", "name", "violations"],
                   [[t.code, t.name, str(t.count)] for t in result.hard])
    typer.echo(f"total violations: {result.total_violations}")
    typer.echo("")
    _print_aligned(["soft", "name", "weight", "count", "cost"],
                   [[t.code, t.name, str(t.weight), str(t.count), str(t.cost)]
                    for t in result.soft])
    typer.echo(f"total cost: {result.total_cost}")
    typer.echo("feasible" if result.feasible else
               f"infeasible: {result.total_violations} hard violations")


def _print_aligned(headers: list[str], rows: list[list[str]]) -> None:
    """A table whose number columns (all but the first two) are right-aligned."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    print_table(headers, [[cell if i < 2 else cell.rjust(widths[i])
                           for i, cell in enumerate(row)] for row in rows])
