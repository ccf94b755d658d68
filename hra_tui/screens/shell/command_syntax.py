"""What the `:` line accepts: each command's words, its aliases, and parsing what was typed.

Pure (tested without a screen): the line screen parses and completes with it, the help screen
lists it, and the app's runner (`hra_tui.app.commands`) carries a parsed `Command` out.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from hra_tui.areas import AREAS
from hra_tui.services.csv.format import EXPORT_KINDS


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
