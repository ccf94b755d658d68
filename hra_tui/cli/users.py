"""`hra user …`: who may use the ward and as what, and the SSH keys that prove who they are
when they sign in through `hra serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hra_tui.cli.failing import command_group
from hra_tui.cli.session import print_table, with_ward

user_app = command_group(no_args_is_help=True,
                         help="Users, their roles (viewer, clerk, admin) and SSH keys.")
key_app = command_group(no_args_is_help=True, help="SSH public keys for `hra serve` (admins only).")
user_app.add_typer(key_app, name="key")

KeyFile = Annotated[Path, typer.Argument(help="The user's OpenSSH public key (.pub) file.",
                                         show_default=False)]


def _read_key(path: Path) -> str:
    """The key file's text, through the one reader (`handed_files`): a missing or unusable
    file is exit 3, one that is not a small UTF-8 text file exit 1, each one line (the
    command group's `failing` says it)."""
    from hra_tui.handed_files import KEY_LIMIT, read_text
    from hra_tui.services.errors import Invalid

    return read_text(path, KEY_LIMIT, "an OpenSSH public key file", Invalid)


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The login name.")],
    role: Annotated[str, typer.Option("--role", "-r", help="viewer, clerk or admin.")],
    key: Annotated[Path | None, typer.Option(
        "--key", help="Their OpenSSH public key (.pub), to sign in via `hra serve`.",
        show_default=False)] = None,
) -> None:
    """Add a user (admins only), with the SSH key that proves them if given."""
    key_text = _read_key(key) if key is not None else None

    async def go(ward):
        done = f"Added user {name.strip()} as {role.strip().lower()}"
        if key_text is None:
            await ward.users.add(name, role)
            return done
        return f"{done} with key {await ward.keys.add(name, key_text, new_role=role)}"

    typer.echo(with_ward(ctx, go))


@user_app.command("list")
def user_list(ctx: typer.Context) -> None:
    """Every user, with role and whether active."""

    users = with_ward(ctx, lambda ward: ward.users.list())
    print_table(["USER", "ROLE", "ACTIVE"],
                [[u.name, u.role, "yes" if u.active else "no"] for u in users])


@user_app.command("deactivate")
def user_deactivate(ctx: typer.Context, name: Annotated[str, typer.Argument(help="The user.")]
                    ) -> None:
    """Stop a user from acting (admins only): no sign-in, nothing saved; `hra serve` ends
    their open sessions within seconds. Kept on record; `reactivate` undoes it."""

    with_ward(ctx, lambda ward: ward.users.set_active(name, False))
    typer.echo(f"Deactivated user {name.strip()}")


@user_app.command("reactivate")
def user_reactivate(ctx: typer.Context, name: Annotated[str, typer.Argument(help="The user.")]
                    ) -> None:
    """Let a deactivated user act again (admins only)."""

    with_ward(ctx, lambda ward: ward.users.set_active(name, True))
    typer.echo(f"Reactivated user {name.strip()}")


@key_app.command("add")
def key_add(ctx: typer.Context, name: Annotated[str, typer.Argument(help="The user.")],
            key: KeyFile) -> None:
    """Let a user sign in with one more key."""
    key_text = _read_key(key)

    fingerprint = with_ward(ctx, lambda ward: ward.keys.add(name, key_text))
    typer.echo(f"Key {fingerprint} now signs in {name.strip()}")


@key_app.command("revoke")
def key_revoke(ctx: typer.Context, fingerprint: Annotated[str, typer.Argument(
        help="The key's SHA256:… fingerprint (see `hra user key list`).")]) -> None:
    """Stop a key from signing in (kept on record)."""

    holder = with_ward(ctx, lambda ward: ward.keys.revoke(fingerprint))
    typer.echo(f"Revoked key {fingerprint.strip()} of {holder}")


@key_app.command("list")
def key_list(ctx: typer.Context) -> None:
    """Every key, whose it is, and whether revoked."""

    keys = with_ward(ctx, lambda ward: ward.keys.list())
    print_table(["USER", "TYPE", "FINGERPRINT", "ADDED", "REVOKED"],
                [[k.user, k.kind, k.fingerprint, k.added_at.strftime("%Y-%m-%d %H:%M"),
                  k.revoked_at.strftime("%Y-%m-%d %H:%M") if k.revoked_at else ""]
                 for k in keys])
