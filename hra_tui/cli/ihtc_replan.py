"""`hra ihtc replan`: re-plan the ward's admissions from the plan in force after the records
changed, print what changes in words, and apply it with --apply."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from hra_tui.cli.ihtc import interrupt_stops
from hra_tui.cli.ihtc_ward import (
    checked_limits,
    plan_json,
    print_costs,
    print_hold,
    print_outcome,
)
from hra_tui.cli.session import with_ward
from hra_tui.services.failures import REFUSED


def replan_command(
    ctx: typer.Context,
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", help="Seconds to search (default 10; with --iterations, no limit but "
        "the budget's, up to an hour).", show_default=False)] = None,
    iterations: Annotated[int | None, typer.Option(
        "--iterations", help="Stop after this many moves instead (the same plan every run).",
        show_default=False)] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    change_weight: Annotated[int | None, typer.Option(
        "--change-weight", help="Cost of each changed admission day, room or theatre "
        "(default: the horizon's weight of an optional patient left out).",
        show_default=False)] = None,
    nurse_change_weight: Annotated[int | None, typer.Option(
        "--nurse-change-weight", help="Cost of each room-shift given another nurse "
        "(default: the horizon's largest nurse-side weight).", show_default=False)] = None,
    apply: Annotated[bool, typer.Option(
        "--apply", help="Write the re-plan in place of the plan in force.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")
                       ] = False,
) -> None:
    """Re-plan the admissions from the plan in force, changing as little as pays; print
    the changes in words."""
    time_limit = checked_limits(time_limit, iterations)

    async def go(ward):
        from hra_tui.services.planning.intake.replan import apply_replan, replan

        with interrupt_stops() as stopped:  # Ctrl-C: the best plan so far
            replanned = await replan(ward.context, time_limit, iterations=iterations,
                                     seed=seed, admission_weight=change_weight,
                                     nurse_weight=nurse_change_weight, stop=stopped)
        applied = (await apply_replan(ward.context, replanned)
                   if apply and replanned.plan.check.feasible else None)
        return replanned, applied

    replanned, applied = with_ward(ctx, go)
    if as_json:
        typer.echo(json.dumps({**plan_json(replanned.plan, applied),
                               "replan": _replan_json(replanned)}))
    else:
        _print_replan(replanned, applied)
    raise typer.Exit(0 if replanned.plan.check.feasible else REFUSED)


def _words(replanned) -> str:
    from hra_tui.services.planning.intake.changes import in_words

    prepared = replanned.plan.prepared
    return in_words(replanned.diff, prepared.starts_on, prepared.name)


def _print_replan(replanned, applied) -> None:
    from hra_tui.formatting import counted
    from hra_tui.services.planning.intake.changes import day_name

    plan, diff = replanned.plan, replanned.diff
    frozen = (f"{counted(replanned.frozen, 'patient')} admitted before it kept as planned"
              if replanned.first_day else "nothing before it")
    typer.echo(f"Re-planned plan {replanned.in_force} from "
               f"{day_name(plan.prepared.starts_on, replanned.first_day)} (day "
               f"{replanned.first_day} of {plan.problem.days}; {frozen}): {plan.admitted} of "
               f"{len(plan.problem.patients)} patients to admit ({plan.moves:,} moves, "
               f"{plan.seconds:.1f} s)")
    print_hold(plan)
    print_costs(plan)
    typer.echo(f"total cost: {plan.check.total_cost}; {diff.count} changes to plan "
               f"{replanned.in_force} cost {diff.cost} more ({diff.admission_weight} a "
               f"patient's day, room or theatre; {diff.nurse_weight} a nurse's room)")
    typer.echo(_words(replanned))
    print_outcome(plan, applied)


def _replan_json(replanned) -> dict:
    from hra_tui.services.planning.intake.changes import admission_json

    diff, prepared = replanned.diff, replanned.plan.prepared
    starts = prepared.starts_on
    return {
        "in_force": replanned.in_force, "first_day": replanned.first_day,
        "frozen": replanned.frozen, "changes": diff.count, "change_cost": diff.cost,
        "penalised_cost": replanned.penalised_cost, "patients_moved": diff.patients_moved,
        "admission_weight": diff.admission_weight, "nurse_weight": diff.nurse_weight,
        "admissions": [{"patient": c.patient, "name": prepared.name(c.patient),
                        "changes": c.count, "before": admission_json(c.before, starts),
                        "after": admission_json(c.after, starts)} for c in diff.admissions],
        "new": [{"patient": a.patient, "name": prepared.name(a.patient),
                 "after": admission_json(a, starts)} for a in diff.new],
        "nurses": [{"room": c.room, "day": c.day, "shift": c.shift, "before": c.before,
                    "after": c.after} for c in diff.nurses],
        "words": _words(replanned)}


def register(ihtc_app: typer.Typer) -> None:
    ihtc_app.command("replan")(replan_command)
