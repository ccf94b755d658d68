"""Top-level `hra` command: global options and the sub-commands of each area.

`hra` alone opens the console; `--db PATH|URL` (else HRA_DB, else the user data directory) picks
the ward database and `--user NAME` (else HRA_USER, else the OS user) who acts.

`COMMANDS` is the one place a top-level command or group is registered: its line in `hra
--help`, where it lives, and what adds commands to it. Its module is imported only when the
command is typed (cli/lazy_group), so a data command loads its own module and no other.
"""

from __future__ import annotations

from typing import Annotated

import typer

from hra_tui.cli.console import open_console
from hra_tui.cli.lazy_group import Lazy, lazy_group
from hra_tui.cli.session import Options

# In `hra --help` order: commands, then groups.
COMMANDS = {
    "admit": Lazy("Admit a patient into a free bed.", "hra_tui.cli.ward:admit_command"),
    "transfer": Lazy("Move an admitted patient to another free bed; the old bed goes to "
                     "cleaning.", "hra_tui.cli.ward:transfer_command"),
    "discharge": Lazy("Discharge an admitted patient; the bed goes to cleaning.",
                      "hra_tui.cli.ward:discharge_command"),
    "census": Lazy("The daily census: each ward's occupied, free, cleaning, blocked and reserved "
                   "beds, and\nits admissions, discharges and transfers in and out.",
                   "hra_tui.cli.census:census_command"),
    "serve": Lazy("Serve the console over SSH; keys added with `hra user add NAME --role R "
                  "--key FILE`.", "hra_tui.cli.serve:serve_command"),
    "demo": Lazy("Fill the database with a realistic demo ward (one transaction).",
                 "hra_tui.cli.data:demo_command"),
    "export": Lazy("Write every record of one kind to a CSV file (formulas neutralised, "
                   "owner-only).", "hra_tui.cli.data:export_command"),
    "import": Lazy("Add each row of a CSV file with a new key and update the record of each "
                   "known key;\nnothing if any row is wrong (admins only).",
                   "hra_tui.cli.data:import_command"),
    "backup": Lazy("Copy the live database to a file while others keep working (admins only).",
                   "hra_tui.cli.data:backup_command"),
    "paper": Lazy("The paper's model: generate and solve instances.",
                  "hra_tui.cli.paper:paper_app"),
    "db": Lazy("The ward database file: create it, upgrade its schema, check its integrity.",
               "hra_tui.cli.database:db_app"),
    "patient": Lazy("Patients.", "hra_tui.cli.ward:patient_app"),
    "bed": Lazy("Beds.", "hra_tui.cli.ward:bed_app", ("hra_tui.cli.layout:register_beds",)),
    "queue": Lazy("The queue of pending admissions and transfers.",
                  "hra_tui.cli.queue:queue_app"),
    "ward": Lazy("Wards: add, rename, deactivate, list.", "hra_tui.cli.layout:ward_app"),
    "staff": Lazy("Staff.", "hra_tui.cli.pairs:staff_app", ("hra_tui.cli.events:register",)),
    "theatre": Lazy("Theatres (and other resources): closures the planners keep.",
                    "hra_tui.cli.events:theatre_app"),
    "request": Lazy("Care requests: patients waiting for the planner.",
                    "hra_tui.cli.care:request_app"),
    "waiting": Lazy("The appointments' waiting list.", "hra_tui.cli.waiting:waiting_app"),
    "appointment": Lazy("Appointments.", "hra_tui.cli.waiting:appointment_app"),
    "user": Lazy("Users, their roles (viewer, clerk, admin) and SSH keys.",
                 "hra_tui.cli.users:user_app"),
    "keymap": Lazy("Your own console keys: a keymap file per user of the ward, beside its "
                   "database.", "hra_tui.cli.keymaps:keymap_app"),
    "plan": Lazy("The ward planner: solve, list, compare, diff and apply plans.",
                 "hra_tui.cli.plan:plan_app"),
    "ihtc": Lazy("IHTC-2024: solve instances and check competition solutions.",
                 "hra_tui.cli.ihtc:ihtc_app",
                 ("hra_tui.cli.ihtc_ward:register", "hra_tui.cli.ihtc_replan:register")),
    "forecast": Lazy("Bed demand: the wards' forecast and its backtest.",
                     "hra_tui.cli.forecast:forecast_app"),
}

app = lazy_group(
    COMMANDS,
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


def main() -> None:
    """Every command through Typer (`cli/start.main` is what the `hra` command runs)."""
    app()
