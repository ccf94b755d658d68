"""Which `hra` commands a clerk may run over SSH without the console (`ssh ward-host patient
list`): the ward's records only, read or written through the audited services as the session's
user. Files, databases, users and other accounts stay on the server's side; the database and
the acting user are fixed by the server, never by the client.
"""

from __future__ import annotations

import shlex

ALLOWED = ("patient", "bed", "admit", "transfer", "discharge", "queue", "plan", "keymap",
           "census", "waiting")
_FILE_COMMANDS = {"keymap": ("check", "load")}  # they read a file: the server's, not yours
_SERVER_ONLY = ("--db", "--user", "-o", "--output", "--csv", "--key")


class NotOffered(ValueError):
    """The command cannot be run over SSH; `str()` says what can."""


def parse(command: str) -> list[str]:
    """The argument list for the session's `hra`, or NotOffered in words."""
    try:
        args = shlex.split(command)
    except ValueError as exc:
        raise NotOffered(f"cannot read the command: {exc}") from None
    if not args or args[0] not in ALLOWED:
        raise NotOffered(f"over SSH you may run: {', '.join(ALLOWED)} (add --help to any); "
                         "connect without a command for the console")
    if len(args) > 1 and args[1] in _FILE_COMMANDS.get(args[0], ()):
        raise NotOffered(f"{args[0]} {args[1]} reads a file, which stays on the server's side "
                         f"over SSH; {args[0]} show, set and reset are offered")
    for arg in args:
        name = arg.split("=", 1)[0]
        if name.startswith("-o") and not name.startswith("--"):
            name = "-o"  # its file glued on: -ocensus.csv
        if name in _SERVER_ONLY:
            raise NotOffered(f"{name} is not offered over SSH: the server chooses the database "
                             "and your key says who you are; files stay on the server")
    return args
