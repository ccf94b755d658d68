"""The waiting list's commands, and cancelling a visit, which names who its slot is offered to.

`hra appointment cancel ID` offers the freed slot to the first waiting patient who fits; the
clerk phones them and, if they accept, `hra waiting fill ID` books it for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from hra_tui.cli.failing import command_group
from hra_tui.cli.session import print_json, print_table, with_ward
from hra_tui.cli.ward import pick_staff
from hra_tui.domain import DOCTOR_ROLES
from hra_tui.fields import PRIORITY
from hra_tui.services.times import short_local

if TYPE_CHECKING:
    from hra_tui.services.records.waiting import WaitingRow

waiting_app = command_group(no_args_is_help=True, help="The appointments' waiting list.")
appointment_app = command_group(no_args_is_help=True, help="Appointments.")


def waiting_json(row: WaitingRow) -> dict[str, object]:
    return {"id": row.id, "mrn": row.patient_mrn, "name": row.patient_name,
            "doctor_id": row.doctor_id, "doctor": row.doctor_name, "specialty": row.specialty,
            "priority": row.priority, "since": row.since.isoformat(), "note": row.note}


@waiting_app.command("add")
def waiting_add(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="The patient's MRN.")],
    doctor: Annotated[str | None, typer.Option(
        "--doctor", "-d", help="Wait for this doctor: staff id or name.")] = None,
    specialty: Annotated[str, typer.Option(
        "--specialty", "-s", help="Or for any doctor of this specialty.")] = "",
    priority: Annotated[int, typer.Option(
        "--priority", "-p", help=f"{PRIORITY.span}, higher is offered a slot first.")
    ] = PRIORITY.default,
    note: Annotated[str, typer.Option("--note", help="Anything the clerk should know.")] = "",
) -> None:
    """Put a patient on the waiting list for a doctor or a specialty."""

    async def go(ward):
        doctor_id = None
        if doctor is not None:
            staff = await ward.staff.list(include_inactive=True)
            doctor_id = pick_staff([s for s in staff if s.role in DOCTOR_ROLES], doctor)
        return await ward.waiting.add(patient, doctor_id, specialty, priority, note)

    row = with_ward(ctx, go)
    typer.echo(f"{row.patient_name} ({row.patient_mrn}) waits for {row.wants}, priority "
               f"{row.priority}: place {row.id}")


@waiting_app.command("list")
def waiting_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array on stdout.")] = False,
) -> None:
    """Everyone waiting, first to be offered a slot first."""
    rows = with_ward(ctx, lambda ward: ward.waiting.waiting())
    if as_json:
        print_json([waiting_json(row) for row in rows])
        return
    print_table(["ID", "MRN", "NAME", "WAITS FOR", "PRI", "SINCE", "NOTE"],
                [[str(r.id), r.patient_mrn, r.patient_name, r.wants, str(r.priority),
                  short_local(r.since), r.note] for r in rows])


@waiting_app.command("remove")
def waiting_remove(
    ctx: typer.Context,
    place: Annotated[int, typer.Argument(help="The place's id (hra waiting list).")],
) -> None:
    """Take a patient off the waiting list."""
    row = with_ward(ctx, lambda ward: ward.waiting.remove(place))
    typer.echo(f"{row.patient_name} ({row.patient_mrn}) no longer waits for {row.wants}")


@waiting_app.command("fill")
def waiting_fill(
    ctx: typer.Context,
    appointment: Annotated[int, typer.Argument(help="The cancelled visit's id.")],
    place: Annotated[int | None, typer.Option(
        "--place", help="Book this place's patient, not the one offered the slot.",
        show_default=False)] = None,
) -> None:
    """Book a cancelled visit's slot for the waiting patient who accepted it."""
    entry, booked = with_ward(ctx, lambda ward: ward.waiting.fill(appointment, place))
    typer.echo(f"Booked {entry.patient_name} ({entry.patient_mrn}) with Dr "
               f"{booked.doctor_name} at {short_local(booked.starts_at)}: visit {booked.id}")


@appointment_app.command("cancel")
def appointment_cancel(
    ctx: typer.Context,
    appointment: Annotated[int, typer.Argument(help="The visit's id.")],
) -> None:
    """Cancel a visit; its slot is offered to the first waiting patient who fits."""

    async def go(ward):
        visit = await ward.appointments.cancel(appointment)
        return visit, await ward.waiting.offer(visit.id)

    visit, offered = with_ward(ctx, go)
    done = (f"Cancelled {visit.patient_name}'s visit with Dr {visit.doctor_name} at "
            f"{short_local(visit.starts_at)}")
    if offered is None:
        typer.echo(f"{done}; nobody on the waiting list fits the slot")
    else:
        typer.echo(f"{done}; the slot is {offered.offered}: if they accept, "
                   f"`hra waiting fill {visit.id}` books it")
