"""What every ward command shares: the global --db/--user options, opening the ward, and
running its work so that a refusal or failure ends it through `cli/failing` (one line on
stderr, never a traceback), naming the ward database where that is what failed.

A command whose work uses only the plain connections (the patient list, the bed service) runs
on a file ward without an event loop (`with_ward(..., plain=True)`, db/sync_connection): its
coroutines never suspend, so `to_the_end` steps each to its end and asyncio is never imported.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from db.location import Location, is_server
from hra_tui.cli.failing import fail, failing, reader_went_away

T = TypeVar("T")

# A record's id as SQLite stores it: 1 to 2**63 - 1, so a longer number is refused as input.
RowId = Annotated[int, typer.Argument(metavar="ID", min=1, max=2**63 - 1)]


@dataclass(frozen=True)
class Options:
    """The global options, kept on `ctx.obj` by the top-level callback."""

    db_path: Location  # a file, or a PostgreSQL ward (db/location)
    user: str | None


def options(ctx: typer.Context) -> Options:
    opts: Options = ctx.find_root().obj
    if isinstance(opts.db_path, Path) and opts.db_path.is_dir():
        fail(f"{opts.db_path} is a directory; --db takes a database file")
    return opts


async def in_thread(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking `work` (a file copy, a migration) off the event loop."""
    import asyncio

    return await asyncio.to_thread(work, *args, **kwargs)


def run(work: Awaitable[T], db_path: Location | None = None) -> T:
    """Run one coroutine; a failure of `db_path`, the ward database, names it."""
    import asyncio  # here, so that `hra --help` does not load it

    with failing(db_path):
        return asyncio.run(work)  # type: ignore[arg-type]


def to_the_end(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never suspends to its end, without an event loop."""
    try:
        work.send(None)
    except StopIteration as done:
        return done.value
    work.close()
    raise RuntimeError("work run without an event loop waited for one")


def with_ward(ctx: typer.Context, action: Callable[[Any], Awaitable[T]], *,
              plain: bool = False) -> T:
    """Open the ward as the acting user, run `action(ward)`, close it. A missing or empty
    --db file is refused (exit 3), never created: only `hra demo` and `hra db init` create.
    `plain`: the action uses only the plain connections, so a file ward runs it without an
    event loop (a ward with no users yet is opened on one, which makes its first admin)."""
    from hra_tui.services.ward import NoUsersYet, Ward

    opts = options(ctx)

    async def go(sync: bool) -> T:
        ward = await Ward.open(opts.db_path, opts.user, create=False, sync=sync)
        try:
            return await action(ward)
        finally:
            await ward.close()

    if plain and not is_server(opts.db_path):
        with failing(opts.db_path):
            try:
                return to_the_end(go(sync=True))
            except NoUsersYet:
                pass
    return run(go(sync=False), opts.db_path)


@contextmanager
def reader_may_stop() -> Iterator[None]:
    """A listing piped into `head` stops being read early: that ends it quietly, exit 0."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        reader_went_away()


def print_json(items: list[dict[str, Any]]) -> None:
    import json  # here: a table, the usual answer, does not need it

    with reader_may_stop():
        json.dump(items, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max([len(header)] + [len(row[i]) for row in rows]) for i, header in
              enumerate(headers)]
    with reader_may_stop():
        for line in [headers, *rows]:
            typer.echo("  ".join(cell.ljust(width) for cell, width in
                                 zip(line, widths, strict=True)).rstrip())
