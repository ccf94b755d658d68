"""`hra queue list|add|approve|done|cancel|from-plan`: the queue of pending admissions and
transfers.

A move is named by its number (`hra queue list` shows them), a patient by MRN, a bed by its
label. Each write prints one line; a refusal one `hra:` line (exit 1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from hra_tui.cli.failing import command_group, fail
from hra_tui.cli.session import print_json, print_table, with_ward

if TYPE_CHECKING:
    from hra_tui.services.plain_records import QueuedMoveRow

queue_app = command_group(no_args_is_help=True,
                          help="The queue of pending admissions and transfers.")

MoveId = Annotated[int, typer.Argument(metavar="ID", help="The move's number (queue list).")]


def _iso(moment) -> str | None:
    return None if moment is None else moment.isoformat()


def _local(moment) -> str:
    return "-" if moment is None else f"{moment.astimezone():%Y-%m-%d %H:%M}"


def move_json(row: QueuedMoveRow) -> dict[str, object]:
    return {"id": row.id, "kind": row.kind, "status": row.status, "mrn": row.mrn,
            "patient": row.patient, "ward": row.ward, "bed": row.bed,
            "from_bed": row.from_bed, "note": row.note, "source": row.source,
            "requested_by": row.requested_by, "requested_at": _iso(row.requested_at),
            "approved_by": row.approved_by, "approved_at": _iso(row.approved_at),
            "done_by": row.done_by, "done_at": _iso(row.done_at),
            "cancelled_by": row.cancelled_by, "cancelled_at": _iso(row.cancelled_at)}


def said(row: QueuedMoveRow) -> str:
    """'Move 3 (admit): Ann Lee (P000012) to bed 3B on North'."""
    where = f"bed {row.bed} on {row.ward}" if row.bed else row.ward
    leaving = f" from bed {row.from_bed}" if row.from_bed else ""
    return f"Move {row.id} ({row.kind}): {row.patient} ({row.mrn}){leaving} to {where}"


@queue_app.command("list")
def queue_list(
    ctx: typer.Context,
    every: Annotated[bool, typer.Option("--all", help="Done and cancelled moves too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array on stdout.")] = False,
) -> None:
    """The moves waiting (requested, approved), oldest first."""
    rows = with_ward(ctx, lambda ward: ward.queue.list(everything=every))
    if as_json:
        print_json([move_json(row) for row in rows])
        return
    print_table(["ID", "KIND", "STATUS", "PATIENT", "FROM", "TO WARD", "BED", "REQUESTED",
                 "BY", "NOTE"],
                [[str(r.id), r.kind, r.status, f"{r.mrn} {r.patient}", r.from_bed or "-",
                  r.ward, r.bed or "-", _local(r.requested_at), r.requested_by,
                  r.note or r.source or ""] for r in rows])


@queue_app.command("add")
def queue_add(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="The patient's MRN.")],
    bed: Annotated[str | None, typer.Option("--bed", "-b", help="The bed asked for.")] = None,
    ward_name: Annotated[str | None, typer.Option(
        "--ward", "-w", help="The ward asked for (when no bed is named yet).")] = None,
    note: Annotated[str, typer.Option("--note", "-n", help="Why, or from where.")] = "",
) -> None:
    """Request an admission (or, for a patient in a bed, a transfer) to a bed or a ward."""
    row = with_ward(ctx, lambda ward: ward.queue.request(patient, bed=bed, ward=ward_name,
                                                         note=note))
    typer.echo(f"{said(row)} requested")


@queue_app.command("approve")
def queue_approve(
    ctx: typer.Context,
    move_id: MoveId,
    bed: Annotated[str | None, typer.Option(
        "--bed", "-b", help="The bed to promise (else the bed the move names).")] = None,
) -> None:
    """Approve a requested move: its bed is promised to it, no other move may take it."""
    row = with_ward(ctx, lambda ward: ward.queue.approve(move_id, bed))
    typer.echo(f"{said(row)} approved; bed {row.bed} is promised to it")


@queue_app.command("done")
def queue_done(ctx: typer.Context, move_id: MoveId) -> None:
    """Carry out an approved move: admit or transfer the patient into its bed now."""
    row = with_ward(ctx, lambda ward: ward.queue.carry_out(move_id))
    typer.echo(f"{said(row)} done; {row.patient} is in bed {row.bed}"
               + (f", bed {row.from_bed} is to be cleaned" if row.from_bed else ""))


@queue_app.command("cancel")
def queue_cancel(ctx: typer.Context, move_id: MoveId) -> None:
    """Cancel a requested or approved move (the record stays)."""
    row = with_ward(ctx, lambda ward: ward.queue.cancel(move_id))
    typer.echo(f"{said(row)} cancelled")


@queue_app.command("from-plan")
def queue_from_plan(
    ctx: typer.Context,
    at: Annotated[str | None, typer.Option(
        "--at", help="A local time in the plan's day to queue, e.g. 'tomorrow 08:00' "
                     "(else now).", show_default=False)] = None,
) -> None:
    """Queue today's admissions from the applied admissions plan, into their planned beds.

    Patients in a bed already, or queued from this plan before, are left out (listed on
    stderr)."""
    moment = None
    if at is not None:
        from hra_tui.services.times import parse_local_datetime

        try:
            moment = parse_local_datetime(at)
        except ValueError as exc:
            fail(str(exc))
    fed = with_ward(ctx, lambda ward: ward.queue.from_plan(moment))
    for line in fed.skipped:
        typer.echo(f"left out: {line}", err=True)
    typer.echo(f"Queued {len(fed.added)} admission{'s' * (len(fed.added) != 1)} planned for "
               f"{fed.day.astimezone():%Y-%m-%d} by plan {fed.plan_id}"
               + (": moves " + ", ".join(str(row.id) for row in fed.added) if fed.added
                  else ""))
