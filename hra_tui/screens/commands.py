"""The `:` command line: parsing what the clerk typed, and carrying it out through the services.

Parsing is pure (tested without a screen); `execute` awaits the services and reports through
the app's notifications, like every other write.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hra_tui.screens.registry import AREAS

if TYPE_CHECKING:
    from hra_tui.app import HraApp

EXPORT_KINDS = ("patients", "doctors", "beds", "appointments", "billing")


@dataclass(frozen=True)
class Spec:
    name: str
    args: tuple[str, ...]  # names of required arguments; a trailing "TEXT" takes the rest
    optional: tuple[str, ...] = ()
    help: str = ""

    @property
    def usage(self) -> str:
        parts = [f":{self.name}", *self.args, *(f"[{arg}]" for arg in self.optional)]
        return " ".join(parts)


SPECS: tuple[Spec, ...] = (
    Spec("admit", ("MRN", "BED"), help="admit a patient to a free bed"),
    Spec("transfer", ("MRN", "BED"), help="move an admitted patient; the old bed goes to cleaning"),
    Spec("discharge", ("MRN",), help="discharge a patient; the bed goes to cleaning"),
    Spec("find", ("TEXT",), help="show patients matching TEXT (name, MRN, phone)"),
    Spec("export", ("KIND",), ("PATH",),
         help="write a CSV: " + ", ".join(EXPORT_KINDS) + "; default folder below"),
    Spec("history", (), ("TEXT",), help="the audit trail: who did what, when"),
    Spec("help", (), help="every key of the current screen"),
    Spec("quit", (), help="leave the console (also :q)"),
    *(Spec(area.mode, (), help=f"go to {area.title}") for area in AREAS),
)
_BY_NAME = {spec.name: spec for spec in SPECS}
_ALIASES = {"q": "quit", "exit": "quit", "doctors": "staff", "bills": "billing",
            "invoices": "billing", "audit": "history", "search": "find"}


class CommandError(ValueError):
    """What the clerk typed is not a command; the message says what would be."""


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...] = ()


def parse_command(text: str) -> Command:
    """`admit M00012 3B` -> Command("admit", ("M00012", "3B")); CommandError if not a command."""
    cleaned = text.strip().removeprefix(":").strip()
    if not cleaned:
        raise CommandError("Type a command, e.g. :admit MRN BED (:help lists them)")
    try:
        words = shlex.split(cleaned)
    except ValueError:
        raise CommandError("Close the quote in the command") from None
    name = _ALIASES.get(words[0].lower(), words[0].lower())
    spec = _BY_NAME.get(name)
    if spec is None:
        known = ", ".join(s.name for s in SPECS)
        raise CommandError(f"No command ':{words[0]}'; commands are {known}")
    args = words[1:]
    if spec.args and spec.args[-1] == "TEXT" and len(args) >= len(spec.args):
        head = len(spec.args) - 1
        args = [*args[:head], " ".join(args[head:])]
    elif spec.optional == ("TEXT",) and args:
        args = [" ".join(args)]
    most = len(spec.args) + len(spec.optional)
    if not len(spec.args) <= len(args) <= most:
        raise CommandError(f"Usage: {spec.usage}")
    if name == "export" and args[0].lower() not in EXPORT_KINDS:
        raise CommandError(f"Export one of {', '.join(EXPORT_KINDS)}, e.g. :export patients")
    if name in ("admit", "transfer"):
        args = [args[0], args[1].upper()]
    if name == "export":
        args = [args[0].lower(), *args[1:]]
    return Command(name, tuple(args))


def export_path(kind: str, given: str | None, folder: Path, stamp: str) -> Path:
    """A given file or folder wins; otherwise `<folder>/<kind>-<stamp>.csv`."""
    if given:
        path = Path(given).expanduser()
        if path.is_dir():
            return path / f"{kind}-{stamp}.csv"
        return path
    return folder / f"{kind}-{stamp}.csv"


async def execute(app: HraApp, command: Command) -> object:
    """Carry out one command; refusals become error notifications (via `app.attempt`)."""
    ward = app.ward
    name, args = command.name, command.args
    if name == "admit":
        mrn, bed = args
        return await app.attempt(
            ward.beds.admit(mrn, bed),
            lambda cell: f"{cell.patient_name or mrn} admitted to {cell.label}")
    if name == "transfer":
        mrn, bed = args
        return await app.attempt(
            ward.beds.transfer(mrn, bed),
            lambda cell: f"{cell.patient_name or mrn} transferred to {cell.label}")
    if name == "discharge":
        return await discharge(app, args[0])
    if name == "find":
        return await find(app, args[0])
    if name == "export":
        return await export(app, args[0], args[1] if len(args) > 1 else None)
    if name == "history":
        from hra_tui.screens.audit import AuditScreen

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


async def discharge(app: HraApp, mrn: str) -> object:
    """Discharge by MRN, naming the patient and the bed that now needs cleaning."""
    from hra_tui.services.errors import Refused

    try:
        who = (await app.ward.patients.get(mrn)).patient.name
    except Refused as exc:
        app.notify(str(exc), title="Refused", severity="error", timeout=8)
        return None
    return await app.attempt(
        app.ward.beds.discharge(mrn),
        lambda cell: f"{who} discharged from {cell.label}; bed {cell.label} is now cleaning")


async def find(app: HraApp, text: str) -> None:
    from hra_tui.screens.patients import PatientsScreen

    await app.action_area("patients")
    screen = app.screen
    if isinstance(screen, PatientsScreen):
        screen.set_filter(text)


async def export(app: HraApp, kind: str, given: str | None) -> object:
    from hra_tui.services.csv.export import export_csv

    stamp = app.now().astimezone().strftime("%Y%m%d-%H%M%S")
    path = export_path(kind, given, app.export_dir, stamp)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        app.notify(f"Cannot create folder {path.parent}: {exc.strerror}", title="Refused",
                   severity="error", timeout=8)
        return None
    return await app.attempt(
        export_csv(app.ward, kind, path),
        lambda result: f"Exported {result.rows:,} {kind} rows to {result.path}")
