"""A parsed `:` command, and the error for a line that is not one.

Plain data, apart from the table of commands (`screens/shell/commands.py`), so that the
`Host` protocol and the screens that run a command themselves (the bed board, the ward
actions) can name it without loading every screen a command opens.
"""

from __future__ import annotations

from dataclasses import dataclass


class CommandError(ValueError):
    """What the clerk typed is not a command; the message says what would be."""


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...] = ()
