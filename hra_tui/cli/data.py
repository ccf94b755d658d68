"""Data commands: `hra demo`, `hra export`, `hra import`, `hra backup`.

Success prints one line on stdout (`all`: then a line per file); a refusal prints one line on
stderr (an import refusal first lists each bad row, "line 7: Age must be ...") and exits
non-zero; never a traceback.
"""

from __future__ import annotations

import os
import sqlite3
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hra_tui.cli.session import in_thread, options, run, with_ward
from hra_tui.services.errors import ImportRefused, Refused

if TYPE_CHECKING:
    from db.location import ServerWard


class Size(StrEnum):
    WARD = "ward"
    HOSPITAL = "hospital"


class ExportKind(StrEnum):
    PATIENTS = "patients"
    STAFF = "staff"
    DOCTORS = "doctors"  # the seed's name for staff (KIND_ALIASES)
    BEDS = "beds"
    APPOINTMENTS = "appointments"
    BILLING = "billing"
    WARDS = "wards"
    HISTORY = "history"
    ALL = "all"  # every kind, one file each, into a folder


class ImportKind(StrEnum):
    WARDS = "wards"
    STAFF = "staff"
    DOCTORS = "doctors"
    BEDS = "beds"
    PATIENTS = "patients"
    APPOINTMENTS = "appointments"
    BILLING = "billing"
    HISTORY = "history"  # a ward's daily admissions, discharges and census
    ALL = "all"  # a folder `export all` wrote


def demo_command(
    ctx: typer.Context,
    size: Annotated[Size, typer.Option(
        "--size", help="ward: 2 wards, 40 beds, 60 patients; hospital: 1,000 beds, "
                       "100,000 patients, 200,000 appointments.")] = Size.WARD,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same demo.")] = 7,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the records of a database that already has some.")] = False,
) -> None:
    """Fill the database with a realistic demo ward (one transaction)."""
    from db.demo import DemoRefused, create_demo
    from db.location import is_server
    from db.schema import refuse_newer

    opts = options(ctx)

    async def go():
        if is_server(opts.db_path) or opts.db_path.exists():
            await in_thread(refuse_newer, opts.db_path)
        try:
            return await in_thread(create_demo, opts.db_path, size.value, seed,
                                           force=force, user=opts.user)
        except DemoRefused as exc:
            raise Refused(str(exc)) from None

    summary = run(go(), opts.db_path)
    typer.echo(f"Loaded the {summary.size} demo (seed {summary.seed}) into {opts.db_path}: "
               f"{summary.line()} in {summary.seconds:.1f} s")


def export_command(
    ctx: typer.Context,
    kind: Annotated[ExportKind, typer.Argument(help="What to export (all: every kind).")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The CSV file to write (all: the folder to write one file per "
                               "kind in).", show_default=False)],
) -> None:
    """Write every record of one kind to a CSV file (formulas neutralised, owner-only)."""
    if kind is ExportKind.ALL:
        from hra_tui.services.csv.whole_ward import export_all

        files = with_ward(ctx, lambda ward: export_all(ward, output))
        typer.echo(f"Exported the ward to {files[0].path.parent.resolve()}: "
                   f"{len(files)} files, {sum(f.rows for f in files):,} rows")
        for file in files:
            typer.echo(f"{file.path.name:<17} {file.rows:>7,} rows  sha256 {file.checksum}")
        return
    from hra_tui.services.csv.export import export_csv

    result = with_ward(ctx, lambda ward: export_csv(ward, kind.value, output))
    typer.echo(f"Exported {result.rows} {kind.value} to {result.path.resolve()}")


def _listing_problems(exc: ImportRefused) -> None:
    for line, reason in exc.problems:
        typer.echo(f"line {line}: {reason}", err=True)


def import_command(
    ctx: typer.Context,
    kind: Annotated[ImportKind, typer.Argument(help="What the file holds (all: a folder).")],
    file: Annotated[Path, typer.Argument(
        help="A CSV file with the columns export writes (all: the folder `export all` wrote).",
        show_default=False)],
) -> None:
    """Add each row of a CSV file with a new key and update the record of each known key;
    nothing if any row is wrong (admins only)."""
    if kind is ImportKind.ALL:
        from hra_tui.services.csv.whole_ward import import_all

        async def go_all(ward):
            try:
                return await import_all(ward, file)
            except ImportRefused as exc:
                _listing_problems(exc)
                raise

        results = with_ward(ctx, go_all)
        typer.echo(f"Imported {file}: {len(results)} files in one transaction")
        for name, result in results.items():
            typer.echo(f"{name}: {result.line('rows')}")
        return
    from hra_tui.services.csv.importing import import_csv

    async def go(ward):
        try:
            return await import_csv(ward, kind.value, file)
        except ImportRefused as exc:
            _listing_problems(exc)
            raise

    result = with_ward(ctx, go)
    what = "ward days of history" if kind is ImportKind.HISTORY else kind.value
    typer.echo(f"Imported {file}: {result.line(what)}")


def _copy_database(source: Path, target: Path) -> None:
    """SQLite's online backup into an owner-only part file beside `target`, checked with
    integrity_check, then renamed into place: a backup is whole and sound, or absent."""
    from hra_tui.services.errors import FileFailed
    from hra_tui.services.target_file import commit, written_beside

    with written_beside(target) as part:
        try:
            src = sqlite3.connect(source, timeout=15)
            try:
                dst = sqlite3.connect(part)
                try:
                    src.backup(dst)
                    verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
                    dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                finally:
                    dst.close()
            finally:
                src.close()
        except sqlite3.Error as exc:
            raise FileFailed(f"Cannot write the backup {target}: {exc}; nothing written") \
                from None
        if verdict != "ok":
            raise Refused(f"The backup failed its integrity check ({verdict}); nothing written")
        os.chmod(part, 0o600)
        commit(part, target)


def _dump_server(source: ServerWard, target: Path) -> None:
    """pg_dump into an owner-only part file beside `target`, renamed into place once
    pg_restore has read it back (db/server.dump)."""
    from db.server import dump
    from hra_tui.services.target_file import commit, written_beside

    with written_beside(target) as part:
        dump(source, part)
        os.chmod(part, 0o600)
        commit(part, target)


def backup_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The backup file to write.",
                                         show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Copy the live database to a file while others keep working (admins only)."""
    from db.location import is_server
    from hra_tui.domain import Role
    from hra_tui.services.roles import require
    from hra_tui.services.target_file import checked_target

    source = options(ctx).db_path
    server = is_server(source)

    async def go(ward):
        require(ward.actor, Role.ADMIN, "back up the database")
        target = checked_target(output)
        if target.exists() and not server and target == source.resolve():
            raise Refused("The backup cannot replace the database it copies")
        if target.exists() and not force:
            raise Refused(f"{target} exists; use --force to replace it")
        await in_thread(_dump_server if server else _copy_database, source, target)
        async with ward.context.write(Role.ADMIN, "back up the database") as tx:
            await tx.audit("backup", "database", None, f"to {target}")
        return target

    target = with_ward(ctx, go)
    verified = "pg_dump, read back by pg_restore" if server else "integrity ok"
    typer.echo(f"Backed up {source} to {target} ({verified})")
