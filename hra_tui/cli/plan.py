"""`hra plan`: solve the ward's next slots and keep the plan; re-plan the plan in force from
now; list, compare, diff and apply.

`hra plan` alone solves (the next --horizon slots, or the slots starting --from .. --to) and
prints the stored plan's numbers; `hra plan replan` re-plans from now and prints what it
changes in words; `--json` prints one object instead. Both list the rules the plan breaks
because the records force it.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, time
from typing import TYPE_CHECKING, Annotated

import typer

from hra_tui.cli.failing import command_group, fail
from hra_tui.cli.plan_trade_offs import plan_front, plan_sweep
from hra_tui.cli.session import RowId, print_json, print_table, with_ward
from hra_tui.fields import HORIZON, TIME_LIMIT
from hra_tui.formatting import grouped
from hra_tui.services.times import parse_local_datetime, short_local, to_utc

if TYPE_CHECKING:
    from hra_tui.services.planning.ward.records import PlanDiff, PlanSummary

plan_app = command_group(invoke_without_command=True,
                         help="The ward planner: solve, list, compare, diff and apply plans.")


def _moment(text: str | None, option: str) -> datetime | None:
    """A local date ('2026-03-12', from its midnight) or date and time, as aware UTC."""
    if text is None:
        return None
    try:
        if len(text.strip()) == 10:
            return to_utc(datetime.combine(datetime.fromisoformat(text.strip()).date(), time()))
        return parse_local_datetime(text)
    except ValueError as exc:
        fail(f"{option}: {exc}")


def summary_json(s: PlanSummary) -> dict[str, object]:
    b = s.breakdown
    return {"id": s.id, "status": s.status, "objective": s.objective, "bound": s.bound,
            "gap": s.gap, "wall_time": round(s.wall_time, 3), "slots": s.slots,
            "first_slot": s.first_slot, "last_slot": s.last_slot,
            "weights": asdict(s.weights), "toggles": asdict(s.toggles),
            "served": b.served if b else None, "deferred": b.deferred if b else None,
            "cost": b.cost if b else None, "waiting": b.waiting if b else None,
            "quality": b.quality if b else None, "explanation": s.explanation,
            "changes": ({**asdict(s.changes), "count": s.changes.count, "cost": s.changes.cost}
                        if s.changes else None),
            "forced": list(s.forced),
            "created_by": s.created_by, "created_at": s.created_at.isoformat(),
            "applied_at": s.applied_at.isoformat() if s.applied_at else None}


def _report(s: PlanSummary, diff: PlanDiff | None = None) -> None:
    """A stored plan as `hra plan` and `hra plan replan` print it; exit 1 without a plan."""
    if s.status == "INFEASIBLE":
        # one line: which rule fails and by how much (the plan is kept, with no bound)
        typer.echo(f"Plan {s.id}, {s.slots} slots from {s.first_slot}: "
                   + (s.explanation or "infeasible: no plan meets every rule"))
        raise typer.Exit(1)
    b, c = s.breakdown, s.changes
    objective = grouped(s.objective)
    if c is not None and b is not None:
        objective += (f" (plan {grouped(b.objective(s.weights))} + {c.count} changes x "
                      f"{c.weight})")
    typer.echo(f"{'Re-plan' if c else 'Plan'} {s.id}: {s.status}, objective {objective}, bound "
               f"{grouped(s.bound)}, {s.wall_time:.1f} s over {s.slots} slots "
               f"({s.first_slot} .. {s.last_slot})")
    if b is not None:
        typer.echo(f"  {b.served} patients seen, {b.deferred} deferred; cost {b.cost:,}, "
                   f"waiting {b.waiting:,}, quality {b.quality:,}; "
                   f"{b.overtime_slots} overtime slots")
    if diff is not None:
        typer.echo(f"  {diff.in_words}")
        if diff.blocked:
            typer.echo(f"  Cannot apply: {diff.blocked}")
    if s.explanation:
        typer.echo(f"  {s.explanation}")
    _forced(s.forced)
    if b is None:
        raise typer.Exit(1)


def _forced(lines: tuple[str, ...]) -> None:
    if lines:
        typer.echo(f"  The records force {len(lines)} rule break{'s' * (len(lines) > 1)}:")
        for line in lines:
            typer.echo(f"    {line}")


@plan_app.callback()
def plan(
    ctx: typer.Context,
    horizon: Annotated[int, typer.Option("--horizon", "-n", min=HORIZON.low, max=HORIZON.high,
                                         help="Plan the next N time slots.")
                       ] = HORIZON.default,  # type: ignore[assignment]
    start: Annotated[str | None, typer.Option("--from", help="Plan the slots starting from "
                                              "this local date or time.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="... and before this one.")] = None,
    time_limit: Annotated[float, typer.Option(
        "--time-limit", "-t", min=TIME_LIMIT.low, max=TIME_LIMIT.high,
        help="Seconds the solver may run.")] = float(TIME_LIMIT.default),  # type: ignore[arg-type]
    cost: Annotated[int, typer.Option(min=0, max=100, help="Weight of cost.")] = 1,
    waiting: Annotated[int, typer.Option(min=0, max=100, help="Weight of waiting.")] = 1,
    quality: Annotated[int, typer.Option(min=0, max=100, help="Weight of quality.")] = 1,
    cap: Annotated[bool, typer.Option("--cap/--no-cap",
                                      help="(a) cap patients per staff member.")] = True,
    one_server: Annotated[bool, typer.Option("--one-server/--no-one-server",
                                             help="(b) one skilled server per patient.")] = True,
    overtime: Annotated[bool, typer.Option("--overtime/--no-overtime",
                                           help="(c) allow costed overtime slots.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Solve the ward's planning horizon and keep the plan (with no sub-command)."""
    if ctx.invoked_subcommand is not None:
        return
    import asyncio  # here, like the planner's types, so that `hra --help` stays quick

    from hra_tui.services.planning.ward.records import PlanRequest
    from hra_tui.solver.signals import StopSignal
    from hra_tui.solver.ward.instance import Toggles, Weights

    request = PlanRequest(
        horizon=None if start or end else horizon, start=_moment(start, "--from"),
        end=_moment(end, "--to"), weights=Weights(cost, waiting, quality),
        toggles=Toggles(cap, one_server, overtime), time_limit=time_limit)

    async def go(ward):
        stop = StopSignal()
        try:
            return await ward.planning.solve(request, stop=stop)
        except asyncio.CancelledError:
            stop.stop()  # Ctrl-C: end the solver thread too, at once
            raise

    s = with_ward(ctx, go)
    if as_json:
        typer.echo(json.dumps(summary_json(s), indent=2))
        if s.breakdown is None:
            raise typer.Exit(1)
        return
    _report(s)


@plan_app.command("replan")
def plan_replan(
    ctx: typer.Context,
    time_limit: Annotated[float, typer.Option("--time-limit", "-t", min=1, max=3600,
                                              help="Seconds the solver may run.")] = 10.0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Re-plan the plan in force from now: the past frozen, each change priced at the
    change_weight setting; keeps the re-plan and prints what it changes, in words."""
    import asyncio

    from hra_tui.services.planning.ward.records import ReplanRequest
    from hra_tui.solver.signals import StopSignal

    async def go(ward):
        stop = StopSignal()
        try:
            s = await ward.planning.replan(ReplanRequest(time_limit=time_limit), stop=stop)
        except asyncio.CancelledError:
            stop.stop()  # Ctrl-C: end the solver thread too, at once
            raise
        return s, (await ward.planning.diff(s.id) if s.has_solution else None)

    s, diff = with_ward(ctx, go)
    if as_json:
        data = summary_json(s)
        data["in_words"] = diff.in_words if diff else None
        data["blocked"] = diff.blocked if diff else None
        typer.echo(json.dumps(data, indent=2))
        if s.breakdown is None:
            raise typer.Exit(1)
        return
    _report(s, diff)
    typer.echo(f"  hra plan diff {s.id} lists every row; hra plan apply {s.id} applies it.")


plan_app.command("front")(plan_front)
plan_app.command("sweep")(plan_sweep)


@plan_app.command("list")
def plan_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array on stdout.")] = False,
) -> None:
    """Kept plans, newest first."""
    plans = with_ward(ctx, lambda ward: ward.planning.list(limit))
    if as_json:
        print_json([summary_json(s) for s in plans])
        return
    print_table(["ID", "MADE", "BY", "STATUS", "OBJECTIVE", "GAP", "SLOTS", "FROM", "SEEN",
                 "APPLIED"],
                [[str(s.id), short_local(s.created_at), s.created_by, s.status,
                  grouped(s.objective), "-" if s.gap is None else f"{s.gap:.1%}",
                  str(s.slots), s.first_slot,
                  str(s.breakdown.served) if s.breakdown else "-",
                  short_local(s.applied_at) if s.applied_at else "no"] for s in plans])


@plan_app.command("compare")
def plan_compare(ctx: typer.Context, left: int, right: int) -> None:
    """Two plans' numbers side by side."""
    table = with_ward(ctx, lambda ward: ward.planning.compare(left, right))
    print_table(["", f"PLAN {left}", f"PLAN {right}"],
                [[row.label, row.left, row.right] for row in table.rows])


@plan_app.command("diff")
def plan_diff(ctx: typer.Context, plan_id: RowId) -> None:
    """What applying a plan would add to today's records (and a re-plan's, take back)."""
    diff = with_ward(ctx, lambda ward: ward.planning.diff(plan_id))
    if diff.blocked:
        fail(diff.blocked)
    if diff.in_words:
        typer.echo(diff.in_words)
    if diff.off_duty:
        typer.echo(f"{len(diff.off_duty)} roster entries removed:")
        for line in diff.off_duty:
            typer.echo(f"  {line.slot:<22} {line.staff} ({line.role})")
    if diff.cancelled:
        typer.echo(f"{len(diff.cancelled)} appointments cancelled:")
        for a in diff.cancelled:
            typer.echo(f"  {short_local(a.starts_at):<14} {a.patient_mrn} {a.patient_name} with "
                       f"{a.staff}")
    typer.echo(f"{len(diff.roster)} roster entries:")
    for line in diff.roster:
        typer.echo(f"  {line.slot:<22} {line.staff} ({line.role})"
                   + (" overtime" if line.overtime else ""))
    typer.echo(f"{len(diff.appointments)} appointments:")
    for a in diff.appointments:
        typer.echo(f"  {short_local(a.starts_at):<14} {a.patient_mrn} {a.patient_name} with "
                   f"{a.staff} ({a.duration_min} min, {a.reason})")
    typer.echo(f"{len(diff.bookings)} resource bookings:")
    for booking in diff.bookings:
        typer.echo(f"  {booking.slot:<22} {booking.resource} for {booking.patient_name}")
    if diff.deferred:
        typer.echo(f"{len(diff.deferred)} requests left for a later horizon")


@plan_app.command("apply")
def plan_apply(ctx: typer.Context, plan_id: RowId) -> None:
    """Write a plan's roster, appointments and resource bookings (admins only)."""
    result = with_ward(ctx, lambda ward: ward.planning.apply(plan_id))
    typer.echo(f"Plan {plan_id} applied: {result.roster} roster entries, {result.appointments} "
               f"appointments, {result.bookings} resource bookings")


@plan_app.command("settings")
def plan_settings(
    ctx: typer.Context,
    key: Annotated[str | None, typer.Argument(help="A setting to change.")] = None,
    value: Annotated[int | None, typer.Argument(help="Its new value (0 turns a rule off).",
                                                min=0)] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Back to the default.")] = False,
) -> None:
    """The ward's planning settings: shift rules, role mix, clinic hours, caps, budget
    (with KEY VALUE or KEY --clear, admins change one)."""
    if key is not None:
        if value is None and not clear:
            fail(f"Give {key} a value, or --clear to go back to the default")
        with_ward(ctx, lambda ward: ward.planning.set_setting(key, None if clear else value))
    rows = with_ward(ctx, lambda ward: ward.planning.setting_values())
    print_table(["SETTING", "VALUE", ""],
                [[name, "no limit" if v is None else str(v), "default" if default else "set"]
                 for name, v, default in rows])
