"""`hra request add|edit|cancel|list`: the care requests the planner schedules.

The options are read by the same parsers as the console's form; `--earliest` and `--due` take
a local time and mean the slot it falls in; `--resource` takes a resource's id or name.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from hra_tui.cli.failing import command_group, fail
from hra_tui.cli.session import RowId, print_json, print_table, with_ward
from hra_tui.services.errors import NotFound

if TYPE_CHECKING:
    from hra_tui.services.plain_records import CareRow

request_app = command_group(no_args_is_help=True,
                            help="Care requests: patients waiting for the planner.")

Urgency = Annotated[str | None, typer.Option("--urgency", "-u", help="1-10 (default 5).")]
Skill = Annotated[str | None, typer.Option("--skill", help="Least staff skill, 1-5.")]
Cost = Annotated[str | None, typer.Option("--cost", help="Care cost.")]
Minutes = Annotated[str | None, typer.Option("--minutes", help="Duration, 5-480.")]
Reason = Annotated[str | None, typer.Option("--reason", "-r", help="Why.")]
Resource = Annotated[str | None, typer.Option("--resource", help="Resource id or name "
                                                                 "('' for none).")]
Earliest = Annotated[str | None, typer.Option("--earliest", help="Not before the slot of "
                                                                 "this time ('' for any).")]
Due = Annotated[str | None, typer.Option("--due", help="Served by the slot of this time.")]
MustServe = Annotated[bool | None, typer.Option("--must-serve/--may-wait",
                                                help="Never deferred.", show_default=False)]


def care_json(row: CareRow) -> dict[str, object]:
    return {**asdict(row)}


async def _resource_id(ward, text: str) -> str:
    wanted = text.strip()
    if not wanted or wanted.isdigit():
        return wanted
    for choice in await ward.care.resources():
        if choice.label.casefold() == wanted.casefold():
            return str(choice.id)
    raise NotFound(f"No resource named '{wanted}' in use")


async def _slot_id(ward, text: str) -> str:
    from hra_tui.services.errors import Invalid
    from hra_tui.services.times import parse_local_datetime

    if not text.strip():
        return ""
    try:
        moment = parse_local_datetime(text)
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    return str((await ward.care.slot_at(moment)).id)


async def _form(ward, values: dict[str, str], given: dict[str, str | None],
                must_serve: bool | None):
    """The care form from `values` with what was given on the command line over it."""
    from hra_tui.services.validation import care_form_from_values

    merged = {**values}
    for field, text in given.items():
        if text is None:
            continue
        if field == "resource_id":
            text = await _resource_id(ward, text)
        elif field in ("earliest_slot_id", "due_slot_id"):
            text = await _slot_id(ward, text)
        merged[field] = text
    if must_serve is not None:
        merged["must_serve"] = "yes" if must_serve else "no"
    return care_form_from_values(merged)


def _given(urgency, skill, cost, minutes, reason, resource, earliest, due) -> dict:
    return {"urgency": urgency, "skill_min": skill, "care_cost": cost, "duration_min": minutes,
            "reason": reason, "resource_id": resource, "earliest_slot_id": earliest,
            "due_slot_id": due}


def _line(row: CareRow, done: str) -> str:
    when = f", from {row.earliest}" if row.earliest else ""
    return (f"Care request {row.id} {done} for {row.patient_name} ({row.patient_mrn}): "
            f"urgency {row.urgency}, skill {row.skill_min}, {row.duration_min} min{when}")


@request_app.command("add")
def request_add(ctx: typer.Context,
                patient: Annotated[str, typer.Argument(help="The patient's MRN.")],
                urgency: Urgency = None, skill: Skill = None, cost: Cost = None,
                minutes: Minutes = None, reason: Reason = None, resource: Resource = None,
                earliest: Earliest = None, due: Due = None,
                must_serve: MustServe = None) -> None:
    """Put a patient on the planner's waiting list."""
    given = _given(urgency, skill, cost, minutes, reason, resource, earliest, due)

    async def go(ward):
        return await ward.care.add(patient, await _form(ward, {}, given, must_serve))

    typer.echo(_line(with_ward(ctx, go), "added"))


@request_app.command("edit")
def request_edit(ctx: typer.Context,
                 request_id: RowId,
                 urgency: Urgency = None, skill: Skill = None, cost: Cost = None,
                 minutes: Minutes = None, reason: Reason = None, resource: Resource = None,
                 earliest: Earliest = None, due: Due = None,
                 must_serve: MustServe = None) -> None:
    """Change a waiting request; what is not given stays."""
    given = _given(urgency, skill, cost, minutes, reason, resource, earliest, due)
    if all(value is None for value in given.values()) and must_serve is None:
        fail("Give at least one option to change")

    async def go(ward):
        row = await ward.care.get(request_id)
        now = {field: "" if value is None else str(value)
               for field, value in asdict(row).items() if field in given}
        now["must_serve"] = "yes" if row.must_serve else "no"
        return await ward.care.edit(request_id, await _form(ward, now, given, must_serve))

    typer.echo(_line(with_ward(ctx, go), "saved"))


@request_app.command("cancel")
def request_cancel(ctx: typer.Context,
                   request_id: RowId) -> None:
    """Cancel a waiting request."""
    row = with_ward(ctx, lambda ward: ward.care.cancel(request_id))
    typer.echo(f"Care request {row.id} for {row.patient_name} ({row.patient_mrn}) cancelled")


@request_app.command("list")
def request_list(
    ctx: typer.Context,
    patient: Annotated[str | None, typer.Option("--patient", "-p",
                                                help="Only this MRN's.")] = None,
    every: Annotated[bool, typer.Option("--all", help="Scheduled, done and cancelled "
                                                      "too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array on stdout.")] = False,
) -> None:
    """Care requests, most urgent first (waiting ones unless --all)."""
    rows = with_ward(ctx, lambda ward: ward.care.list(None if every else "waiting", patient))
    if as_json:
        print_json([care_json(row) for row in rows])
        return
    print_table(["ID", "MRN", "PATIENT", "STATUS", "URG", "SKILL", "MIN", "FROM", "DUE",
                 "REASON"],
                [[str(r.id), r.patient_mrn, r.patient_name, r.status, str(r.urgency),
                  str(r.skill_min), str(r.duration_min), r.earliest or "-", r.due or "-",
                  r.reason] for r in rows])
