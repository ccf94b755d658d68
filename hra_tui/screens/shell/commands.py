"""The `:` commands, one spec each: its name, the words it takes, its help line, how its words
are read and what it does. The `:` line parses with this table, the help screen and the
palette list it, and the app runs a parsed command by it: a new command is one row here.

Pure but for the runners (tested without a screen: `parse_command`). A command that writes
names the role it needs, as a key does with `@needs`: the `:` line, the palette and help
offer it only to that role, and say so as soon as its name is typed.
"""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from hra_tui.areas import AREAS
from hra_tui.domain import Role
from hra_tui.screens.host import Host
from hra_tui.screens.shell import command_runners as runners
from hra_tui.screens.shell.command_syntax import Command, CommandError
from hra_tui.services.csv.format import EXPORT_KINDS, IMPORT_KINDS
from hra_tui.services.errors import NotAllowed
from hra_tui.services.roles import require


def _as_typed(words: list[str]) -> list[str]:
    return words


def _bed_upper(words: list[str]) -> list[str]:
    """MRN BED: a bed's label is upper case."""
    return [words[0], words[1].upper()]


def _beds_upper(words: list[str]) -> list[str]:
    return [word.upper() for word in words]


def _export_kind(words: list[str]) -> list[str]:
    kind = words[0].lower()
    if kind not in (*EXPORT_KINDS, "all"):
        raise CommandError(f"Export one of {', '.join(EXPORT_KINDS)} or all, "
                           "e.g. :export patients")
    return [kind, *words[1:]]


def _import_kind(words: list[str]) -> list[str]:
    kind = words[0].lower()
    if kind not in (*IMPORT_KINDS, "all"):
        raise CommandError(f"Import one of {', '.join(IMPORT_KINDS)} or all, "
                           "e.g. :import patients")
    return [kind, *words[1:]]


@dataclass(frozen=True)
class Spec:
    """One `:` command. `run(host, *words)` carries it out with the words `read` returned."""

    name: str
    help: str
    run: Callable[..., Awaitable[object]]
    args: tuple[str, ...] = ()  # required words; a trailing "TEXT" takes the rest
    optional: tuple[str, ...] = ()
    read: Callable[[list[str]], list[str]] = _as_typed  # the words checked, or CommandError
    needs: tuple[Role, str] | None = None  # (role, "admit patients") for a command that writes

    @property
    def usage(self) -> str:
        parts = [f":{self.name}", *self.args, *(f"[{arg}]" for arg in self.optional)]
        return " ".join(parts)

    @property
    def takes_words(self) -> bool:
        return bool(self.args or self.optional)


SPECS: tuple[Spec, ...] = (
    Spec("admit", "admit a patient to a free bed", runners.admit, ("MRN", "BED"),
         read=_bed_upper, needs=(Role.CLERK, "admit patients")),
    Spec("transfer", "move an admitted patient; the old bed goes to cleaning",
         runners.transfer, ("MRN", "BED"), read=_bed_upper,
         needs=(Role.CLERK, "transfer patients")),
    Spec("discharge", "discharge a patient; the bed goes to cleaning", runners.discharge,
         ("MRN",), needs=(Role.CLERK, "discharge patients")),
    Spec("swap", "two admitted patients exchange beds", runners.swap, ("BED", "BED"),
         read=_beds_upper, needs=(Role.CLERK, "swap patients' beds")),
    Spec("find", "show patients matching TEXT (name, MRN, phone)", runners.find, ("TEXT",)),
    Spec("export", "write a CSV: " + ", ".join(EXPORT_KINDS) + " or all (a folder); "
         "default folder below", runners.export, ("KIND",), ("PATH",), read=_export_kind),
    Spec("import", "admins: load a CSV (all: a folder) back, rows matched by key; default "
         "the newest :export", runners.import_back, ("KIND",), ("PATH",), read=_import_kind,
         needs=(Role.ADMIN, "import records")),
    Spec("history", "the audit trail: who did what, when", runners.history, (), ("TEXT",)),
    Spec("queue", "the queue of pending admissions and transfers", runners.queue),
    Spec("census", "the daily census of every ward (DAY: yesterday, 09/03, 2026-03-09)",
         runners.census, (), ("DAY",)),
    Spec("help", "every key of the current screen", runners.show_help),
    Spec("quit", "leave the console (also :q)", runners.leave),
    *(Spec(area.mode, f"go to {area.title}", runners.go_to(area.mode)) for area in AREAS),
)
_BY_NAME = {spec.name: spec for spec in SPECS}
_ALIASES = {"q": "quit", "exit": "quit", "doctors": "staff", "bills": "billing",
            "invoices": "billing", "audit": "history", "search": "find"}


def spec_named(word: str) -> Spec | None:
    """The command a word names (an alias too), or None."""
    name = word.strip().removeprefix(":").lower()
    return _BY_NAME.get(_ALIASES.get(name, name))


def refusal(app: Host, spec: Spec) -> NotAllowed | None:
    """Why the signed-in role may not run `spec` (None: it may, or no one is signed in yet)."""
    if spec.needs is None or not app.ward_ready:
        return None
    try:
        require(app.ward.actor, *spec.needs)
    except NotAllowed as exc:
        return exc
    return None


def offered(app: Host) -> list[Spec]:
    """The commands the signed-in role may run."""
    return [spec for spec in SPECS if refusal(app, spec) is None]


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
    if not len(spec.args) <= len(args) <= len(spec.args) + len(spec.optional):
        raise CommandError(f"Usage: {spec.usage}")
    return Command(name, tuple(spec.read(args)))


async def run_command(app: Host, command: Command) -> object:
    """Carry out a parsed command; refusals become failure notices (via `app.attempt`)."""
    return await _BY_NAME[command.name].run(app, *command.args)
