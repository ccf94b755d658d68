"""Top-level `hra` command: global options and the sub-commands of each area.

`hra` alone opens the console; `--db PATH|URL` (else HRA_DB, else the user data directory) picks
the ward database and `--user NAME` (else HRA_USER, else the OS user) who acts.
"""

from __future__ import annotations

from typing import Annotated

import typer

from hra_tui.cli import database, events, ward
from hra_tui.cli.care import request_app
from hra_tui.cli.console import open_console
from hra_tui.cli.data import register as register_data_commands
from hra_tui.cli.failing import command_group
from hra_tui.cli.forecast import forecast_app
from hra_tui.cli.ihtc import ihtc_app
from hra_tui.cli.ihtc_replan import register as register_ihtc_replan_command
from hra_tui.cli.ihtc_ward import register as register_ihtc_ward_commands
from hra_tui.cli.layout import ward_app
from hra_tui.cli.pairs import staff_app
from hra_tui.cli.paper import paper_app
from hra_tui.cli.plan import plan_app
from hra_tui.cli.serve import serve_command
from hra_tui.cli.session import Options
from hra_tui.cli.users import user_app

app = command_group(
    no_args_is_help=False,
    help="hra: the ward operations console. With no command, opens the console.",
)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", help="Ward database file, or a postgresql:// URL (else $HRA_DB, else the "
                     "user data directory).",
        show_default=False)] = None,
    user: Annotated[str | None, typer.Option(
        "--user", envvar="HRA_USER", help="Act as this user (else the OS user).",
        show_default=False)] = None,
) -> None:
    if ctx.invoked_subcommand is None:  # reached when `cli/start` left it to Typer
        open_console(db, user)
        return
    from db.paths import resolve_db_path
    from hra_tui.services.target_file import sweep

    sweep()  # part files of an export or backup that was killed mid-write
    ctx.obj = Options(db_path=resolve_db_path(db), user=user)


app.add_typer(paper_app, name="paper", help="The paper's model: generate and solve instances.")
app.add_typer(database.db_app, name="db")
ward.register(app)
app.add_typer(ward_app, name="ward")
app.add_typer(staff_app, name="staff")
events.register(app)  # hra staff absent|absences|absence, hra theatre
app.add_typer(request_app, name="request")
app.add_typer(user_app, name="user")
app.command("serve")(serve_command)
app.add_typer(plan_app, name="plan")
app.add_typer(ihtc_app, name="ihtc",
               help="IHTC-2024: solve instances and check competition solutions.")
app.add_typer(forecast_app, name="forecast")
register_data_commands(app)
register_ihtc_ward_commands(ihtc_app)
register_ihtc_replan_command(ihtc_app)


def main() -> None:
    """Every command through Typer (`cli/start.main` is what the `hra` command runs)."""
    app()
