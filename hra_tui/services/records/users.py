"""Who may use the ward database, and as what. The first OS user of a new database is its
admin; everybody else is added by an admin."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, insert, select, update

from db import tables as t
from hra_tui.domain import Role
from hra_tui.services.context import Context, Tx
from hra_tui.services.errors import NotFound, Refused
from hra_tui.services.plain_records import Actor, UserRow
from hra_tui.services.roles import parse_role
from hra_tui.services.sign_in import parse_user_name
from hra_tui.services.times import utcnow


async def insert_user(tx: Tx, name: str, role: str) -> None:
    """Add a user in an open transaction, refusing a name already taken."""
    existing = (await tx.conn.execute(select(t.users).where(t.users.c.name == name))).first()
    if existing is not None:
        raise Refused(f"User {name} already exists ({existing.role})")
    result = await tx.conn.execute(insert(t.users).values(
        name=name, role=role, active=True, created_at=utcnow()))
    await tx.audit("add", "user", result.inserted_primary_key[0], f"{name} as {role}")


async def bootstrap_admin(ctx: Context, os_user: Callable[[], str]) -> bool:
    """On a database without users, make the OS user who opened it the admin."""
    async with ctx.writer.begin() as conn:
        if (await conn.execute(select(func.count()).select_from(t.users))).scalar_one():
            return False
        admin = parse_user_name(os_user())
        await insert_user(Tx(conn, Actor(admin, Role.ADMIN.value)), admin, Role.ADMIN.value)
    return True


class UserService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def add(self, name: str, role: str) -> None:
        name, role = parse_user_name(name), parse_role(role)
        async with self._ctx.write(Role.ADMIN, "add users") as tx:
            await insert_user(tx, name, role)

    async def set_active(self, name: str, active: bool) -> None:
        """Deactivate a user (they can no longer open the ward, sign in over SSH or save
        anything, and `hra serve` ends their open sessions) or reactivate one. An admin cannot
        deactivate themselves, so a ward always keeps the admin acting now."""
        name = parse_user_name(name)
        doing = "reactivate users" if active else "deactivate users"
        async with self._ctx.write(Role.ADMIN, doing) as tx:
            row = (await tx.conn.execute(select(t.users).where(t.users.c.name == name))).first()
            if row is None:
                raise NotFound(f"No user {name}; `hra user list` lists them")
            if not active and name == tx.actor.name:
                raise Refused("You cannot deactivate yourself; another admin can")
            if row.active == active:
                raise Refused(f"User {name} is already {'active' if active else 'deactivated'}")
            await tx.conn.execute(update(t.users).where(t.users.c.id == row.id)
                                  .values(active=active))
            await tx.audit("reactivate" if active else "deactivate", "user", row.id, name)

    async def list(self) -> list[UserRow]:
        async with self._ctx.read() as conn:
            rows = await conn.execute(select(t.users).order_by(t.users.c.name))
            return [UserRow(name=row.name, role=row.role, active=row.active,
                            created_at=row.created_at) for row in rows]
