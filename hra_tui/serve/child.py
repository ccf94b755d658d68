"""One signed-in SSH session's own `hra` process: the console on a pseudo-terminal, or one
command on pipes. Each session is a separate process, so one session's fault never ends
another's, and the acting user is fixed by the server (`--user` from the proven key).
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import signal
import struct
import sys
import termios
from collections.abc import Callable
from pathlib import Path

# What the child inherits from the service's environment; nothing else leaks in. The data
# folder too: a PostgreSQL ward's keymaps live there, where the service's own hra keeps them.
_KEPT_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "PYTHONPATH", "VIRTUAL_ENV",
             "XDG_DATA_HOME")
_GRACE = 3.0


def command(db_path: Path, user: str, args: list[str]) -> list[str]:
    return [sys.executable, "-m", "hra_tui.cli", "--db", str(db_path), "--user", user, *args]


def environment(term: str | None) -> dict[str, str]:
    env = {name: os.environ[name] for name in _KEPT_ENV if name in os.environ}
    env["TERM"] = term or "dumb"
    return env


def set_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _default_signals() -> None:
    """In the child: the hang-up and stop signals do what they do by default, whatever the
    service ignores (`nohup hra serve` ignores SIGHUP, and an ignored signal stays ignored
    across exec): a session's hang-up must end its `hra`."""
    for sig in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)


def _take_terminal() -> None:
    """In the child, after setsid: make the pty its controlling terminal, so a resize sends
    it SIGWINCH and a hang-up reaches it."""
    _default_signals()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Child:
    """A running `hra` for one session. `output(data, stderr)` receives what it writes."""

    def __init__(self, output: Callable[[bytes, bool], None]) -> None:
        self._output = output
        self._process: asyncio.subprocess.Process | None = None
        self._master: int | None = None
        self._pumps: list[asyncio.Task[None]] = []

    async def start_on_terminal(self, argv: list[str], env: dict[str, str],
                                size: tuple[int, int]) -> None:
        master, slave = os.openpty()
        set_size(slave, *size)
        try:
            self._process = await asyncio.create_subprocess_exec(
                *argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                start_new_session=True, preexec_fn=_take_terminal)
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        os.set_blocking(master, False)
        self._master = master
        asyncio.get_running_loop().add_reader(master, self._read_terminal)

    async def start_on_pipes(self, argv: list[str], env: dict[str, str]) -> None:
        self._process = await asyncio.create_subprocess_exec(
            *argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=env, start_new_session=True,
            preexec_fn=_default_signals)
        assert self._process.stdout and self._process.stderr
        self._pumps = [asyncio.create_task(self._pump(self._process.stdout, False)),
                       asyncio.create_task(self._pump(self._process.stderr, True))]

    def _read_terminal(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: the child closed the terminal
            data = b""
        if data:
            self._output(data, False)
        else:
            self._close_terminal()

    def _drain_terminal(self) -> None:
        """Pass on whatever is still buffered in the terminal, then close it."""
        while self._master is not None:
            try:
                data = os.read(self._master, 65536)
            except OSError:
                data = b""
            if not data:
                break
            self._output(data, False)
        self._close_terminal()

    def _close_terminal(self) -> None:
        if self._master is not None:
            asyncio.get_running_loop().remove_reader(self._master)
            os.close(self._master)
            self._master = None

    async def _pump(self, stream: asyncio.StreamReader, stderr: bool) -> None:
        while data := await stream.read(65536):
            self._output(data, stderr)

    def write(self, data: bytes) -> None:
        """What the clerk typed goes to the child (dropped once it has ended)."""
        if self._master is not None:
            try:
                os.write(self._master, data)
            except OSError:
                pass
        elif self._process and self._process.stdin and not self._process.stdin.is_closing():
            self._process.stdin.write(data)

    def end_input(self) -> None:
        if self._process and self._process.stdin and not self._process.stdin.is_closing():
            self._process.stdin.close()

    def resize(self, columns: int, rows: int) -> None:
        if self._master is not None and columns > 0 and rows > 0:
            set_size(self._master, columns, rows)

    async def wait(self) -> int:
        """The child's exit status, once everything it wrote has been passed on."""
        assert self._process is not None
        status = await self._process.wait()
        for pump in self._pumps:
            await pump
        self._drain_terminal()
        return status if status >= 0 else 128 - status

    async def stop(self) -> None:
        """The connection is gone: hang up on the child, kill it if it lingers."""
        process = self._process
        if process is None or process.returncode is not None:
            self._close_terminal()
            return
        for sig in (signal.SIGHUP, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                await asyncio.wait_for(process.wait(), _GRACE)
                break
            except TimeoutError:
                continue
        self._close_terminal()
