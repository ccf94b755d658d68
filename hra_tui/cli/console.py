"""`hra` with no command: the console, reached from `cli/start` without Typer, or from the
Typer app's root when an option was typed in a way only Typer reads."""

from __future__ import annotations

import os


def open_console(db: str | os.PathLike | None, user: str | None) -> None:
    """`hra` with no command: sweep the part files of killed runs, resolve the ward file and
    run the console on it."""
    from db.paths import resolve_db_path
    from hra_tui.app import run_console
    from hra_tui.services.target_file import sweep

    sweep()
    run_console(resolve_db_path(db), user)
