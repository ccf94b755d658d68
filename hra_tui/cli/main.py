"""Top-level `hra` command: global options and the sub-commands of each area."""

from __future__ import annotations

import typer

app = typer.Typer(
    no_args_is_help=False,
    add_completion=False,
    help="hra: the ward operations console. With no command, opens the console.",
)


def _mount() -> None:
    from hra_tui.cli.paper import paper_app

    app.add_typer(paper_app, name="paper", help="The paper's model: generate and solve instances.")


_mount()


def main() -> None:
    app()
