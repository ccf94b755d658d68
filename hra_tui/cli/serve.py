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
) -> None:
    """Serve the console over SSH; keys added with `hra user add NAME --role R --key FILE`."""
    import asyncio

    from hra_tui.serve.server import Settings, start
    from hra_tui.services.records.user_keys import holder_of
    from hra_tui.services.ward import Ward

    opts = options(ctx)
    if opts.user:
        fail("hra serve acts as no one: each session acts as the user its SSH key proves; "
             "drop --user / HRA_USER")
    settings = Settings(db_path=opts.db_path.resolve(), host=host, port=port,
                        host_key=host_key or opts.db_path.resolve().with_suffix(".ssh-host-key"),
                        idle_timeout=idle_minutes * 60)

    async def go() -> None:
        ward = await Ward.open(settings.db_path, None, create=False)
        try:
            if settings.db_path.stat().st_uid != os.getuid():
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


def _host_fingerprint(path: Path) -> str:
    import asyncssh

    return asyncssh.read_private_key(str(path)).get_fingerprint("sha256")
