"""One SSH session channel: the console on a terminal, or one allowed command, as the user
the connection's key proved (`hra_actor` on the connection, set by the server's auth).

However the session ends (its `hra` exits or faults, or the server signs it out: idle, too
long, key revoked, user deactivated, server stopping) a terminal gets RESTORE last, so the
clerk is never left in the alternate screen with mouse tracking on and no cursor."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import asyncssh

from hra_tui.serve import commands
from hra_tui.serve.child import Child, command, environment

NOT_OFFERED = 1
SIGNED_OUT = 1
# CAN (cancels an escape sequence cut short), then: normal screen, every mouse-tracking mode
# off, bracketed paste off, attributes reset, cursor shown.
RESTORE = (b"\x18\x1b[?1049l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"
           b"\x1b[?2004l\x1b[0m\x1b[?25h")


class WardSession(asyncssh.SSHServerSession[bytes]):
    def __init__(self, db_path: Path, touch: Callable[[], None],
                 closed: Callable[[WardSession], None] = lambda _session: None) -> None:
        self._db_path = db_path
        self._touch = touch
        self._closed = closed
        self._ending = False
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._term: str | None = None
        self._size = (80, 24)
        self._command: str | None = None
        self._child = Child(self._forward)
        self._task: asyncio.Task[None] | None = None

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:  # type: ignore[override]
        self._chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int],
                      term_modes: object) -> bool:
        self._term = term_type
        if term_size[0] > 0 and term_size[1] > 0:
            self._size = (term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self._command = command
        return True

    def session_started(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        assert self._chan is not None
        actor = self._chan.get_extra_info("hra_actor")
        try:
            args = commands.parse(self._command) if self._command is not None else []
        except commands.NotOffered as exc:
            self._chan.write_stderr(f"hra: {exc}\r\n".encode())
            self._chan.exit(NOT_OFFERED)
            return
        argv = command(self._db_path, actor.name, args)
        if self._term is not None:
            await self._child.start_on_terminal(argv, environment(self._term), self._size)
        else:
            await self._child.start_on_pipes(argv, environment(None))
        status = await self._child.wait()
        if self._ending:  # farewell says goodbye
            return
        if self._term is not None:
            self._chan.write(RESTORE)
        self._chan.exit(status)

    async def farewell(self, reason: str) -> None:
        """The server ends this session: stop its `hra` (whatever it had not saved is lost,
        what it saved stays), restore the terminal, say why, close the channel."""
        self._ending = True
        await self._child.stop()
        chan = self._chan
        if chan is None or chan.is_closing():
            return
        if self._term is not None:
            chan.write(RESTORE + f"\r\nhra: {reason}\r\n".encode())
        else:
            chan.write_stderr(f"hra: {reason}\n".encode())
        chan.exit(SIGNED_OUT)
        try:
            await asyncio.wait_for(chan.wait_closed(), 2.0)
        except TimeoutError:
            chan.abort()

    def _forward(self, data: bytes, stderr: bool) -> None:
        if self._ending or self._chan is None or self._chan.is_closing():
            return
        if stderr:
            self._chan.write_stderr(data)
        else:
            self._chan.write(data)

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self._touch()
        self._child.write(data)

    def eof_received(self) -> bool:
        self._child.end_input()
        return True

    def terminal_size_changed(self, width: int, height: int, pixwidth: int,
                              pixheight: int) -> None:
        self._touch()
        self._child.resize(width, height)

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed(self)
        if self._task is not None and not self._task.done():
            self._task.cancel()
        asyncio.get_running_loop().create_task(self._child.stop())
