"""`hra db upgrade` and `hra db check`: the file itself, not the ward's records."""

from __future__ import annotations

import asyncio

import typer

from hra_tui.cli.session import fail, options, run

db_app = typer.Typer(no_args_is_help=True, add_completion=False,
                     help="The ward database file: upgrade its schema, check its integrity.")


@db_app.command("upgrade")
def upgrade_command(ctx: typer.Context) -> None:
    """Create the database or bring it to the newest schema."""
    from hra_tui.services.schema import ensure_schema, head_revision

    path = options(ctx).db_path

    changed = run(asyncio.to_thread(ensure_schema, path), path)
    state = "upgraded to" if changed else "already at"
    typer.echo(f"{path}: {state} schema revision {head_revision()}")


@db_app.command("check")
def check_command(ctx: typer.Context) -> None:
    """Integrity, foreign keys, and beds agreeing with admissions; exit 1 listing problems."""
    from hra_tui.services.health import check_database

    path = options(ctx).db_path
    problems = run(check_database(path), path)
    if problems:
        for problem in problems[:-1]:
            typer.echo(f"hra: {problem}", err=True)
        fail(f"{problems[-1]} ({len(problems)} problem{'s' * (len(problems) > 1)} in {path})")
    typer.echo(f"{path}: ok")
