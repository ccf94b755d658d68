"""`hra ihtc import` and `hra ihtc export`: a competition instance into a ward database's
records, and the ward's admissions problem back out in the same format."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from hra_tui.cli.session import fail, options, run, with_ward

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
    from hra_tui.services.admissions_problem import import_problem
    from hra_tui.services.ward import Ward
    from hra_tui.solver.ihtc import ProblemError, load_problem

    first_day = _day(starts)
    try:
        problem = load_problem(instance)
        document = json.loads(instance.read_text(encoding="utf-8"))
    except ProblemError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot read {instance}: {exc.strerror or exc}", 3)
    opts = options(ctx)

    async def go() -> dict[str, int]:
        ward = await Ward.open(opts.db_path, opts.user, create=True)
        try:
            return await import_problem(ward.context, problem, document, first_day, ward_name)
        finally:
            await ward.close()

    counts = run(go(), opts.db_path)
    typer.echo(f"Imported {instance.name} into {opts.db_path}: " + ", ".join(
        f"{n} {what}" for what, n in counts.items()))


def export_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The instance JSON to write.",
                                         show_default=False)],
) -> None:
    """Write the ward's admissions problem as a competition instance file."""
    from hra_tui.services.admissions_problem import problem_document
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
