"""`python -m hra_tui.cli`: how `hra serve` starts a session's own `hra`."""

from hra_tui.cli.start import main

main()
