"""`hra serve`: open the ward to clerks over SSH, each signed in by their own key."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Annotated

import typer

from hra_tui.cli.failing import fail
from hra_tui.cli.session import options, run

PORT = 2222


def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535,
                                      help="TCP port (0 picks a free one).")] = PORT,
    host_key: Annotated[Path | None, typer.Option(
        "--host-key", help="The server's private key (made on first start; default: beside "
        "the database).", show_default=False)] = None,
    idle_minutes: Annotated[float, typer.Option(
        "--idle-minutes", min=0.05, max=24 * 60,
        help="Close a connection after this long without a keystroke.")] = 15.0,
    max_channels: Annotated[int, typer.Option(
        "--max-channels", min=1, max=64,
        help="Sessions (a console or a command) open at once on one connection.")] = 4,
    max_user_sessions: Annotated[int, typer.Option(
        "--max-user-sessions", min=1, max=1000,
        help="Sessions open at once for one user, over all their connections.")] = 8,
    max_connections_per_minute: Annotated[int, typer.Option(
        "--max-connections-per-minute", min=1, max=10_000,
        help="New connections accepted from one address in a minute.")] = 30,
    login_seconds: Annotated[float, typer.Option(
        "--login-seconds", min=1, max=600,
        help="Time to prove a key before the connection is dropped.")] = 30.0,
    max_session_hours: Annotated[float, typer.Option(
        "--max-session-hours", min=0.01, max=24 * 7,
        help="A connection is signed out after this long, however busy.")] = 12.0,
) -> None:
    """Serve the console over SSH; keys added with `hra user add NAME --role R --key FILE`."""
    import asyncio
    import logging

    from db.location import is_server
    from db.paths import default_db_path
    from hra_tui.serve.server import Limits, Settings, start
    from hra_tui.services.records.user_keys import holder_of
    from hra_tui.services.ward import Ward

    opts = options(ctx)
    if opts.user:
        fail("hra serve acts as no one: each session acts as the user its SSH key proves; "
             "drop --user / HRA_USER")
    if is_server(opts.db_path):  # several machines may serve one PostgreSQL ward, each its key
        ward_at, default_key = opts.db_path, default_db_path().with_name("ssh-host-key")
    else:
        ward_at = opts.db_path.resolve()
        default_key = ward_at.with_suffix(".ssh-host-key")
    settings = Settings(db_path=ward_at, host=host, port=port,
                        host_key=host_key or default_key,
                        idle_timeout=idle_minutes * 60,
                        limits=Limits(channels_per_connection=max_channels,
                                      sessions_per_user=max_user_sessions,
                                      connections_per_minute=max_connections_per_minute,
                                      login_timeout=login_seconds,
                                      max_session=max_session_hours * 3600))
    handler = logging.StreamHandler()  # refusals and sign-outs, one line each, on stderr
    handler.setFormatter(logging.Formatter("%(asctime)s hra serve: %(message)s"))
    logging.getLogger("hra.serve").addHandler(handler)
    logging.getLogger("hra.serve").setLevel(logging.INFO)
    async def go() -> None:
        ward = await Ward.open(settings.db_path, None, create=False)
        try:
            if not await asyncio.to_thread(_owns, settings.db_path):
                fail(f"{settings.db_path} belongs to another account; run hra serve as the "
                     "account that owns the ward database")
            acceptor = await start(settings, lambda fp: holder_of(ward.context, fp))
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            fingerprint = _host_fingerprint(settings.host_key)
            typer.echo(f"Serving {settings.db_path} on {host}:{acceptor.get_port()} "
                       f"(host key {fingerprint}); clerks connect with: "
                       f"ssh -p {acceptor.get_port()} <this host>. Ctrl+C stops.", err=True)
            await stop.wait()
            acceptor.close()
            await acceptor.wait_closed()
        finally:
            await ward.close()

    run(go(), settings.db_path)


def _owns(ward) -> bool:
    """The file's owner, or on PostgreSQL the role owning the database (db/server)."""
    from db.location import ServerWard

    if isinstance(ward, ServerWard):
        from db.server import owns_ward

        return owns_ward(ward)
    return ward.stat().st_uid == os.getuid()


def _host_fingerprint(path: Path) -> str:
    import asyncssh

    return asyncssh.read_private_key(str(path)).get_fingerprint("sha256")
