"""`hra ihtc import`, `hra ihtc export` and `hra ihtc plan`: a competition instance into a
ward database's records, the ward's admissions problem back out in the same format, and a
plan of the ward's admissions from its records (applied with --apply)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from hra_tui.cli.failing import fail
from hra_tui.cli.ihtc import interrupt_stops
from hra_tui.cli.session import options, print_table, run, with_ward
from hra_tui.fields import TIME_LIMIT
from hra_tui.services.failures import REFUSED

Instance = Annotated[Path, typer.Argument(help="Instance JSON (the competition's format).",
                                          show_default=False)]


def import_command(
    ctx: typer.Context,
    instance: Instance,
    starts: Annotated[str | None, typer.Option(
        "--starts", help="The horizon's first day, YYYY-MM-DD (default: today).",
        show_default=False)] = None,
    ward_name: Annotated[str, typer.Option("--ward", help="The ward the rooms belong to.")
                         ] = "Surgical",
) -> None:
    """Build the ward's records from an instance file (into a new database at --db)."""
    from db.location import is_server
    from hra_tui.services.planning.intake.problem import import_problem
    from hra_tui.services.target_file import checked_target, commit, written_beside
    from hra_tui.services.ward import Ward
    from hra_tui.solver.ihtc import load_problem_document

    first_day = _day(starts)
    problem, document = load_problem_document(instance)
    opts = options(ctx)

    async def into(path: Path) -> dict[str, int]:
        ward = await Ward.open(path, opts.user, create=True)
        try:
            return await import_problem(ward.context, problem, document, first_day, ward_name)
        finally:
            await ward.close()

    async def go() -> dict[str, int]:
        if is_server(opts.db_path) or opts.db_path.exists():
            return await into(opts.db_path)
        # A new ward is built in a part file and renamed into place only when whole: a
        # refused, failed or killed import leaves no ward file (nor folders) behind.
        target = checked_target(opts.db_path)
        with written_beside(target) as part:
            counts = await into(part)
            commit(part, target)
        return counts

    counts = run(go(), opts.db_path)
    typer.echo(f"Imported {instance.name} into {opts.db_path}: " + ", ".join(
        f"{n} {what}" for what, n in counts.items()))


def export_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The instance JSON to write.",
                                         show_default=False)],
) -> None:
    """Write the ward's admissions problem as a competition instance file."""
    from hra_tui.services.planning.intake.problem import problem_document
    from hra_tui.services.target_file import checked_target, commit, written_beside
    from hra_tui.solver.ihtc import Problem

    async def go(ward) -> tuple[Path, int]:
        target = checked_target(output)
        document = await problem_document(ward.context)
        Problem.from_json(document, name=target.stem)  # what we write, the reader accepts
        with written_beside(target) as part:
            part.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
            commit(part, target)
        return target, len(document["patients"])

    target, patients = with_ward(ctx, go)
    typer.echo(f"Exported the admissions problem ({patients} patients to plan) to {target}")


def plan_command(
    ctx: typer.Context,
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", help=f"Seconds to search (default {TIME_LIMIT.default}; with "
        f"--iterations, no limit but the budget's, up to {TIME_LIMIT.high} s).",
        show_default=False)] = None,
    iterations: Annotated[int | None, typer.Option(
        "--iterations", help="Stop after this many moves instead (the same plan every run).",
        show_default=False)] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    apply: Annotated[bool, typer.Option(
        "--apply", help="Write the plan: bed reservations, theatre bookings, nurse rooms "
        "(replacing the plan in force).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")
                       ] = False,
    hold: Annotated[int | None, typer.Option(
        "--hold", help="Beds held for emergencies: the forecast's 80 or 95 % upper bound of "
        "each day's admissions, or 0 for none (default: the forecast_hold setting, else 80).",
        show_default=False)] = None,
) -> None:
    """Plan the ward's admissions, theatres and nurses from its records; print the cost."""
    time_limit = checked_limits(time_limit, iterations)

    async def go(ward):
        with interrupt_stops() as stopped:  # Ctrl-C: the best plan so far
            plan = await ward.admissions.plan(time_limit, iterations=iterations, seed=seed,
                                              stop=stopped, hold=hold)
        applied = await ward.admissions.apply(plan) if apply and plan.check.feasible else None
        return plan, applied

    plan, applied = with_ward(ctx, go)
    if as_json:
        typer.echo(json.dumps(plan_json(plan, applied)))
    else:
        _print_plan(plan, applied)
    raise typer.Exit(0 if plan.check.feasible else REFUSED)


def checked_limits(time_limit: float | None, iterations: int | None) -> float:
    """The time limit to solve under (the default, or the cap with a move budget); a bad
    limit or budget is refused in one line before anything is read."""
    from hra_tui.services.planning.intake.planner import check_limits

    if time_limit is None:
        time_limit = float(TIME_LIMIT.high if iterations is not None else TIME_LIMIT.default)
    check_limits(time_limit, iterations)
    return time_limit


def plan_json(plan, applied) -> dict:
    """A plan (and what applying it wrote) as `--json` prints it; `hra ihtc replan` too."""
    from hra_tui.services.planning.intake.views import broken_rules, cost_lines

    return {"feasible": plan.check.feasible, "total_cost": plan.check.total_cost,
            "admitted": plan.admitted, "patients": len(plan.problem.patients),
            "days": plan.problem.days, "seconds": round(plan.seconds, 3), "moves": plan.moves,
            "costs": [{"code": c.code, "group": c.group, "what": c.words, "count": c.count,
                       "weight": c.weight, "cost": c.cost} for c in cost_lines(plan.check)],
            "broken_rules": [{"what": what, "count": n} for what, n in broken_rules(plan.check)],
            "held_beds": {"level": plan.prepared.hold.level, "why": plan.prepared.hold.in_words,
                          "per_day": [plan.prepared.hold.beds_on(d)
                                      for d in range(plan.problem.days)]
                          if plan.prepared.hold.wards else []},
            "applied": None if applied is None else {
                "plan": applied.plan_id, "bed_reservations": applied.reservations,
                "theatre_bookings": applied.surgeries, "nurse_rooms": applied.nurse_rooms,
                "replaced": applied.replaced}}


def _print_plan(plan, applied) -> None:
    starts = plan.prepared.starts_on
    typer.echo(f"Planned {plan.admitted} of {len(plan.problem.patients)} patients to admit "
               f"over {plan.problem.days} days from {starts:%Y-%m-%d} "
               f"({plan.moves:,} moves, {plan.seconds:.1f} s)")
    print_hold(plan)
    print_costs(plan)
    typer.echo(f"total cost: {plan.check.total_cost}")
    print_outcome(plan, applied)


def print_hold(plan) -> None:
    """How many beds the plan kept free for emergencies, day by day, and why."""
    hold = plan.prepared.hold
    typer.echo(f"Held for emergencies: {hold.in_words}")
    if hold.total:
        typer.echo("  beds held by day: " + " ".join(
            str(hold.beds_on(d)) for d in range(plan.problem.days)))


def print_costs(plan) -> None:
    """The costs S1-S8 in the clerk's words, one line each."""
    from hra_tui.services.planning.intake.views import cost_lines

    print_table(["", "what", "count", "weight", "cost"],
                [[c.group, c.words, f"{c.count:>6}", f"{c.weight:>6}", f"{c.cost:>7}"]
                 for c in cost_lines(plan.check)])


def print_outcome(plan, applied) -> None:
    """The hard rules the plan breaks (then it is not applied), or what applying wrote."""
    from hra_tui.services.planning.intake.views import broken_rules

    broken = broken_rules(plan.check)
    if broken:
        typer.echo("not applicable, it breaks: " + "; ".join(f"{what} ({n})"
                                                            for what, n in broken))
    elif applied is not None:
        typer.echo(f"Applied as plan {applied.plan_id}: {applied.reservations} bed "
                   f"reservations, {applied.surgeries} theatre bookings, "
                   f"{applied.nurse_rooms} nurse rooms" +
                   (f" (replacing plan {applied.replaced})" if applied.replaced else ""))


def _day(text: str | None) -> datetime:
    """Midnight UTC of the given day (default today), the horizon's day 0."""
    try:
        day = date.fromisoformat(text) if text else date.today()
    except ValueError:
        fail(f"--starts takes a day as YYYY-MM-DD, not '{text}'")
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def register(ihtc_app: typer.Typer) -> None:
    ihtc_app.command("import")(import_command)
    ihtc_app.command("export")(export_command)
    ihtc_app.command("plan")(plan_command)
