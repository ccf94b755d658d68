"""The `:` command runner: carrying out a parsed command through the services.

App logic, so it lives in the app's package: it awaits the services and reports through the
app's notifications, like every other write. What a command may say is `screens.command_syntax`.
"""

from __future__ import annotations

from pathlib import Path

from hra_tui.screens.audit.log import AuditScreen
from hra_tui.screens.host import Host
from hra_tui.screens.patients.list import PatientsScreen
from hra_tui.screens.shell.command_syntax import Command
from hra_tui.services.errors import Refused


def export_path(kind: str, given: str | None, folder: Path, stamp: str) -> Path:
    """A given file or folder wins; otherwise `<folder>/<kind>-<stamp>.csv`."""
    if given:
        path = Path(given).expanduser()
        if path.is_dir():
            return path / f"{kind}-{stamp}.csv"
        return path
    return folder / f"{kind}-{stamp}.csv"


async def execute(app: Host, command: Command) -> object:
    """Carry out one command; refusals become error notifications (via `app.attempt`)."""
    ward = app.ward
    name, args = command.name, command.args
    if name == "admit":
        mrn, bed = args
        return await app.attempt(
            ward.beds.admit(mrn, bed),
            lambda cell: f"{cell.patient_name or mrn} admitted to {cell.label}")
    if name == "transfer":
        return await transfer(app, *args)
    if name == "discharge":
        return await discharge(app, args[0])
    if name == "find":
        return await find(app, args[0])
    if name == "export":
        return await export(app, args[0], args[1] if len(args) > 1 else None)
    if name == "history":
        await app.push_screen(AuditScreen(args[0] if args else ""))
        return None
    if name == "help":
        app.action_help()
        return None
    if name == "quit":
        app.exit()
        return None
    await app.action_area(name)
    return None


async def transfer(app: Host, mrn: str, bed: str) -> object:
    """Transfer by MRN; undoable (back to the bed left) for a short while."""
    try:
        before = (await app.ward.patients.get(mrn)).patient
    except Refused as exc:
        app.show_failure(exc)
        return None
    cell = await app.attempt(
        app.ward.beds.transfer(mrn, bed),
        lambda cell: f"{cell.patient_name or mrn} transferred to {cell.label}")
    if cell is not None and before.bed:
        app.remember(f"the transfer of {before.name} from bed {before.bed} to {cell.label}",
                     lambda: app.ward.beds.undo_transfer(before.mrn, before.bed))
    return cell


async def discharge(app: Host, mrn: str) -> object:
    """Discharge by MRN, naming the patient and the bed that now needs cleaning."""
    try:
        who = (await app.ward.patients.get(mrn)).patient.name
    except Refused as exc:
        app.show_failure(exc)
        return None
    cell = await app.attempt(
        app.ward.beds.discharge(mrn),
        lambda cell: f"{who} discharged from {cell.label}; bed {cell.label} is now cleaning")
    if cell is not None:
        app.remember(f"the discharge of {who} from bed {cell.label}",
                     lambda: app.ward.beds.undo_discharge(mrn, cell.label))
    return cell


async def find(app: Host, text: str) -> None:
    await app.action_area("patients")
    screen = app.screen
    if isinstance(screen, PatientsScreen):
        screen.set_filter(text)


async def export(app: Host, kind: str, given: str | None) -> object:
    from hra_tui.services.csv.export import export_csv

    stamp = app.now().astimezone().strftime("%Y%m%d-%H%M%S")
    path = export_path(kind, given, app.export_dir, stamp)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        app.show_failure(Refused(f"Cannot create folder {path.parent}: {exc.strerror}"))
        return None
    return await app.attempt(
        export_csv(app.ward, kind, path),
        lambda result: f"Exported {result.rows:,} {kind} rows to {result.path}")
