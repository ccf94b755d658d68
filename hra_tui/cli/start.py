"""How `hra` starts. With no command (only `--db` and `--user`), the console opens at once,
without loading Typer, its pydantic adapters or any command module: a clerk pays the start on
every SSH session, and those imports were a third of it. Anything else (a command, `--help`,
an option typed oddly) goes to the Typer app in `cli/main`, which parses and refuses it.
"""

from __future__ import annotations

import os
import sys

from hra_tui.cli.console import open_console
from hra_tui.cli.failure_line import failure_line

GLOBAL_OPTIONS = ("--db", "--user")


def console_options(args: list[str]) -> dict[str, str] | None:
    """`{"--db": …, "--user": …}` when `args` only name the global options, each at most once
    with a plain value; None when anything else is there and Typer must read it."""
    found: dict[str, str] = {}
    rest = list(args)
    while rest:
        token = rest.pop(0)
        name, equals, value = token.partition("=")
        if name not in GLOBAL_OPTIONS or name in found:
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None
        found[name] = value
    return found


def main() -> None:
    """The `hra` command."""
    options = console_options(sys.argv[1:])
    if options is None:
        from hra_tui.cli.main import app

        app(prog_name="hra")
        return
    try:
        open_console(options.get("--db"), options.get("--user") or os.environ.get("HRA_USER")
                     or None)
    except (KeyboardInterrupt, Exception) as exc:
        message, code = failure_line(exc)
        print(f"hra: {message}", file=sys.stderr)
        raise SystemExit(code) from None
