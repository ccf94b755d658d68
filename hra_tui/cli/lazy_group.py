"""The `hra` group that imports a command's module only when that command is typed.

Importing every command module and building every command's Click parameters cost a data
command a third of its run. Here each top-level command or group is a `Lazy` entry (its line in
`hra --help`, where it lives, what adds to it), loaded by name when typed; `hra --help` lists
the entries' lines without loading any (tests/cli/test_lazy_commands.py holds each line equal
to what the loaded command says).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import typer
import typer.main
from typer._click import Command, Context, HelpFormatter
from typer.core import TyperCommand

from hra_tui.cli.failing import OneLineGroup, command_group


@dataclass(frozen=True)
class Lazy:
    """One top-level command or group: `help` is its line in `hra --help`; `target` is
    "module:attr" of the command's function or the group's Typer app; `adds` are
    "module:function"s that add commands to that group (each called once with it)."""

    help: str
    target: str
    adds: tuple[str, ...] = ()


def _attribute(spec: str) -> Any:
    module, _, name = spec.partition(":")
    # the import statement's own path, so `python -X importtime` shows what a command loads
    # (importlib.import_module would hide it)
    return getattr(__import__(module, fromlist=[name]), name)


@cache
def _assembled(entry: Lazy) -> Any:
    """The command's function, or its group with every addition made (once per process)."""
    target = _attribute(entry.target)
    for add in entry.adds:
        _attribute(add)(target)
    return target


def load(name: str, entry: Lazy) -> Command:
    """The Click command `name` as the root app would have built it, mounted eagerly."""
    target = _assembled(entry)
    holder = command_group()
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    return typer.main.get_group(holder).commands[name]


class LazyGroup(OneLineGroup):
    """The root group: its commands come from `table`, each loaded when first asked for; while
    the group's own help is written, a command not yet loaded is listed by its entry's line."""

    table: dict[str, Lazy] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._listing = False

    def list_commands(self, ctx: Context) -> list[str]:
        return [*self.commands, *(name for name in self.table if name not in self.commands)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name in self.commands or cmd_name not in self.table:
            return self.commands.get(cmd_name)
        entry = self.table[cmd_name]
        if self._listing:
            return TyperCommand(cmd_name, help=entry.help)
        self.commands[cmd_name] = load(cmd_name, entry)
        return self.commands[cmd_name]

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


def lazy_group(table: dict[str, Lazy], **settings: Any) -> typer.Typer:
    """A `command_group` whose commands are `table`'s, loaded when typed."""
    group = type("HraGroup", (LazyGroup,), {"table": table})
    return typer.Typer(cls=group, add_completion=False, **settings)
