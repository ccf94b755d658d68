"""The facade the console and the CLI open: one ward database, one acting user, all services."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from db.location import Location, ServerWard
from db.os_account import os_account
from db.schema import ensure_schema
from hra_tui.services.context import Context
from hra_tui.services.errors import NotAllowed
from hra_tui.services.quick_records import Actor
from hra_tui.services.records.patient_rows import PatientList
from hra_tui.services.sign_in import find_actor, has_users, parse_user_name

if TYPE_CHECKING:
    from hra_tui.services.audit import AuditService
    from hra_tui.services.forecast import ForecastService
    from hra_tui.services.keymaps import KeymapService
    from hra_tui.services.planning.intake.planner import AdmissionsPlanner
    from hra_tui.services.planning.ward.planner import PlanningService
    from hra_tui.services.planning.ward.roster import RosterService
    from hra_tui.services.records.appointments import AppointmentService
    from hra_tui.services.records.beds import BedService
    from hra_tui.services.records.billing import BillingService
    from hra_tui.services.records.care_requests import CareRequestService
    from hra_tui.services.records.census import CensusService
    from hra_tui.services.records.events import AbsenceService, ClosureService
    from hra_tui.services.records.layout import LayoutService
    from hra_tui.services.records.move_queue import MoveQueueService
    from hra_tui.services.records.patients import PatientService
    from hra_tui.services.records.staff import StaffService
    from hra_tui.services.records.staff_pairs import StaffPairService
    from hra_tui.services.records.user_keys import UserKeyService
    from hra_tui.services.records.users import UserService
    from hra_tui.services.records.waiting import WaitingService

T = TypeVar("T")


def os_user() -> str:
    """The account of the process's real uid (`db.os_account`), never LOGNAME or USER."""
    try:
        return os_account()
    except KeyError:
        raise NotAllowed("Cannot tell which OS user you are; pass --user NAME") from None


def _owns(path: Location) -> bool:
    """This account owns the ward: the file's owner, or on PostgreSQL the role owning the
    database (db/server)."""
    if isinstance(path, ServerWard):
        from db.server import owns_ward

        return owns_ward(path)
    return not path.exists() or path.stat().st_uid == os.getuid()


def acting_name(path: Location, claimed: str | None) -> str:
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
    if name != me and not _owns(path):
        raise NotAllowed(f"Only the owner of {path} may act as another user; you are "
                         f"{me or 'an unnamed OS user'}. Clerks sign in over SSH (hra serve), "
                         "where their key says who they are")
    return name


class NoUsersYet(Exception):
    """A ward opened without an event loop has no users yet: open it with one, which makes
    its first admin."""


async def _in_thread(work: Callable[..., T], *args: object) -> T:
    """Blocking `work` off the event loop (asyncio is imported here: a sync open never is)."""
    import asyncio

    return await asyncio.to_thread(work, *args)


class Ward:
    """Open with `await Ward.open(path, user)`; close with `await ward.close()`.

    The patient list is ready at once; the other services (and SQLAlchemy under them) are
    imported when first used, or ahead of that by `warm_up` once the console is drawn."""

    def __init__(self, path: Location, ctx: Context) -> None:
        self.path = path
        self.context = ctx
        self.actor: Actor = ctx.actor
        self.patient_list = PatientList(ctx)

    @cached_property
    def patients(self) -> PatientService:
        from hra_tui.services.records.patients import PatientService
        return PatientService(self.context)

    @cached_property
    def beds(self) -> BedService:
        from hra_tui.services.records.beds import BedService
        return BedService(self.context)

    @cached_property
    def queue(self) -> MoveQueueService:
        from hra_tui.services.records.move_queue import MoveQueueService
        return MoveQueueService(self.context, self.beds)

    @cached_property
    def staff(self) -> StaffService:
        from hra_tui.services.records.staff import StaffService
        return StaffService(self.context)

    @cached_property
    def appointments(self) -> AppointmentService:
        from hra_tui.services.records.appointments import AppointmentService
        return AppointmentService(self.context)

    @cached_property
    def billing(self) -> BillingService:
        from hra_tui.services.records.billing import BillingService
        return BillingService(self.context)

    @cached_property
    def audit(self) -> AuditService:
        from hra_tui.services.audit import AuditService
        return AuditService(self.context)

    @cached_property
    def users(self) -> UserService:
        from hra_tui.services.records.users import UserService
        return UserService(self.context)

    @cached_property
    def keys(self) -> UserKeyService:
        from hra_tui.services.records.user_keys import UserKeyService
        return UserKeyService(self.context)

    @cached_property
    def roster(self) -> RosterService:
        from hra_tui.services.planning.ward.roster import RosterService
        return RosterService(self.context)

    @cached_property
    def admissions(self) -> AdmissionsPlanner:
        from hra_tui.services.planning.intake.planner import AdmissionsPlanner
        return AdmissionsPlanner(self.context)

    @cached_property
    def planning(self) -> PlanningService:
        from hra_tui.services.planning.ward.planner import PlanningService
        return PlanningService(self.context)

    @cached_property
    def layout(self) -> LayoutService:
        from hra_tui.services.records.layout import LayoutService
        return LayoutService(self.context)

    @cached_property
    def census(self) -> CensusService:
        from hra_tui.services.records.census import CensusService
        return CensusService(self.context)

    @cached_property
    def waiting(self) -> WaitingService:
        from hra_tui.services.records.waiting import WaitingService
        return WaitingService(self.context)

    @cached_property
    def care(self) -> CareRequestService:
        from hra_tui.services.records.care_requests import CareRequestService
        return CareRequestService(self.context)

    @cached_property
    def pairs(self) -> StaffPairService:
        from hra_tui.services.records.staff_pairs import StaffPairService
        return StaffPairService(self.context)

    @cached_property
    def absences(self) -> AbsenceService:
        from hra_tui.services.records.events import AbsenceService
        return AbsenceService(self.context)

    @cached_property
    def closures(self) -> ClosureService:
        from hra_tui.services.records.events import ClosureService
        return ClosureService(self.context)

    @cached_property
    def forecast(self) -> ForecastService:
        from hra_tui.services.forecast import ForecastService
        return ForecastService(self.context)

    @cached_property
    def keymap(self) -> KeymapService:
        """The acting user's own keys (a file beside the ward, not a table)."""
        from hra_tui.services.keymaps import KeymapService
        return KeymapService(self.context, self.path)

    def warm_up(self) -> None:
        """Import every service and make the engines now (in a thread, after the first frame),
        so the clerk's first action does not wait for them."""
        for name, member in vars(Ward).items():
            if isinstance(member, cached_property):
                getattr(self, name)
        self.context.reader, self.context.writer  # noqa: B018 (made on first use)

    @classmethod
    async def open(cls, path: Path | ServerWard, user: str | None = None, *,
                   create: bool = True, sync: bool = False) -> Ward:
        """Upgrade the schema if needed, make the first OS user of a new database its admin,
        and act as `user` (else HRA_USER, else the OS user; see `acting_name`); an unknown
        user is refused.
        With `create=False` a missing or empty file is refused (Unusable), never created.
        With `sync=True` (a file ward only) it is opened on a sync context (services/context)
        and never suspends; a ward without users yet raises `NoUsersYet` there, since making
        its first admin needs the loop."""
        path = path if isinstance(path, ServerWard) else Path(path)
        if sync and isinstance(path, ServerWard):
            raise ValueError("Only a file ward opens without an event loop")
        if sync:  # nothing else to run meanwhile: the schema check runs right here
            ensure_schema(path, create)
        else:
            await _in_thread(ensure_schema, path, create)
        claimed = user or os.environ.get("HRA_USER")
        if isinstance(path, ServerWard):  # asks the server who owns the ward
            name = await _in_thread(acting_name, path, claimed)
        else:
            name = acting_name(path, claimed)
        ctx = Context(path, Actor(name, "viewer"), sync=sync)
        try:
            driver = await ctx.plain()
            if not await has_users(driver):
                if sync:
                    raise NoUsersYet(path)
                from hra_tui.services.records.users import bootstrap_admin

                await bootstrap_admin(ctx, os_user)
            ctx.actor = await find_actor(driver, name)
        except BaseException:
            await ctx.close()
            raise
        return cls(path, ctx)

    async def close(self) -> None:
        await self.context.close()

    async def __aenter__(self) -> Ward:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()
