"""Every failure classified once: the title a clerk reads, its one line, and the CLI's exit code.

The CLI (`cli/failing`, every command's one way out) and the console (`HraApp.show_failure`,
its worker-failure handler) both ask `classify`, so a refusal, a malformed file, a database or
file failure and a fault in hra read the same wherever they happen, and none reaches the
terminal as a traceback.
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import BadLocation
from hra_tui.handed_files import Malformed, Unreadable
from hra_tui.services.errors import FileFailed, Refused, Unusable

if TYPE_CHECKING:
    from db.location import ServerWard

REFUSED = 1
DATABASE_FAILED = 3  # also a file that cannot be read or written
INTERNAL_FAULT = 4


@dataclass(frozen=True)
class Failure:
    """What to show for one exception: `title` above `message`; `exit_code` for the CLI."""

    title: str
    message: str
    exit_code: int

    @property
    def expected(self) -> bool:
        """A refusal or a failing database or file, as opposed to a fault in hra itself."""
        return self.exit_code != INTERNAL_FAULT


def first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _from_sqlalchemy(exc: BaseException) -> bool:
    """A SQLAlchemy error, without importing SQLAlchemy (a command that never loaded it, e.g.
    `hra --help`, cannot meet one), so the command line starts fast."""
    errors = sys.modules.get("sqlalchemy.exc")
    return errors is not None and isinstance(exc, errors.SQLAlchemyError)


def _from_psycopg(exc: BaseException) -> bool:
    """A PostgreSQL driver error met outside SQLAlchemy (a plain read), without importing
    psycopg for a file ward."""
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, psycopg.Error)


def classify(exc: BaseException, database: Path | ServerWard | None = None) -> Failure:
    """The failure `exc` stands for; `database` names the ward file in the message."""
    if isinstance(exc, (Refused, Malformed, BadLocation)):  # a rule said no, or bad input
        return Failure("Refused", str(exc), REFUSED)
    if isinstance(exc, (FileFailed, Unreadable)):
        return Failure("File failed", str(exc), DATABASE_FAILED)
    if isinstance(exc, Unusable):
        return Failure("Cannot use the database", str(exc), DATABASE_FAILED)
    if isinstance(exc, (sqlite3.Error, OSError)) or _from_sqlalchemy(exc) or _from_psycopg(exc):
        where = f" {database}" if database else ""
        return Failure("Database failed", f"cannot use the ward database{where}: "
                       f"{first_line(exc)}", DATABASE_FAILED)
    return Failure("Internal fault", f"internal fault ({type(exc).__name__}: "
                   f"{first_line(exc)}); nothing more was done", INTERNAL_FAULT)
