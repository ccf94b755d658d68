"""`hra census`: the day's census per ward on stdout, or written to a CSV file.

The bed counts are the midnight census (the beds at the midnight ending the day; today, as
they stand now); admissions, discharges and transfers between wards count that day's moves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hra_tui.cli.session import print_json, print_table, with_ward

HEADERS = ["WARD", "BEDS", "OCC", "FREE", "CLEAN", "BLOCK", "RESV", "ADM", "DIS", "IN", "OUT"]


def census_command(
    ctx: typer.Context,
    day: Annotated[str, typer.Option(
        "--day", "-d", help="The day: today (the default), yesterday, 2026-03-09 or 09/03.")
    ] = "today",
    output: Annotated[Path | None, typer.Option(
        "--csv", "--output", "-o", help="Write the census to this CSV file instead.",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array on stdout.")] = False,
) -> None:
    """The daily census: each ward's occupied, free, cleaning, blocked and reserved beds, and
    its admissions, discharges and transfers in and out."""
    from hra_tui.services.csv.census import export_census
    from hra_tui.services.records.census import COUNTS, parse_census_day

    async def go(ward):
        wanted = parse_census_day(day)
        if output is not None:
            return await export_census(ward, wanted, output)
        return await ward.census.day(wanted), None

    census, written = with_ward(ctx, go)
    if written is not None:
        typer.echo(f"Exported the census of {census.day.isoformat()} "
                   f"({written.rows} wards) to {written.path.resolve()}")
        return
    lines = [*census.wards, census.total]
    if as_json:
        print_json([{"day": census.day.isoformat(), "as_of": census.as_of.isoformat(),
                     "ward": line.ward, "beds": line.beds,
                     **{name: getattr(line, name) for name in COUNTS}} for line in lines])
        return
    print_table(HEADERS, [[line.ward, str(line.beds),
                           *(str(getattr(line, name)) for name in COUNTS)] for line in lines])
    moment = census.as_of.astimezone()
    typer.echo(f"Census of {census.day.isoformat()}: beds as at "
               f"{'midnight' if moment.hour == moment.minute == 0 else f'{moment:%H:%M}'}"
               f" {moment:%Y-%m-%d}", err=True)
