"""`hra` loads a command's module only when that command is typed (cli/lazy_group): `hra --help`
lists every command with the line the loaded command would show, without loading one, and a
data command loads its own module, no other command's and (for `patient list`, `bed list`,
`admit`) no SQLAlchemy. The subprocess cases run in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer.main
from typer._click import Context

from hra_tui.cli.lazy_group import Lazy, lazy_group
from hra_tui.cli.main import COMMANDS, app


def root_help(typer_app: typer.Typer, capsys) -> tuple[str, str]:
    """`hra --help` as listed lazily, then with every command loaded (Typer prints it)."""
    group = typer.main.get_command(typer_app)
    context = Context(group, info_name="hra")
    group.get_help(context)
    lazy = capsys.readouterr().out
    for name in group.list_commands(context):
        group.get_command(context, name)
    group.get_help(context)
    return lazy, capsys.readouterr().out


def test_the_help_lists_each_command_with_its_own_line(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    lazy, loaded = root_help(app, capsys)
    assert lazy == loaded
    assert all(f"│ {name} " in lazy for name in COMMANDS)
    assert "Admit a patient into a free bed." in lazy


def test_a_table_line_that_is_not_the_command_s_own_fails_the_check(monkeypatch, capsys):
    """The guard itself: a table whose `admit` line drifted from the command's docstring."""
    monkeypatch.setenv("COLUMNS", "80")
    drifted = dict(COMMANDS, admit=Lazy("Admit someone.", COMMANDS["admit"].target))
    other = lazy_group(drifted, help=app.info.help)
    other.callback(invoke_without_command=True)(app.registered_callback.callback)
    lazy, loaded = root_help(other, capsys)
    assert "Admit someone." in lazy and "Admit someone." not in loaded


LOADED = """
import sys
from hra_tui.cli.start import main
sys.argv = ["hra", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
finally:
    commands = sorted(name for name in sys.modules if name.startswith("hra_tui.cli.")
                      and name.rsplit(".", 1)[1] not in SHARED)
    print("|".join(commands), "sqlalchemy" in sys.modules, file=sys.stderr)
"""

# What every command shares (the entry, the table, how a command fails and opens the ward).
SHARED = {"start", "console", "failure_line", "main", "lazy_group", "failing", "session"}


def loaded(*args: str) -> tuple[list[str], bool]:
    done = subprocess.run([sys.executable, "-c", f"SHARED = {SHARED!r}\n{LOADED}", *args],
                          capture_output=True, text=True, timeout=120)
    commands, sqlalchemy = done.stderr.splitlines()[-1].rsplit(" ", 1)
    return [name.rsplit(".", 1)[1] for name in commands.split("|") if name], sqlalchemy == "True"


def test_the_help_loads_no_command_module():
    assert loaded("--help") == ([], False)


@pytest.mark.sqlite_only(reason="the plain-SQLite fast path (no SQLAlchemy for a hot command)")
@pytest.mark.parametrize(("args", "modules"), [
    (("patient", "list"), ["ward"]),
    (("bed", "list"), ["layout", "ward"]),
    (("admit", "P000002", "2A"), ["ward"]),
    (("admit", "P999999", "2A"), ["ward"]),
])
def test_a_hot_command_loads_its_own_module_and_no_sqlalchemy(seeded_db, args, modules):
    assert loaded("--db", str(seeded_db), *args) == (modules, False)


def test_a_planning_command_still_loads_what_it_needs(seeded_db):
    modules, sqlalchemy = loaded("--db", str(seeded_db), "plan", "list")
    assert "plan" in modules and "ward" not in modules and sqlalchemy


# What a listing on a file ward never needs: PostgreSQL's dialect helpers, the field specs
# and the many records (each dataclass costs an exec per method in a fresh process).
UNNEEDED = ("db.server", "db.server_connection", "db.server_rows", "db.sql", "hra_tui.fields",
            "hra_tui.services.plain_records")


@pytest.mark.sqlite_only(reason="what a file ward's listing loads (a server ward needs them)")
@pytest.mark.parametrize("args", [("patient", "list"), ("bed", "list")])
def test_a_listing_on_a_file_ward_loads_no_server_helpers_or_specs(seeded_db, args):
    report = f"print(sorted(set({UNNEEDED!r}) & set(sys.modules)), file=sys.stderr)"
    script = f"SHARED = {SHARED!r}\n" + LOADED.replace("    print(", f"    {report}\n    print(", 1)
    done = subprocess.run([sys.executable, "-c", script, "--db", str(seeded_db), *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "P0000" in done.stdout or "2A" in done.stdout
    assert done.stderr.splitlines()[-2] == "[]"


# What the listings and a plain admit on a file ward run without: they step their coroutines
# to the end on sqlite3 (db/sync_connection), with no event loop, no aiosqlite thread, no
# SQLAlchemy and no console.
WITHOUT_A_LOOP = ("asyncio", "aiosqlite", "sqlalchemy", "textual")


@pytest.mark.sqlite_only(reason="a file ward's sync path (a server ward runs on the loop)")
@pytest.mark.parametrize(("args", "shown"), [
    (("patient", "list"), "P0000"),
    (("bed", "list", "--status", "occupied"), "1A"),
    (("admit", "P000002", "2A"), "Admitted"),
    (("admit", "P999999", "2A"), ""),  # refused: the same path, one line on stderr
])
def test_the_hot_commands_on_a_file_ward_import_no_event_loop(seeded_db, args, shown):
    report = f"print(sorted(set({WITHOUT_A_LOOP!r}) & set(sys.modules)), file=sys.stderr)"
    script = f"SHARED = {SHARED!r}\n" + LOADED.replace("    print(", f"    {report}\n    print(", 1)
    done = subprocess.run([sys.executable, "-c", script, "--db", str(seeded_db), *args],
                          capture_output=True, text=True, timeout=120)
    assert shown in done.stdout
    assert done.stderr.splitlines()[-2] == "[]", done.stderr
