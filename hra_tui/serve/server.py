"""The SSH server: public-key sign-in against the ward's `user_keys`, one `WardSession` per
channel, and the limits that keep one clerk (or one address) from exhausting the machine. Runs
as the account that owns the database, so clerks need no shell account and never see the file.

Every connection is watched: it is signed out when idle, when its session has lasted the
longest allowed, and within `Limits.check_every` seconds of its key being revoked or its user
deactivated. However a session ends, the clerk's terminal is left clean (`session.RESTORE`).
Every refusal is logged (logger `hra.serve`) with the user the key proved, or the address.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from hra_tui.serve.session import WardSession
from hra_tui.services.plain_records import Actor

Holder = Callable[[str], Awaitable[Actor | None]]  # a key fingerprint → its active user
log = logging.getLogger("hra.serve")


@dataclass(frozen=True)
class Limits:
    """What one connection, user or address may hold (`hra serve` options, README)."""

    channels_per_connection: int = 4  # one console, or a few commands at once
    sessions_per_user: int = 8  # open channels across all of one user's connections
    connections_per_minute: int = 30  # new connections from one address
    login_timeout: float = 30.0  # seconds to prove a key before the connection is dropped
    max_session: float = 12 * 3600.0  # seconds a connection may last, however busy
    check_every: float = 2.0  # seconds between checks that the key and user still hold


@dataclass(frozen=True)
class Settings:
    db_path: Path
    host: str
    port: int
    host_key: Path
    idle_timeout: float  # seconds without a keystroke before a connection is closed
    limits: Limits = field(default_factory=Limits)


class _Counts:
    """What the server holds across connections: open channels per user, recent
    connections per address, and the live connections (to end them all on stop)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.sessions: dict[str, int] = defaultdict(int)
        self.arrivals: dict[str, deque[float]] = defaultdict(deque)
        self.live: set[WardServer] = set()

    def arrive(self, address: str) -> bool:
        """Count a new connection from `address`; False past the per-minute limit."""
        now = time.monotonic()
        if len(self.arrivals) > 4096:  # many addresses: forget those quiet for a minute
            for quiet in [a for a, times in self.arrivals.items() if now - times[-1] > 60]:
                del self.arrivals[quiet]
        recent = self.arrivals[address]
        while recent and now - recent[0] > 60:
            recent.popleft()
        if len(recent) >= self.limits.connections_per_minute:
            return False
        recent.append(now)
        return True


def _to_its_end(holder: Holder) -> Holder:
    """The key lookup, run to its end even when the connection that asked drops meanwhile
    (its watch is cancelled, or asyncssh gives up the sign-in): a query cancelled in flight
    makes SQLAlchemy throw its aiosqlite connection away, and that close could be left
    waiting forever, holding up the loop's shutdown (seen in CI: `hra serve`'s tests hung in
    teardown). The caller still stops waiting at once; the lookup's connection goes back to
    the pool."""

    async def lookup(fingerprint: str) -> Actor | None:
        return await asyncio.shield(holder(fingerprint))

    return lookup


class WardServer(asyncssh.SSHServer):
    """One per connection: proves the key, remembers who it is, holds it to the limits."""

    def __init__(self, settings: Settings, holder: Holder, counts: _Counts) -> None:
        self._settings = settings
        self._holder = _to_its_end(holder)
        self._counts = counts
        self._conn: asyncssh.SSHServerConnection | None = None
        self._actor: Actor | None = None
        self._fingerprint = ""
        self._address = "?"
        self._started = self._last_input = time.monotonic()
        self._sessions: set[WardSession] = set()
        self._watch: asyncio.Task[None] | None = None
        self._ending: asyncio.Task[None] | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._address = str((conn.get_extra_info("peername") or ("?",))[0])
        if not self._counts.arrive(self._address):
            limit = self._counts.limits.connections_per_minute
            log.warning("refused a connection from %s: over %d a minute", self._address, limit)
            conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS,
                            f"more than {limit} connections a minute from your address; "
                            "try again in a minute")
            return
        self._counts.live.add(self)
        self._watch = asyncio.get_running_loop().create_task(self._watch_over())

    def connection_lost(self, exc: Exception | None) -> None:
        self._counts.live.discard(self)
        if self._watch is not None:
            self._watch.cancel()

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    async def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        fingerprint = key.get_fingerprint("sha256")
        actor = await self._holder(fingerprint)
        if actor is None or self._conn is None:
            log.warning("refused key %s from %s: unknown, revoked or its user deactivated",
                        fingerprint, self._address)
            return False
        self._actor, self._fingerprint = actor, fingerprint
        self._conn.set_extra_info(hra_actor=actor)
        return True

    def session_requested(self) -> WardSession:
        assert self._actor is not None
        limits, user = self._counts.limits, self._actor.name
        if len(self._sessions) >= limits.channels_per_connection:
            self._refuse(f"{len(self._sessions)} sessions open on this connection (at most "
                         f"{limits.channels_per_connection})")
        if self._counts.sessions[user] >= limits.sessions_per_user:
            self._refuse(f"{self._counts.sessions[user]} sessions open for {user} (at most "
                         f"{limits.sessions_per_user})")
        session = WardSession(self._settings.db_path, self.touch, self._session_closed)
        self._sessions.add(session)
        self._counts.sessions[user] += 1
        return session

    def _refuse(self, why: str) -> None:
        assert self._actor is not None
        log.warning("refused a session for %s (key %s, from %s): %s", self._actor.name,
                    self._fingerprint, self._address, why)
        raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
                                        f"refused: {why}")

    def _session_closed(self, session: WardSession) -> None:
        if session in self._sessions and self._actor is not None:
            self._sessions.discard(session)
            self._counts.sessions[self._actor.name] -= 1

    def touch(self) -> None:
        self._last_input = time.monotonic()

    async def _watch_over(self) -> None:
        """Sign the connection out when idle, too long, or no longer allowed in."""
        limits = self._counts.limits
        limit = self._settings.idle_timeout
        while True:
            now = time.monotonic()
            if now - self._last_input >= limit:
                reason = f"signed out after {limit:g} s without a keystroke"
                break
            if now - self._started >= limits.max_session:
                reason = f"signed out: a session lasts at most {limits.max_session:g} s"
                break
            if self._actor is not None and await self._holder(self._fingerprint) is None:
                reason = "signed out: your key was revoked or your user deactivated"
                log.warning("ended the sessions of %s (key %s): key revoked or user "
                            "deactivated", self._actor.name, self._fingerprint)
                break
            await asyncio.sleep(min(limit - (now - self._last_input) + 0.05,
                                    limits.check_every))
        self._watch = None
        await self.end(reason)

    async def end(self, reason: str) -> None:
        """End every session with its terminal restored and `reason` said, then the
        connection."""
        if self._ending is None:
            self._ending = asyncio.current_task()
            await asyncio.gather(*(session.farewell(reason) for session in list(self._sessions)),
                                 return_exceptions=True)
            if self._conn is not None:
                self._conn.disconnect(asyncssh.DISC_BY_APPLICATION, reason)


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


class Served:
    """A listening server: `get_port()`; `close()` stops listening and signs every connection
    out cleanly; `await wait_closed()` waits for both."""

    def __init__(self, acceptor: asyncssh.SSHAcceptor, counts: _Counts) -> None:
        self._acceptor = acceptor
        self._counts = counts
        self._ending: asyncio.Future[list[object]] | None = None

    def get_port(self) -> int:
        return self._acceptor.get_port()

    def close(self) -> None:
        self._acceptor.close()
        self._ending = asyncio.gather(*(server.end("the ward server is stopping")
                                        for server in list(self._counts.live)),
                                      return_exceptions=True)

    async def wait_closed(self) -> None:
        await self._acceptor.wait_closed()
        if self._ending is not None:
            await self._ending


async def start(settings: Settings, holder: Holder) -> Served:
    """Listen; the returned server's `close()` stops it."""
    counts = _Counts(settings.limits)
    acceptor = await asyncssh.create_server(
        lambda: WardServer(settings, holder, counts), settings.host, settings.port,
        server_host_keys=[host_key(settings.host_key)], encoding=None,
        allow_scp=False, agent_forwarding=False, x11_forwarding=False,
        login_timeout=settings.limits.login_timeout)
    return Served(acceptor, counts)
