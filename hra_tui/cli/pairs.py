"""`hra staff pair add|remove|list`: how well two staff members work together.

A member is named by id or (part of) a name; the pair's order does not matter.
"""

from __future__ import annotations

from typing import Annotated

import typer

from hra_tui.cli.failing import command_group
from hra_tui.cli.session import print_json, print_table, with_ward
from hra_tui.cli.ward import pick_staff

staff_app = command_group(no_args_is_help=True, help="Staff.")
pair_app = command_group(no_args_is_help=True,
                         help="Staff pairs: above 0 they work badly together, below 0 well.")
staff_app.add_typer(pair_app, name="pair")

Member = Annotated[str, typer.Argument(help="A staff member: id or name.")]


async def _ids(ward, one: str, other: str) -> tuple[int, int]:
    staff = await ward.staff.list(include_inactive=True)
    return pick_staff(staff, one, "staff member"), pick_staff(staff, other, "staff member")


@pair_app.command("add")
def pair_add(ctx: typer.Context, one: Member, other: Member,
             weight: Annotated[int, typer.Argument(help="-10..10.")]) -> None:
    """Add a pair, or change its weight."""

    async def go(ward):
        return await ward.pairs.set(*await _ids(ward, one, other), weight)

    pair = with_ward(ctx, go)
    typer.echo(f"{pair.name_a} and {pair.name_b}: weight {pair.weight}")


@pair_app.command("remove")
def pair_remove(ctx: typer.Context, one: Member, other: Member) -> None:
    """Remove a pair: the planner no longer weighs them together."""

    async def go(ward):
        return await ward.pairs.remove(*await _ids(ward, one, other))

    pair = with_ward(ctx, go)
    typer.echo(f"Removed the pair {pair.name_a} and {pair.name_b} (was {pair.weight})")


@pair_app.command("list")
def pair_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array on stdout.")] = False,
) -> None:
    """Every pair, worst together first."""
    pairs = with_ward(ctx, lambda ward: ward.pairs.list())
    if as_json:
        print_json([{"a": p.staff_a, "name_a": p.name_a, "b": p.staff_b, "name_b": p.name_b,
                     "weight": p.weight} for p in pairs])
        return
    print_table(["A", "NAME", "B", "NAME", "WEIGHT"],
                [[str(p.staff_a), p.name_a, str(p.staff_b), p.name_b, str(p.weight)]
                 for p in pairs])
