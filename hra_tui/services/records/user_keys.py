"""SSH public keys that prove who a `hra serve` connection is.

A key is stored as its OpenSSH line and its SHA256 fingerprint (the same text `ssh-keygen -lf`
prints), so the server can find the user from the key a client proves it holds. A revoked key
stays on record (who had access, until when) but no longer lets anyone in.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from db import tables as t
from hra_tui.domain import Role
from hra_tui.services.context import Context
from hra_tui.services.errors import Invalid, NotFound, Refused
from hra_tui.services.plain_records import Actor
from hra_tui.services.records.users import insert_user
from hra_tui.services.roles import parse_role
from hra_tui.services.sign_in import parse_user_name
from hra_tui.services.times import utcnow

KEY_TYPES = frozenset({
    "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
})
_MAX_LINE = 16_384


@dataclass(frozen=True)
class PublicKey:
    """One parsed OpenSSH public key line: `type base64 [comment]`."""

    kind: str
    blob: bytes
    comment: str

    @property
    def fingerprint(self) -> str:
        digest = base64.b64encode(hashlib.sha256(self.blob).digest()).decode().rstrip("=")
        return f"SHA256:{digest}"

    @property
    def line(self) -> str:
        return f"{self.kind} {base64.b64encode(self.blob).decode()}"


@dataclass(frozen=True)
class KeyRow:
    user: str
    fingerprint: str
    kind: str
    added_at: datetime
    revoked_at: datetime | None


def parse_public_key(text: str) -> PublicKey:
    """The first key line of an OpenSSH public key file (`id_ed25519.pub`), checked: a private
    key, a certificate or a garbled line is refused in words."""
    if len(text) > _MAX_LINE:
        raise Invalid("That is not an OpenSSH public key file (too long)")
    lines = [line.strip() for line in text.splitlines()
             if line.strip() and not line.startswith("#")]
    if not lines:
        raise Invalid("The key file is empty; give the .pub file (ssh-keygen writes it)")
    if "PRIVATE KEY" in lines[0]:
        raise Invalid("That is a private key; give the .pub file beside it, never the key")
    parts = lines[0].split(None, 2)
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        raise Invalid("That is not an OpenSSH public key line ('ssh-ed25519 AAAA… comment')")
    try:
        blob = base64.b64decode(parts[1], validate=True)
        (length,) = struct.unpack(">I", blob[:4])
        named = blob[4:4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError):
        raise Invalid("The key's data is garbled; copy the .pub file again") from None
    if named != parts[0]:
        raise Invalid("The key's data does not match its type; copy the .pub file again")
    return PublicKey(parts[0], blob, parts[2] if len(parts) > 2 else "")


class UserKeyService:
    """Adding, listing and revoking keys (admins only), and finding who holds one."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def add(self, name: str, key_text: str, new_role: str | None = None) -> str:
        """Register a key for a user; returns its fingerprint. With `new_role`, the user is
        created with that role in the same transaction, so a refused key adds nobody."""
        name, key = parse_user_name(name), parse_public_key(key_text)
        role = parse_role(new_role) if new_role is not None else None
        async with self._ctx.write(Role.ADMIN, "add keys") as tx:
            if role is not None:
                await insert_user(tx, name, role)
            user = (await tx.conn.execute(
                select(t.users.c.id).where(t.users.c.name == name))).first()
            if user is None:
                raise NotFound(f"No user {name}; add them first with: hra user add {name}")
            held = (await tx.conn.execute(
                select(t.users.c.name, t.user_keys.c.revoked_at)
                .join(t.users, t.users.c.id == t.user_keys.c.user_id)
                .where(t.user_keys.c.fingerprint == key.fingerprint))).first()
            if held is not None:
                state = " (revoked)" if held.revoked_at else ""
                raise Refused(f"Key {key.fingerprint} is already registered to "
                              f"{held.name}{state}; one key proves one user")
            result = await tx.conn.execute(t.user_keys.insert().values(
                user_id=user.id, fingerprint=key.fingerprint, public_key=key.line,
                added_at=utcnow()))
            await tx.audit("add", "key", result.inserted_primary_key[0],
                           f"{key.fingerprint} for {name}")
        return key.fingerprint

    async def revoke(self, fingerprint: str) -> str:
        """Revoke a key by fingerprint; returns the user it belonged to."""
        fingerprint = fingerprint.strip()
        async with self._ctx.write(Role.ADMIN, "revoke keys") as tx:
            row = (await tx.conn.execute(
                select(t.user_keys.c.id, t.user_keys.c.revoked_at, t.users.c.name)
                .join(t.users, t.users.c.id == t.user_keys.c.user_id)
                .where(t.user_keys.c.fingerprint == fingerprint))).first()
            if row is None:
                raise NotFound(f"No key {fingerprint}; `hra user keys` lists them")
            if row.revoked_at is not None:
                raise Refused(f"Key {fingerprint} of {row.name} is already revoked")
            await tx.conn.execute(update(t.user_keys).where(t.user_keys.c.id == row.id)
                                  .values(revoked_at=utcnow()))
            await tx.audit("revoke", "key", row.id, f"{fingerprint} of {row.name}")
        return str(row.name)

    async def list(self) -> list[KeyRow]:
        async with self._ctx.read() as conn:
            rows = await conn.execute(
                select(t.users.c.name, t.user_keys)
                .join(t.users, t.users.c.id == t.user_keys.c.user_id)
                .order_by(t.users.c.name, t.user_keys.c.id))
            return [KeyRow(row.name, row.fingerprint, row.public_key.split()[0], row.added_at,
                           row.revoked_at) for row in rows]


async def holder_of(ctx: Context, fingerprint: str) -> Actor | None:
    """The active user whose unrevoked key has this fingerprint, or None (refuse the login)."""
    async with ctx.read() as conn:
        row = (await conn.execute(
            select(t.users.c.name, t.users.c.role)
            .join(t.user_keys, t.users.c.id == t.user_keys.c.user_id)
            .where(t.user_keys.c.fingerprint == fingerprint,
                   t.user_keys.c.revoked_at.is_(None), t.users.c.active.is_(True)))).first()
    return Actor(row.name, row.role) if row else None
