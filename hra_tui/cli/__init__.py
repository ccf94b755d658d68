"""The `hra` command line: opens the console, or runs one ward or planning command."""

from hra_tui.cli.main import app, main

__all__ = ["app", "main"]
