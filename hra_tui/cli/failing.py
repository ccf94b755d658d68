"""The one way an `hra` command fails: one `hra: …` line on stderr, and the exit code
`services/failures.classify` gives (1 bad input or a refusal, 3 a database or file that cannot
be used, 4 a fault in hra). Never a traceback, unless HRA_DEBUG=1 asks for a fault's.

Every command group is made by `command_group`, so whatever a command raises, and every usage
error Click finds in what was typed, leaves through here: no command handles its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer
from typer._click import Context  # Typer carries its own Click and exports neither of these
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from hra_tui.cli.failure_line import failure_line
from hra_tui.services.errors import FileFailed
from hra_tui.services.failures import REFUSED

STDOUT = 1  # the descriptor a command's output goes to


def fail(message: str, code: int = REFUSED) -> NoReturn:
    typer.echo(f"hra: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def failing(database: Path | None = None) -> Iterator[None]:
    """Whatever the block raises ends the command with its classified line; `database` names
    the ward file in a database failure. Typer's own exits and usage errors pass through."""
    try:
        yield
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise
    except BrokenPipeError:
        reader_went_away()
    except (KeyboardInterrupt, Exception) as exc:
        fail(*failure_line(exc, database))


def reader_went_away() -> NoReturn:
    """Output piped into `head` (a listing, a help page) stops being read early: the rest is
    left unread, quietly, exit 0; not a failure of the ward database."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), STDOUT)  # no second error at exit
    raise typer.Exit(0) from None


@contextmanager
def file_access(verb: str) -> Iterator[None]:
    """A file named on the command line (not the ward database) that cannot be read or
    written is that file's failure, named, exit 3."""
    try:
        yield
    except OSError as exc:
        raise FileFailed(f"cannot {verb} {exc.filename}: {exc.strerror or exc}") from exc


@contextmanager
def usage_in_one_line() -> Iterator[None]:
    """Click's usage errors (an option out of range, a missing argument) are bad input: one
    line, exit 1, instead of a usage box. A group called bare still shows its help."""
    try:
        yield
    except NoArgsIsHelpError:
        raise
    except UsageError as exc:
        hint = f"; see '{exc.ctx.command_path} --help'" if exc.ctx else ""
        fail(" ".join(exc.format_message().split()).rstrip(".") + hint)


class OneLineGroup(TyperGroup):
    """A Typer group whose commands, and the groups below it, fail only through `failing`."""

    def make_context(self, info_name: str | None, args: list[str],
                     parent: Context | None = None, **extra: Any) -> Context:
        with usage_in_one_line():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Context) -> Any:
        with usage_in_one_line(), failing():
            return super().invoke(ctx)


def command_group(**settings: Any) -> typer.Typer:
    """A group of `hra` commands (Typer's `settings`) that fails only through `failing`."""
    return typer.Typer(cls=OneLineGroup, add_completion=False, **settings)
