"""`hra staff absent|absences|absence cancel` and `hra theatre close|closures|reopen`: events
that change the day, as records both planners read.

A staff member is named by id or name (as for staff pairs), a theatre (or any other resource)
by its name or id; `--from` and `--to` are local times read by the console's parser
('tomorrow 07:00', '2026-03-12 19:00'). Each write prints one line; a refusal one `hra:` line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from hra_tui.cli.session import print_json, print_table, with_ward
from hra_tui.cli.ward import pick_staff

if TYPE_CHECKING:
    from hra_tui.services.plain_records import EventForm, EventRow

theatre_app = typer.Typer(no_args_is_help=True, add_completion=False,
                          help="Theatres (and other resources): closures the planners keep.")
absence_app = typer.Typer(no_args_is_help=True, add_completion=False,
                          help="One staff absence.")

From = Annotated[str, typer.Option("--from", help="Local time it starts, e.g. 'tomorrow 07:00'.",
                                   show_default=False)]
To = Annotated[str, typer.Option("--to", help="Local time it ends, e.g. 'tomorrow 19:00'.",
                                 show_default=False)]
Reason = Annotated[str, typer.Option("--reason", "-r", help="Why.")]
EventId = Annotated[int, typer.Argument(metavar="ID")]
Everything = Annotated[bool, typer.Option("--all", help="Past and cancelled ones too.")]
AsJson = Annotated[bool, typer.Option("--json", help="A JSON array on stdout.")]


def _form(starts: str, ends: str, reason: str) -> EventForm:
    from hra_tui.services.validation import event_form_from_values

    return event_form_from_values({"starts_at": starts, "ends_at": ends, "reason": reason})


def _span(row: EventRow, why: bool = True) -> str:
    from hra_tui.services.times import local_span

    said = f" ({row.reason})" if why and row.reason else ""
    return local_span(row.starts_at, row.ends_at) + said


def _local(moment) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def _json(row: EventRow, subject: str) -> dict[str, object]:
    return {"id": row.id, f"{subject}_id": row.subject_id, subject: row.subject,
            "kind": row.kind, "from": row.starts_at.isoformat(), "to": row.ends_at.isoformat(),
            "reason": row.reason, "status": row.status, "entered_by": row.entered_by,
            "entered_at": row.entered_at.isoformat(), "cancelled_by": row.cancelled_by,
            "cancelled_at": row.cancelled_at.isoformat() if row.cancelled_at else None}


def _listing(rows: list[EventRow], subject: str, every: bool, as_json: bool) -> None:
    if as_json:
        print_json([_json(row, subject) for row in rows])
        return
    headers = ["ID", subject.upper(), "KIND", "FROM", "TO", "REASON"]
    print_table(headers + (["STATUS"] if every else []),
                [[str(r.id), r.subject, r.kind, _local(r.starts_at), _local(r.ends_at), r.reason]
                 + ([r.status] if every else []) for r in rows])


def staff_absent(ctx: typer.Context,
                 name: Annotated[str, typer.Argument(metavar="NAME",
                                                     help="A staff member: id or name.")],
                 starts: From, ends: To, reason: Reason = "") -> None:
    """Mark a staff member absent: no plan puts them on duty then."""

    async def go(ward):
        form = _form(starts, ends, reason)
        staff_id = pick_staff(await ward.staff.list(include_inactive=True), name,
                              "staff member")
        return await ward.absences.add(staff_id, form)

    row = with_ward(ctx, go)
    typer.echo(f"Absence {row.id}: {row.subject} ({row.kind}) absent {_span(row)}")


def staff_absences(ctx: typer.Context, every: Everything = False, as_json: AsJson = False) -> None:
    """Staff absences in force now or still to come, soonest first."""
    rows = with_ward(ctx, lambda ward: ward.absences.list(everything=every))
    _listing(rows, "staff", every, as_json)


@absence_app.command("cancel")
def absence_cancel(ctx: typer.Context, event_id: EventId) -> None:
    """Cancel an absence: the staff member may be planned again (the record stays)."""
    row = with_ward(ctx, lambda ward: ward.absences.cancel(event_id))
    typer.echo(f"Absence {row.id} of {row.subject} {_span(row, why=False)} cancelled")


async def _resource_id(ward, wanted: str) -> int:
    from hra_tui.services.errors import NotFound

    text = wanted.strip()
    choices = await ward.closures.resources()
    found = [c.id for c in choices if c.label.casefold() == text.casefold()]
    if not found and text.isdigit():
        return int(text)  # the service says whether it exists
    if not found:
        raise NotFound(f"No theatre or other resource named '{text}' in use")
    return found[0]


@theatre_app.command("close")
def theatre_close(ctx: typer.Context,
                  name: Annotated[str, typer.Argument(
                      metavar="NAME", help="A theatre (or any resource): name or id.")],
                  starts: From, ends: To, reason: Reason = "") -> None:
    """Close a theatre (or any resource): no plan uses it then."""

    async def go(ward):
        form = _form(starts, ends, reason)
        return await ward.closures.add(await _resource_id(ward, name), form)

    row = with_ward(ctx, go)
    typer.echo(f"Closure {row.id}: {row.subject} closed {_span(row)}")


@theatre_app.command("closures")
def theatre_closures(ctx: typer.Context, every: Everything = False,
                     as_json: AsJson = False) -> None:
    """Closures in force now or still to come, soonest first."""
    rows = with_ward(ctx, lambda ward: ward.closures.list(everything=every))
    _listing(rows, "resource", every, as_json)


@theatre_app.command("reopen")
def theatre_reopen(ctx: typer.Context, event_id: EventId) -> None:
    """Cancel a closure: the theatre may be planned again (the record stays)."""
    row = with_ward(ctx, lambda ward: ward.closures.cancel(event_id))
    typer.echo(f"Closure {row.id} of {row.subject} {_span(row, why=False)} cancelled: "
               f"{row.subject} is open again")


def register(staff_app: typer.Typer) -> None:
    """Add `hra staff absent|absences|absence cancel` to the staff group."""
    staff_app.command("absent")(staff_absent)
    staff_app.command("absences")(staff_absences)
    staff_app.add_typer(absence_app, name="absence")
