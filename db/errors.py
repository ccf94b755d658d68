"""What the storage layer refuses: a ward database file that cannot be used as it is."""

from __future__ import annotations


class Unusable(Exception):
    """The ward database file cannot be used as it is: missing, empty, or written by a newer
    hra. `str()` is the one line to show; nothing was created or written (the CLI exits 3)."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class BadLocation(ValueError):
    """`--db` or `HRA_DB` names no ward it could be (a URL without a database name): bad
    input, one line (the CLI exits 1)."""
