"""The line and exit code an exception ends `hra` with, without Typer, so that the console's
fast start (`cli/start`) and every command (`cli/failing`) fail the same way."""

from __future__ import annotations

import os
from pathlib import Path

from hra_tui.services.failures import classify

INTERRUPTED = 130


def failure_line(exc: BaseException, database: Path | None = None) -> tuple[str, int]:
    """(message, exit code) for `exc`; `database` names the ward file in a database failure.
    A fault in hra is raised again, traceback and all, when HRA_DEBUG=1 asks for it."""
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted; nothing more was done", INTERRUPTED
    failure = classify(exc, database)
    if not failure.expected and os.environ.get("HRA_DEBUG"):
        raise exc
    return failure.message, failure.exit_code
