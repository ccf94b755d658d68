"""Driving `hra serve` with a real SSH client (asyncssh's): keys, connecting, reading a
console's screen."""

from __future__ import annotations

import asyncio
import re

import asyncssh

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def new_key(name: str) -> tuple[asyncssh.SSHKey, str]:
    """A fresh ed25519 key and its OpenSSH public line."""
    key = asyncssh.generate_private_key("ssh-ed25519", comment=f"{name}@laptop")
    return key, key.export_public_key().decode()


def connect(port: int, key: asyncssh.SSHKey, **options):
    return asyncssh.connect("127.0.0.1", port, username="anyone", client_keys=[key],
                            known_hosts=None, agent_path=None, **options)


def screen(raw: bytes) -> str:
    return ANSI.sub(b"", raw).decode("utf-8", "replace")


async def read_until(process, text: str, limit: float = 60.0) -> bytes:
    """What the console wrote until `text` shows (or it ended)."""
    seen = b""
    async with asyncio.timeout(limit):
        while text not in screen(seen):
            chunk = await process.stdout.read(65536)
            if not chunk:
                break
            seen += chunk
    return seen


async def read_to_end(process, limit: float) -> bytes:
    """Everything the session writes until its channel closes, within `limit` seconds."""
    seen = b""
    async with asyncio.timeout(limit):
        while chunk := await process.stdout.read(65536):
            seen += chunk
    return seen
