"""`hra plan front`: the ward's cost-waiting front over the planning horizon, each point with
its status, and `--keep` to store the points as plans to review and apply like any other;
`hra plan sweep`: one parameter stepped across a range, the plan's optimum at each value."""

from __future__ import annotations

import json
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from hra_tui.cli.failing import fail
from hra_tui.cli.session import print_table, reader_may_stop, with_ward
from hra_tui.cli.trade_offs import gap_text, report_sweep
from hra_tui.fields import HORIZON, TIME_LIMIT
from hra_tui.formatting import grouped

if TYPE_CHECKING:
    from hra_tui.services.planning.ward.records import PlanFront
    from hra_tui.solver.signals import StopSignal

T = TypeVar("T")


def plan_front(
    ctx: typer.Context,
    points: Annotated[int, typer.Option("--points", "-p", min=2, max=25,
                                        help="Points of the front, its two ends included.")] = 7,
    horizon: Annotated[int, typer.Option("--horizon", "-n", min=HORIZON.low, max=HORIZON.high,
                                         help="Plan the next N time slots.")
                       ] = HORIZON.default,  # type: ignore[assignment]
    time_limit: Annotated[float, typer.Option(
        "--time-limit", "-t", min=TIME_LIMIT.low, max=TIME_LIMIT.high,
        help="Seconds for the whole front.")] = 60.0,
    keep: Annotated[bool, typer.Option("--keep", help="Store every point as a plan.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """The non-dominated plans of cost against waiting (quality settled at each point), from
    least cost to least waiting, each proven optimal for its waiting cap or best found."""
    from hra_tui.services.planning.ward.records import PlanRequest
    from hra_tui.solver.signals import StopSignal

    request = PlanRequest(horizon=horizon, time_limit=time_limit)

    async def go(ward):
        stop = StopSignal()
        front = await keeping(ward.planning.front(request, points, stop=stop), stop)
        kept = ([(await ward.planning.keep_point(front, k)).id
                 for k in range(len(front.points))] if keep else [])
        return front, kept

    front, kept = with_ward(ctx, go)
    if not front.points:
        fail("no plan found: " + ("stopped first" if front.stopped else
                                  "none in time, or none meets every rule (hra plan says why)"))
    with reader_may_stop():  # piped into head: the rest unread, quietly
        if as_json:
            typer.echo(json.dumps(front_json(front, kept), indent=2))
        else:
            _print(front, kept)


async def keeping(work: Awaitable[T], stop: StopSignal) -> T:
    """Await `work` (a front or a sweep); Ctrl-C stops its solver and still returns what it
    found so far, as a stopped solve keeps its best plan."""
    import asyncio

    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        stop.stop()
        return await task


def front_json(front: PlanFront, kept: list[int]) -> dict:
    params = front.prepared.params
    b = front.in_force
    return {"first_slot": params["first_slot"], "last_slot": params["last_slot"],
            "slots": len(params["slot_ids"]), "asked": front.asked, "stopped": front.stopped,
            "wall_time": round(front.wall_time, 3),
            "in_force": {"cost": b.cost, "waiting": b.waiting, "quality": b.quality},
            "points": [{"cost": p.cost, "waiting": p.waiting, "quality": p.quality,
                        "status": p.status, "gap": p.gap, "quality_gap": p.quality_gap,
                        "served": p.served,
                        "changes": p.changes,
                        "plan_id": kept[k] if kept else None}
                       for k, p in enumerate(front.points)]}


def _print(front: PlanFront, kept: list[int]) -> None:
    params = front.prepared.params
    typer.echo(f"Front of {len(front.points)} of {front.asked} points over "
               f"{len(params['slot_ids'])} slots ({params['first_slot']} .. "
               f"{params['last_slot']}), {front.wall_time:.1f} s"
               + (", stopped: the points found so far" if front.stopped else ""))
    headers = ["#", "COST (£)", "WAITING", "QUALITY", "SEEN", "STATUS", "GAP", "QUALITY GAP"]
    rows = [[str(k + 1), grouped(p.cost), grouped(p.waiting), grouped(p.quality),
             str(p.served), p.status, gap_text(p.gap), gap_text(p.quality_gap)]
            for k, p in enumerate(front.points)]
    if kept:
        headers.append("PLAN")
        rows = [row + [str(plan_id)] for row, plan_id in zip(rows, kept, strict=True)]
    print_table(headers, rows)
    b = front.in_force
    typer.echo(f"The plan in force (the records as they stand): cost {b.cost:,}, waiting "
               f"{b.waiting:,}, quality {b.quality:,}. Waiting counts patient-slots (urgency x "
               "slots waited); quality counts skill short of the top (lower is better).")
    if kept:
        typer.echo(f"Stored as plans {kept[0]} .. {kept[-1]}: hra plan diff ID reviews one, "
                   "hra plan apply ID applies it.")
    else:
        typer.echo("--keep stores the points as plans to review and apply.")


def plan_sweep(
    ctx: typer.Context,
    parameter: Annotated[str, typer.Argument(
        metavar="PARAM", help="budget, staff (with --role), demand (a factor) or "
                              "patients-per-staff.")],
    start: Annotated[float, typer.Argument(metavar="FROM", help="First value.")],
    end: Annotated[float, typer.Argument(metavar="TO", help="Last value.")],
    count: Annotated[int, typer.Argument(metavar="STEPS", min=2, max=50,
                                         help="Values from FROM to TO, both included.")],
    role: Annotated[str, typer.Option(help="The role whose staff count `staff` sweeps.")] = "",
    horizon: Annotated[int, typer.Option("--horizon", "-n", min=HORIZON.low, max=HORIZON.high,
                                         help="Plan the next N time slots.")
                       ] = HORIZON.default,  # type: ignore[assignment]
    time_limit: Annotated[float, typer.Option(
        "--time-limit", "-t", min=TIME_LIMIT.low, max=TIME_LIMIT.high,
        help="Seconds for the whole sweep.")] = 120.0,
    chart: Annotated[bool, typer.Option("--chart", help="Then draw the sweep.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Solve the horizon with one parameter stepped from FROM to TO (the clerk's weights 1/1/1):
    the optimal objective and its cost, waiting and quality at each value, with its status."""
    from hra_tui.services.planning.ward.records import PlanRequest
    from hra_tui.solver.signals import StopSignal

    if chart and as_json:
        fail("--chart draws text and cannot be combined with --json")
    request = PlanRequest(horizon=horizon, time_limit=time_limit)

    async def go(ward):
        stop = StopSignal()
        return await keeping(ward.planning.sweep(request, parameter, start, end, count, role,
                                                 stop=stop), stop)

    sweep = with_ward(ctx, go)
    report_sweep(sweep, as_json, chart, f"The ward's plan against {sweep.parameter}")
