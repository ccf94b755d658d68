"""`hra db init`, `hra db upgrade` and `hra db check`: the file itself, not the ward's records.

Only `hra db init` (and `hra demo`) create a ward database; the others refuse a missing file.
"""

from __future__ import annotations

import typer

from hra_tui.cli.failing import command_group, fail
from hra_tui.cli.session import in_thread, options, run

db_app = command_group(no_args_is_help=True,
                       help="The ward database file: create it, upgrade its schema, check "
                            "its integrity.")


@db_app.command("init")
def init_command(ctx: typer.Context) -> None:
    """Create an empty ward database at --db (missing folders owner-only); refuses an existing
    ward. The first OS user to open it becomes its admin."""
    from db.migrate import head_revision
    from db.schema import ensure_schema, has_ward_file

    path = options(ctx).db_path
    if has_ward_file(path):
        fail(f"{path} already exists; use hra db upgrade to bring it to the newest schema")
    if path.exists():
        path.chmod(0o600)  # an existing empty file becomes the ward: owner-only, as new ones
    run(in_thread(ensure_schema, path, True), path)
    typer.echo(f"{path}: created an empty ward at schema revision {head_revision()}")


@db_app.command("upgrade")
def upgrade_command(ctx: typer.Context) -> None:
    """Bring an existing ward database to the newest schema (hra db init creates one)."""
    from db.migrate import head_revision
    from db.schema import ensure_schema

    path = options(ctx).db_path
    changed = run(in_thread(ensure_schema, path, False), path)
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
