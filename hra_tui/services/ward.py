"""The facade the console and the CLI open: one ward database, one acting user, all services."""

from __future__ import annotations

import asyncio
import getpass
import os
from pathlib import Path

from db.engine import make_async_engine
from db.schema import ensure_schema
from hra_tui.services.admissions_plan import AdmissionsPlanner
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
from hra_tui.services.staff import StaffService
from hra_tui.services.user_keys import UserKeyService
from hra_tui.services.users import UserService, bootstrap_admin, find_actor, parse_user_name


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        raise NotAllowed("Cannot tell which OS user you are; pass --user NAME") from None


def acting_name(path: Path, claimed: str | None) -> str:
    """Who acts: the OS user, or the name claimed with --user / HRA_USER. Only the account that
    owns the database may claim another name (it is what `hra serve` runs as, naming the user
    each SSH key proves); anyone else claiming one is refused, so the audit's "who" holds."""
    if not claimed:
        return parse_user_name(os_user())
    name = parse_user_name(claimed)
    try:
        me = os_user()
    except NotAllowed:
        me = None
    if name != me and path.exists() and path.stat().st_uid != os.getuid():
        raise NotAllowed(f"Only the owner of {path} may act as another user; you are "
                         f"{me or 'an unnamed OS user'}. Clerks sign in over SSH (hra serve), "
                         "where their key says who they are")
    return name


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
        self.keys = UserKeyService(ctx)
        self.roster = RosterService(ctx)
        self.planning = PlanningService(ctx)
        self.admissions = AdmissionsPlanner(ctx)

    @classmethod
    async def open(cls, path: Path, user: str | None = None, *, create: bool = True) -> Ward:
        """Upgrade the schema if needed, make the first OS user of a new database its admin,
        and act as `user` (else HRA_USER, else the OS user; see `acting_name`); an unknown
        user is refused.
        With `create=False` a missing or empty file is refused (Unusable), never created."""
        path = Path(path)
        await asyncio.to_thread(ensure_schema, path, create)
        name = acting_name(path, user or os.environ.get("HRA_USER"))
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
