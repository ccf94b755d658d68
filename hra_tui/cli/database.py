"""`hra db init`, `hra db upgrade`, `hra db check` and `hra db copy`: the database itself, not
the ward's records.

Only `hra db init`, `hra demo` and `hra db copy` (its target) create a ward database; the
others refuse a missing file, or a PostgreSQL database without a ward.
"""

from __future__ import annotations

from typing import Annotated

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
    from db.location import is_server
    from db.migrate import head_revision
    from db.schema import ensure_schema, has_ward_file, recorded_revision

    path = options(ctx).db_path
    if is_server(path):
        if run(in_thread(recorded_revision, path), path) is not None:
            fail(f"{path} already holds a ward; use hra db upgrade to bring it to the newest "
                 "schema")
    elif has_ward_file(path):
        fail(f"{path} already exists; use hra db upgrade to bring it to the newest schema")
    elif path.exists():
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


@db_app.command("copy")
def copy_command(
    source: Annotated[str, typer.Argument(help="The ward to copy: a file or a postgresql:// "
                                               "URL.", show_default=False)],
    target: Annotated[str, typer.Argument(help="A new or empty ward: a file or a "
                                               "postgresql:// URL.", show_default=False)],
) -> None:
    """Copy every row and audit entry of one ward into a new or empty one, SQLite or
    PostgreSQL either way, verified by each table's row count and checksum before it is kept."""
    from db.copy import CopyMismatch, copy_ward
    from db.location import ward_at
    from hra_tui.services.errors import Unusable

    source_ward, target_ward = ward_at(source), ward_at(target)
    if source_ward == target_ward:
        fail("The copy and its source are the same ward")

    async def go():
        try:
            return await in_thread(copy_ward, source_ward, target_ward)
        except CopyMismatch as exc:
            raise Unusable(str(exc)) from None

    sums = run(go(), target_ward)
    rows = sum(s.rows for s in sums)
    typer.echo(f"Copied {source_ward} to {target_ward}: {rows} rows in {len(sums)} tables, "
               "every table's count and checksum verified")
