"""The SSH server: public-key sign-in against the ward's `user_keys`, one `WardSession` per
channel, and idle connections closed. Runs as the account that owns the database, so clerks
need no shell account and never see the file.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from hra_tui.serve.session import WardSession
from hra_tui.services.plain_records import Actor

Holder = Callable[[str], Awaitable[Actor | None]]  # a key fingerprint → its active user


@dataclass(frozen=True)
class Settings:
    db_path: Path
    host: str
    port: int
    host_key: Path
    idle_timeout: float  # seconds without a keystroke before a connection is closed


class WardServer(asyncssh.SSHServer):
    """One per connection: proves the key, remembers who it is, watches for idleness."""

    def __init__(self, settings: Settings, holder: Holder) -> None:
        self._settings = settings
        self._holder = holder
        self._conn: asyncssh.SSHServerConnection | None = None
        self._last_input = time.monotonic()
        self._watch: asyncio.Task[None] | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._watch = asyncio.get_running_loop().create_task(self._close_when_idle())

    def connection_lost(self, exc: Exception | None) -> None:
        if self._watch is not None:
            self._watch.cancel()

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    async def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        actor = await self._holder(key.get_fingerprint("sha256"))
        if actor is None or self._conn is None:
            return False
        self._conn.set_extra_info(hra_actor=actor)
        return True

    def session_requested(self) -> WardSession:
        return WardSession(self._settings.db_path, self.touch)

    def touch(self) -> None:
        self._last_input = time.monotonic()

    async def _close_when_idle(self) -> None:
        limit = self._settings.idle_timeout
        while True:
            idle = time.monotonic() - self._last_input
            if idle >= limit:
                break
            await asyncio.sleep(min(limit - idle + 0.05, 30.0))
        assert self._conn is not None
        self._conn.disconnect(asyncssh.DISC_BY_APPLICATION,
                              f"signed out after {limit:g} s without a keystroke")


def host_key(path: Path) -> asyncssh.SSHKey:
    """The server's own key, made on first start (owner-only) and kept, so clients can trust
    it once and be warned if it ever changes."""
    if path.exists():
        return asyncssh.read_private_key(str(path))
    key = asyncssh.generate_private_key("ssh-ed25519")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key.write_private_key(str(path))
    path.chmod(0o600)
    return key


async def start(settings: Settings, holder: Holder) -> asyncssh.SSHAcceptor:
    """Listen; the returned acceptor's `close()` stops new connections."""
    return await asyncssh.create_server(
        lambda: WardServer(settings, holder), settings.host, settings.port,
        server_host_keys=[host_key(settings.host_key)], encoding=None,
        allow_scp=False, agent_forwarding=False, x11_forwarding=False, login_timeout=60)
