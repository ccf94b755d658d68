"""Layout commands: `hra ward add|edit|list` and `hra bed add|edit|retire` (admins).

WARD is a ward's name (spacing and case do not count), BED a bed's label. Success prints one
line; a refusal prints one line on stderr and exits 1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from hra_tui.cli.failing import command_group, fail
from hra_tui.cli.session import print_json, print_table, with_ward
from hra_tui.domain import BedType

if TYPE_CHECKING:
    from hra_tui.services.plain_records import BedRow

ward_app = command_group(no_args_is_help=True, help="Wards: add, rename, deactivate, list.")

BED_TYPES = ", ".join(kind.value for kind in BedType)


@ward_app.command("list")
def ward_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array on stdout.")] = False,
) -> None:
    """Every ward, active or not, with its beds and how many are occupied."""
    rows = with_ward(ctx, lambda ward: ward.layout.wards())
    if as_json:
        print_json([{"name": r.name, "active": r.active, "beds": r.beds,
                     "occupied": r.occupied} for r in rows])
        return
    print_table(["WARD", "ACTIVE", "BEDS", "OCCUPIED"],
                [[r.name, "yes" if r.active else "no", str(r.beds), str(r.occupied)]
                 for r in rows])


@ward_app.command("add")
def ward_add(ctx: typer.Context,
             name: Annotated[str, typer.Argument(help="The new ward's name.")]) -> None:
    """Add a ward (then add its beds with `hra bed add` or `hra import beds`)."""
    row = with_ward(ctx, lambda ward: ward.layout.add_ward(name))
    typer.echo(f"Added ward {row.name}")


@ward_app.command("edit")
def ward_edit(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The ward's name now.")],
    new_name: Annotated[str | None, typer.Option("--name", help="Rename it.")] = None,
    active: Annotated[bool | None, typer.Option(
        "--activate/--deactivate", help="Take patients again, or no more (refused while a "
                                        "patient lies on the ward).", show_default=False)] = None,
) -> None:
    """Rename a ward, or deactivate or reactivate it."""
    if new_name is None and active is None:
        fail("Give --name NEW, --deactivate or --activate")
    row = with_ward(ctx, lambda ward: ward.layout.edit_ward(name, new_name, active))
    typer.echo(f"Ward {row.name}: {'active' if row.active else 'inactive'}, {row.beds} beds")


def _bed_line(row: BedRow, done: str) -> str:
    room = f", room {row.room}" if row.room else ""
    return f"Bed {row.label} {done}: {row.type} on {row.ward}{room}"


def bed_add(
    ctx: typer.Context,
    label: Annotated[str, typer.Argument(help="The new bed's label, e.g. 3B.")],
    ward_name: Annotated[str, typer.Option("--ward", "-w", help="Its ward.",
                                           show_default=False)],
    bed_type: Annotated[str, typer.Option("--type", help=f"One of {BED_TYPES}.")] = "general",
    room: Annotated[str, typer.Option(help="The room it stands in, e.g. R12.")] = "",
) -> None:
    """Add a free bed to an active ward."""
    from hra_tui.services.validation import bed_form_from_values

    async def go(ward):
        return await ward.layout.add_bed(bed_form_from_values(
            {"label": label, "ward": ward_name, "type": bed_type, "room": room}))

    typer.echo(_bed_line(with_ward(ctx, go), "added"))


def bed_edit(
    ctx: typer.Context,
    label: Annotated[str, typer.Argument(help="The bed's label now.")],
    new_label: Annotated[str | None, typer.Option("--label", help="Relabel it.")] = None,
    ward_name: Annotated[str | None, typer.Option(
        "--ward", "-w", help="Move it to this ward (not while occupied).")] = None,
    bed_type: Annotated[str | None, typer.Option("--type", help=f"One of {BED_TYPES}.")] = None,
    room: Annotated[str | None, typer.Option(help="Its room ('' for none).")] = None,
) -> None:
    """Change a bed's label, ward, type or room; what is not given stays."""
    from hra_tui.services.validation import bed_form_from_values

    if new_label is None and ward_name is None and bed_type is None and room is None:
        fail("Give --label, --ward, --type or --room")

    async def go(ward):
        bed = await ward.layout.bed(label)
        given = {"label": new_label, "ward": ward_name, "type": bed_type, "room": room}
        values = {field: getattr(bed, field) if value is None else value
                  for field, value in given.items()}
        return await ward.layout.edit_bed(label, bed_form_from_values(values))

    typer.echo(_bed_line(with_ward(ctx, go), "saved"))


def bed_retire(ctx: typer.Context,
               label: Annotated[str, typer.Argument(help="The bed's label.")]) -> None:
    """Take a free bed out of service for good (its history stays)."""
    row = with_ward(ctx, lambda ward: ward.layout.retire_bed(label))
    typer.echo(f"Bed {row.label} on {row.ward} retired")


def register_beds(bed_app: typer.Typer) -> None:
    """Add `hra bed add|edit|retire` to the bed group (`hra bed list` is cli/ward's)."""
    bed_app.command("add")(bed_add)
    bed_app.command("edit")(bed_edit)
    bed_app.command("retire")(bed_retire)
