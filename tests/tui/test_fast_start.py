"""The first screen needs no SQLAlchemy: the patient list is drawn from a plain connection, and
the other services load in the background afterwards, so the console opens fast over SSH
(bench/console.py times it). `hra` with no command opens the console without Typer or any
command module. Each case runs in a fresh interpreter, where nothing is imported yet."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.sqlite_only(
    reason="the plain-SQLite fast path's imports (no SQLAlchemy on the first screen)")

CONSOLE = """
import sys
from pathlib import Path
from hra_tui.app import HraApp
from hra_tui.screens.patients.list import PatientsScreen

async def pilot(p):
    app = p.app
    while not (isinstance(app.screen, PatientsScreen) and app.screen.rows):
        await p.pause(0.01)
    await p.pause()
    drawn = "sqlalchemy" in sys.modules
    while not ("hra_tui.services.planning.ward.planner" in sys.modules
               and app.ward.context._engines):
        await p.pause(0.05)
    record = await app.ward.patients.get(app.screen.rows[0].mrn)
    app.exit(f"{drawn}|{len(app.screen.rows)}|{record.patient.name}")

print(HraApp(Path(sys.argv[1])).run(headless=True, auto_pilot=pilot, size=(80, 24)))
"""

# What the first list, drawn from the `hra` command, must not have waited for: the command line's
# parser and its commands, the ORM, the planners, the forecast, the charts, the SSH server, the
# `:` line.
NOT_BEFORE_THE_FIRST_LIST = (
    "typer", "pydantic", "hra_tui.cli.main", "hra_tui.cli.failing", "sqlalchemy", "sqlmodel",
    "alembic", "ortools", "plotext", "asyncssh", "numpy", "pandas", "scipy", "statsmodels",
    "hra_tui.forecast", "hra_tui.services.records.beds",
    "hra_tui.screens.shell.commands", "hra_tui.screens.shell.command_line",
)

FROM_THE_COMMAND = """
import sys
from hra_tui.app import HraApp
from hra_tui.cli.start import main
from hra_tui.screens.patients.list import PatientsScreen

NAMES = sys.argv[2].split(",")

async def pilot(p):
    app = p.app
    while not (isinstance(app.screen, PatientsScreen) and app.screen.rows):
        await p.pause(0.005)
    await p.pause()
    loaded = [name for name in NAMES if name in sys.modules]
    app.exit(f"{len(app.screen.rows)}|{','.join(loaded)}")

run = HraApp.run
HraApp.run = lambda app: print(run(app, headless=True, auto_pilot=pilot, size=(80, 24)))
sys.argv = ["hra", "--db", sys.argv[1]]
main()
"""

CLI = """
import sys
from hra_tui.cli.main import main
sys.argv = ["hra", "--db", sys.argv[1], "patient", "list", "--search", "Doe"]
try:
    main()
finally:
    print("sqlalchemy" in sys.modules, file=sys.stderr)
"""


def _run(script: str, *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True,
                          text=True, timeout=120)


def test_hra_draws_the_first_list_before_loading_the_command_line_or_the_orm(seeded_db):
    done = _run(FROM_THE_COMMAND, seeded_db, ",".join(NOT_BEFORE_THE_FIRST_LIST))
    assert done.returncode == 0, done.stderr
    rows, loaded = done.stdout.strip().splitlines()[-1].split("|")
    assert int(rows) > 0
    assert loaded == ""


def test_the_first_list_is_drawn_before_sqlalchemy_loads_then_the_rest_loads(seeded_db):
    done = _run(CONSOLE, seeded_db)
    assert done.returncode == 0, done.stderr
    drawn_with_sqlalchemy, rows, name = done.stdout.strip().splitlines()[-1].split("|")
    assert drawn_with_sqlalchemy == "False"
    assert int(rows) > 0
    assert name  # the record opens through the full services once they have loaded


def test_listing_patients_from_the_command_line_needs_no_sqlalchemy(seeded_db):
    done = _run(CLI, seeded_db)
    assert done.returncode == 0, done.stderr
    assert "Jane Doe" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "False"
