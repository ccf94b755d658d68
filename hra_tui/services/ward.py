"""The facade the console and the CLI open: one ward database, one acting user, all services."""

from __future__ import annotations

import asyncio
import getpass
import os
from pathlib import Path

from db.engine import make_async_engine
from hra_tui.services.appointments import AppointmentService
from hra_tui.services.audit import AuditService
from hra_tui.services.beds import BedService
from hra_tui.services.billing import BillingService
from hra_tui.services.context import Context
from hra_tui.services.errors import NotAllowed
from hra_tui.services.patients import PatientService
from hra_tui.services.planning import PlanningService
from hra_tui.services.records import Actor
from hra_tui.services.roster import RosterService
from hra_tui.services.schema import ensure_schema
from hra_tui.services.staff import StaffService
from hra_tui.services.users import UserService, bootstrap_admin, find_actor, parse_user_name


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        raise NotAllowed("Cannot tell which OS user you are; pass --user NAME") from None


class Ward:
    """Open with `await Ward.open(path, user)`; close with `await ward.close()`."""

    def __init__(self, path: Path, ctx: Context) -> None:
        self.path = path
        self.context = ctx
        self.actor: Actor = ctx.actor
        self.patients = PatientService(ctx)
        self.beds = BedService(ctx)
        self.staff = StaffService(ctx)
        self.appointments = AppointmentService(ctx)
        self.billing = BillingService(ctx)
        self.audit = AuditService(ctx)
        self.users = UserService(ctx)
        self.roster = RosterService(ctx)
        self.planning = PlanningService(ctx)

    @classmethod
    async def open(cls, path: Path, user: str | None = None, *, create: bool = True) -> Ward:
        """Upgrade the schema if needed, make the first OS user of a new database its admin,
        and act as `user` (else HRA_USER, else the OS user); an unknown user is refused.
        With `create=False` a missing or empty file is refused (Unusable), never created."""
        path = Path(path)
        await asyncio.to_thread(ensure_schema, path, create)
        name = parse_user_name(user or os.environ.get("HRA_USER") or os_user())
        reader = make_async_engine(path, writer=False)
        writer = make_async_engine(path, writer=True)
        ctx = Context(reader=reader, writer=writer, actor=Actor(name, "viewer"))
        try:
            await bootstrap_admin(ctx, os_user)
            async with ctx.read() as conn:
                ctx.actor = await find_actor(conn, name)
        except BaseException:
            await reader.dispose()
            await writer.dispose()
            raise
        return cls(path, ctx)

    async def close(self) -> None:
        await self.context.reader.dispose()
        await self.context.writer.dispose()

    async def __aenter__(self) -> Ward:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()
