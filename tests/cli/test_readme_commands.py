"""The README's "The command line" lists every `hra` command and every option it takes, and
nothing that does not exist (issue 27, fault 10: `hra user list`, `hra plan compare`, `plan
--from/--to`, `demo --seed` and more existed but were not there). Read from Typer's command
tree, so a command or option added without its line fails here."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main
from typer._click import Context
from typer.core import TyperGroup

from hra_tui.cli.main import app

README = Path(__file__).resolve().parents[2] / "README.md"
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def commands() -> dict[tuple[str, ...], object]:
    """Every command and group in `hra`, by its words after `hra`."""
    found: dict[tuple[str, ...], object] = {}

    def walk(command, path: tuple[str, ...]) -> None:
        found[path] = command
        if isinstance(command, TyperGroup):  # loads each lazy command (cli/lazy_group)
            context = Context(command)
            for name in command.list_commands(context):
                walk(command.get_command(context, name), (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def options(command) -> set[str]:
    return {name for param in command.params if param.param_type_name == "option"
            for name in (*param.opts, *param.secondary_opts)}


def readme_entries(text: str) -> list[str]:
    """The command block's entries: each `hra …` up to the next `| hra` or line's end, its
    indented continuation lines joined, comments left off."""
    block = text.split("## The command line", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    entries: list[str] = []
    for line in block.splitlines():
        code = line.split("  #", 1)[0]
        if line.startswith(" ") and entries:
            entries[-1] += " " + code.strip()
            continue
        entries += [part.strip() for part in re.split(r"\s\|\s(?=hra\b)", code)]
    return entries


def documented(text: str | None = None) -> dict[tuple[str, ...], set[str]]:
    """The options each command's README entries name, by the command's words."""
    tree = commands()
    named: dict[tuple[str, ...], set[str]] = {}
    for entry in readme_entries(README.read_text() if text is None else text):
        words = entry.split()
        assert words[0] == "hra", entry
        path: tuple[str, ...] = ()
        for word in words[1:]:
            if (*path, word) not in tree:
                break
            path = (*path, word)
        named.setdefault(path, set()).update(OPTION.findall(entry))
    return named


def test_every_command_is_in_the_readme():
    listed = documented()
    missing = [" ".join(("hra", *path)) for path, command in commands().items()
               if path not in listed and not isinstance(command, TyperGroup)]
    assert missing == []


def undocumented(command, listed: set[str]) -> list[str]:
    """The options of `command` its entries leave out: one of an option's names (`-o` or
    `--output`) will do, but each side of a flag pair (`--cap/--no-cap`) is named."""
    missing = []
    for param in command.params:
        if param.param_type_name != "option":
            continue
        if not listed & set(param.opts):
            missing.append(max(param.opts, key=len))
        missing += [name for name in param.secondary_opts if name not in listed]
    return missing


def test_every_option_is_in_the_readme_with_its_command():
    listed = documented()
    missing = {" ".join(("hra", *path)): undocumented(command, listed.get(path, set()))
               for path, command in commands().items()}
    assert {command: names for command, names in missing.items() if names} == {}


def test_the_readme_names_no_option_a_command_does_not_take():
    tree = commands()
    wrong = {" ".join(("hra", *path)): sorted(names - options(tree[path]))
             for path, names in documented().items()}
    assert {command: names for command, names in wrong.items() if names} == {}


def test_the_check_fails_for_a_command_the_readme_leaves_out():
    """The guard itself: the README without `hra plan compare` and `--seed` of `hra demo`."""
    text = README.read_text()
    cut = text.replace(" | hra plan compare ID ID", "").replace(" [--seed N]", "", 1)
    assert cut != text
    listed = documented(cut)
    assert ("plan", "compare") not in listed
    assert undocumented(commands()[("demo",)], listed[("demo",)]) == ["--seed"]
