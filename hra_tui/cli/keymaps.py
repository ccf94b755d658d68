"""`hra keymap …`: the acting user's own console keys, kept in their keymap file beside the
ward (`ward.keymaps/<user>.toml`). Every change is checked whole (keys Textual can name, ids
the console has, no clash on any screen) before it is written, and audited."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hra_tui.cli.failing import command_group, fail
from hra_tui.cli.session import print_table, with_ward

keymap_app = command_group(
    no_args_is_help=True,
    help="Your own console keys: a keymap file per user of the ward, beside its database.")

BindingId = Annotated[str, typer.Argument(help="A binding id (`hra keymap show` lists them).",
                                          show_default=False)]


def _checked(keymap: dict[str, str], name: str) -> None:
    """Exit 1 with one line naming the first fault (and how many more), if there is one."""
    from hra_tui.app import HraApp
    from hra_tui.app.keymap import faults

    found = faults(keymap, HraApp)
    if found:
        more = f" (and {len(found) - 1} more)" if found[1:] else ""
        fail(f"{name}: {found[0]}{more}; nothing changed")


def _save(ctx: typer.Context, change) -> None:
    """Apply `change(current) -> new keymap` to the user's keymap, checked, then audited."""

    async def go(ward):
        service = ward.keymap
        new = change(service.current())
        _checked(new, service.path.name)
        return f"Keys of {ward.actor.name}: {await service.save(new)} (in {service.path})"

    typer.echo(with_ward(ctx, go))


@keymap_app.command("show")
def keymap_show(ctx: typer.Context) -> None:
    """Every binding id of the console, its default key and yours."""
    from hra_tui.app import HraApp
    from hra_tui.app.keymap import catalogue, normalized

    async def go(ward):
        return ward.keymap.current()

    mine = normalized(with_ward(ctx, go))
    print_table(["ID", "DEFAULT", "YOURS", "WHAT"],
                [[e.binding_id, e.default, mine.get(e.binding_id, ""), e.description]
                 for e in catalogue(HraApp)])


@keymap_app.command("set")
def keymap_set(
    ctx: typer.Context,
    binding_id: BindingId,
    key: Annotated[str, typer.Argument(
        help='The key, as Textual names it (j, ctrl+s, f10, question_mark); "j,down" for two.',
        show_default=False)],
) -> None:
    """Answer to KEY instead of the default (checked against every screen; audited)."""
    _save(ctx, lambda mine: {**mine, binding_id.strip(): key.strip()})


@keymap_app.command("reset")
def keymap_reset(
    ctx: typer.Context,
    binding_id: Annotated[str | None, typer.Argument(
        help="The binding id to give back its default key; none: every key.",
        show_default=False)] = None,
) -> None:
    """Give one key, or all, back its default (audited)."""

    def change(mine: dict[str, str]) -> dict[str, str]:
        if binding_id is None:
            return {}
        name = binding_id.strip()
        if name not in mine:
            from hra_tui.app import HraApp
            from hra_tui.app.keymap import unknown_ids

            unknown = unknown_ids([name], HraApp)
            fail(f"{unknown[0] if unknown else f'{name} already has its default key'}; "
                 "nothing changed")
        return {k: v for k, v in mine.items() if k != name}

    _save(ctx, change)


KeymapFile = Annotated[Path, typer.Argument(help="A keymap file: TOML, binding_id = \"key\".",
                                            show_default=False)]


def _read(path: Path) -> dict[str, str]:
    from hra_tui.services.keymaps import read_keymap

    return read_keymap(path)


@keymap_app.command("check")
def keymap_check(file: KeymapFile) -> None:
    """Check a keymap file without applying it: exit 0 if the console would take it whole."""
    keymap = _read(file)
    _checked(keymap, file.name)
    typer.echo(f"{file}: {len(keymap)} keys, all fit")


@keymap_app.command("load")
def keymap_load(ctx: typer.Context, file: KeymapFile) -> None:
    """Make a keymap file yours, whole (checked first; audited)."""
    keymap = _read(file)
    _save(ctx, lambda _mine: keymap)
