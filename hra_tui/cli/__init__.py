"""The `hra` command line: opens the console, or runs one ward or planning command.

Only `main` is here, from `cli/start`, so that starting the console imports no command module;
the Typer app is `cli.main.app`.
"""

from hra_tui.cli.start import main

__all__ = ["main"]
