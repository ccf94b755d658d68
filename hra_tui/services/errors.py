"""What a refused rule raises: one line in a clerk's words, never a traceback."""

from __future__ import annotations

from db.errors import Unusable as Unusable  # the storage layer's refusal, raised by db/schema


class Refused(Exception):
    """A ward rule said no; `str()` is the one line to show the clerk. Nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class NotAllowed(Refused):
    """The acting user's role does not allow this write (or the user is unknown)."""


class NotFound(Refused):
    """The record the clerk named does not exist."""


class Conflict(Refused):
    """A database constraint refused a write the rule checks did not foresee (a race)."""


class Invalid(Refused, ValueError):
    """One field's value is wrong; the message is what the clerk reads next to the field."""


class FileFailed(Exception):
    """A file the command writes or reads (not the ward database) failed: full, unwritable,
    gone. `str()` names that file; nothing was written (the CLI exits 3)."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class ImportRefused(Refused):
    """A CSV import found bad rows, listed in `.problems` as (CSV line, reason); none imported."""

    def __init__(self, message: str, problems: list[tuple[int, str]]) -> None:
        super().__init__(message)
        self.problems = problems

