"""The planner as the ward's service: read a horizon, solve it, keep the plan, compare plans,
show what a plan would add to today's records, and apply it in one audited transaction.

Solving is CPU work: `prepare` (async) reads the records, `solve_ward` runs in whatever thread
the caller picks (a Textual thread worker, or `asyncio.to_thread` here), and `store` (async)
keeps the result with the fingerprint of the records it was built from.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import asdict, replace

from sqlalchemy import func, insert, select, update

from db import tables as t
from db.json_path import json_at
from hra_tui.domain import CareStatus, PlanStatus, Role, SettingKey
from hra_tui.fields import PLAN_SETTINGS, clinic_refusal, setting_refusal
from hra_tui.forecast.hold import HOLD_LEVELS
from hra_tui.formatting import grouped
from hra_tui.services.context import Context
from hra_tui.services.errors import Invalid, NotFound, Refused
from hra_tui.services.planning.ward.apply import compute_diff, describe, write_plan
from hra_tui.services.planning.ward.front import front_points, records_plan
from hra_tui.services.planning.ward.overbooked import overbooked
from hra_tui.services.planning.ward.records import (
    ApplyResult,
    ChangeCount,
    ComparisonRow,
    PlanComparison,
    PlanDetail,
    PlanDiff,
    PlanFront,
    PlanRequest,
    PlanSummary,
    PreparedPlan,
    ReplanRequest,
)
from hra_tui.services.planning.ward.replan import (
    plans_in_force,
    read_replan_snapshot,
    replan_diff,
    replan_instance,
    replan_view,
)
from hra_tui.services.planning.ward.snapshot import (
    build_instance,
    default_setting,
    held_while_unavailable,
    horizon_slots,
    plan_settings,
    read_snapshot,
)
from hra_tui.services.records.clinic import CLINIC_HOURS
from hra_tui.services.roles import require
from hra_tui.services.times import short_local, utcnow
from hra_tui.services.validation import check_time_limit
from hra_tui.solver.plan import Plan
from hra_tui.solver.signals import ProgressCallback, StopSignal
from hra_tui.solver.sweep import MAX_STEPS, MIN_STEPS, Sweep
from hra_tui.solver.ward.build import PlanSettings
from hra_tui.solver.ward.changes import changes
from hra_tui.solver.ward.forced import forced_breaches
from hra_tui.solver.ward.instance import (
    Breakdown,
    Toggles,
    WardInstance,
    Weights,
    evaluate,
    plan_from_json,
    plan_to_json,
)

MAX_WEIGHT = 100
MIN_POINTS, MAX_POINTS = 2, 25  # a front's points: its two ends at least
_SUMMARY_COLUMNS = (t.plans.c.id, t.plans.c.created_at, t.plans.c.created_by, t.plans.c.params,
                    t.plans.c.status, t.plans.c.objective, t.plans.c.bound, t.plans.c.gap,
                    t.plans.c.wall_time, t.plans.c.applied_at, t.plans.c.applied_by,
                    json_at(t.plans.c.result, "breakdown").label("breakdown"),
                    json_at(t.plans.c.result, "plan", "explanation").label("why"),
                    json_at(t.plans.c.result, "changes").label("changes"),
                    json_at(t.plans.c.result, "forced").label("forced"))


def check_request(request: PlanRequest) -> None:
    """One clear line for each bad choice, before anything is read."""
    for name in ("cost", "waiting", "quality"):
        value = getattr(request.weights, name)
        if not isinstance(value, int) or not 0 <= value <= MAX_WEIGHT:
            raise Invalid(f"The {name} weight must be a whole number from 0 to {MAX_WEIGHT}")
    if not any(asdict(request.weights).values()):
        raise Invalid("At least one weight must be above 0, or every plan is as good")
    check_time_limit(request.time_limit)


def _json(raw):
    """A JSON value as json_at returns it: text for objects and arrays."""
    return json.loads(raw) if isinstance(raw, str) else raw


def _summary(row) -> PlanSummary:
    params = row.params
    breakdown = Breakdown(**_json(row.breakdown)) if row.breakdown else None
    changes = ChangeCount(**_json(row.changes)) if row.changes else None
    return PlanSummary(
        id=row.id, created_at=row.created_at, created_by=row.created_by, status=row.status,
        objective=row.objective, bound=row.bound, gap=row.gap, wall_time=row.wall_time,
        slots=len(params["slot_ids"]), first_slot=params["first_slot"],
        last_slot=params["last_slot"], weights=Weights(**params["weights"]),
        toggles=Toggles(**params["toggles"]), breakdown=breakdown, explanation=row.why or "",
        applied_at=row.applied_at, applied_by=row.applied_by, changes=changes,
        forced=tuple(_json(row.forced) or ()))


class PlanningService:
    """The ward's planner; opened once per ward as `ward.planning`."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def prepare(self, request: PlanRequest) -> PreparedPlan:
        require(self._ctx.actor, Role.CLERK, "make plans")
        check_request(request)
        async with self._ctx.read() as conn:
            async with conn.begin():
                slot_ids = await horizon_slots(conn, request.horizon, request.start,
                                               request.end)
                snap = await read_snapshot(conn, slot_ids)
                waiting = await _waiting(conn)
        instance = build_instance(snap, request.weights, request.toggles)
        params = _params(slot_ids, snap, instance, request.time_limit)
        return PreparedPlan(instance, snap.fingerprint(), params, waiting,
                            held_while_unavailable(snap), tuple(overbooked(snap, request.toggles)))

    async def prepare_replan(self, request: ReplanRequest) -> PreparedPlan:
        """The plan in force's horizon read again, with that plan as the starting point
        (`replan`): the latest applied plan's weights and toggles, its slots that started
        before now frozen."""
        require(self._ctx.actor, Role.CLERK, "make plans")
        check_time_limit(request.time_limit)
        now = utcnow()
        async with self._ctx.read() as conn:
            async with conn.begin():
                slot_ids, running = await plans_in_force(conn, now)
                snap = await read_replan_snapshot(conn, slot_ids)
                waiting = await _waiting(conn)
        latest = running[0].params
        toggles = Toggles(**latest["toggles"])
        instance = replan_instance(snap, now, Weights(**latest["weights"]), toggles)
        view = replan_view(snap, instance.frozen)
        params = _params(slot_ids, view, instance, request.time_limit)
        params["replan"] = {"in_force": [row.id for row in running], "now": now.isoformat(),
                            "frozen": instance.frozen}
        return PreparedPlan(instance, snap.fingerprint(), params, waiting,
                            held_while_unavailable(view), tuple(overbooked(view, toggles)))

    async def store(self, prepared: PreparedPlan, plan: Plan) -> PlanSummary:
        """Keep the plan with its fingerprint, the rules the records force it to break and,
        for a re-plan, what it changes."""
        if prepared.notes and prepared.notes not in plan.explanation:
            plan.explanation = f"{plan.explanation} {prepared.notes}".strip()
        inst = prepared.instance
        breakdown = asdict(evaluate(inst, plan)) if plan.has_solution else None
        result = {"instance": inst.to_json(), "plan": plan_to_json(plan),
                  "breakdown": breakdown,
                  "forced": [*prepared.forced, *forced_breaches(inst, plan)]}
        what = "plan"
        if inst.baseline is not None and plan.has_solution:
            change = changes(inst, plan)
            result["changes"] = asdict(ChangeCount(change.shifts, change.visits,
                                                   inst.baseline.change_weight))
            what = f"re-plan ({change.count} changes)"
        async with self._ctx.write(Role.CLERK, "keep plans") as tx:
            new_id = (await tx.conn.execute(insert(t.plans).values(
                created_at=utcnow(), created_by=tx.actor.name, params=prepared.params,
                status=PlanStatus(str(plan.status)).value, objective=plan.objective,
                bound=plan.bound, gap=plan.gap, wall_time=plan.wall_time, result=result,
                fingerprint=prepared.fingerprint))).inserted_primary_key[0]
            await tx.audit("plan.solve", "plan", new_id,
                           f"{what}: {plan.status} objective {grouped(plan.objective)} over "
                           f"{len(prepared.params['slot_ids'])} slots from "
                           f"{prepared.params['first_slot']}")
        return await self.summary(new_id)

    async def solve(self, request: PlanRequest, on_progress: ProgressCallback | None = None,
                    stop: StopSignal | None = None,
                    on_prepared: Callable[[PreparedPlan], None] | None = None) -> PlanSummary:
        """Prepare, solve in a worker thread, and store: the one call of the CLI and the
        console. `on_prepared` hears the instance before the solve starts (the console's
        chart); `on_progress` is called from the solver's thread."""
        return await self._solve(await self.prepare(request), request.time_limit, on_progress,
                                 stop, on_prepared)

    async def replan(self, request: ReplanRequest,
                     on_progress: ProgressCallback | None = None, stop: StopSignal | None = None,
                     on_prepared: Callable[[PreparedPlan], None] | None = None) -> PlanSummary:
        """Re-plan from now (`prepare_replan`), solve and store, as `solve` does: the plan
        in force warm-starts the solver and each change against it is priced."""
        return await self._solve(await self.prepare_replan(request), request.time_limit,
                                 on_progress, stop, on_prepared)

    async def _solve(self, prepared: PreparedPlan, time_limit: float,
                     on_progress: ProgressCallback | None, stop: StopSignal | None,
                     on_prepared: Callable[[PreparedPlan], None] | None) -> PlanSummary:
        if on_prepared is not None:
            on_prepared(prepared)
        from hra_tui.solver.ward.model import solve_ward  # OR-Tools: load on first solve

        plan = await asyncio.to_thread(solve_ward, prepared.instance, time_limit=time_limit,
                                       on_progress=on_progress, stop=stop)
        return await self.store(prepared, plan)

    async def front(self, request: PlanRequest, points: int,
                    on_progress: ProgressCallback | None = None, stop: StopSignal | None = None,
                    on_prepared: Callable[[PreparedPlan], None] | None = None) -> PlanFront:
        """The horizon's cost-waiting front: `points` plans or fewer, none stored (`keep_point`
        stores one). Prepared, solved in a worker thread and measured as `solve` does; a stop
        keeps the points found."""
        if not MIN_POINTS <= points <= MAX_POINTS:
            raise Invalid(f"A front has from {MIN_POINTS} to {MAX_POINTS} points")
        prepared = await self.prepare(request)
        if on_prepared is not None:
            on_prepared(prepared)
        from hra_tui.solver.ward.front import ward_front  # OR-Tools: load on first solve

        found = await asyncio.to_thread(ward_front, prepared.instance, points,
                                        time_limit=request.time_limit,
                                        on_progress=on_progress, stop=stop)
        in_force = evaluate(prepared.instance, records_plan(prepared.instance))
        return PlanFront(prepared, front_points(prepared, found, in_force), in_force,
                         found.front.stopped, found.front.wall_time, points)

    async def sweep(self, request: PlanRequest, parameter: str, start: float, end: float,
                    count: int, role: str = "", on_progress: ProgressCallback | None = None,
                    stop: StopSignal | None = None) -> Sweep:
        """The horizon solved with one parameter stepped from `start` to `end` (`count`
        values): budget, staff (of `role`), demand (a factor) or patients-per-staff; nothing
        stored. A stop keeps the values solved."""
        from hra_tui.solver.ward.sweep import PARAMETERS, role_staff, ward_sweep

        if parameter not in PARAMETERS:
            raise Invalid(f"No sweep of '{parameter}'; choose one of {', '.join(PARAMETERS)}")
        if not MIN_STEPS <= count <= MAX_STEPS:
            raise Invalid(f"A sweep has from {MIN_STEPS} to {MAX_STEPS} steps")
        if min(start, end) < 0:
            raise Invalid("A sweep's values cannot be negative")
        prepared = await self.prepare(request)
        if parameter == "staff":
            roles = sorted({r for r in prepared.instance.roles if r})
            if role not in roles:
                raise Invalid(f"Sweeping staff needs --role, one of {', '.join(roles)}")
            have = len(role_staff(prepared.instance, role))
            if max(start, end) > have:
                raise Invalid(f"The ward has {have} {role} staff: sweep from 0 to {have}")
        return await asyncio.to_thread(ward_sweep, prepared.instance, parameter, start, end,
                                       count, role=role, time_limit=request.time_limit,
                                       on_progress=on_progress, stop=stop)

    async def keep_point(self, front: PlanFront, index: int) -> PlanSummary:
        """Store point `index` (from 0) of `front` as a plan, to review and apply like any."""
        if not 0 <= index < len(front.points):
            raise Invalid(f"The front has no point {index + 1}")
        prepared = front.prepared
        params = {**prepared.params, "front": {"point": index + 1, "of": len(front.points)}}
        return await self.store(replace(prepared, params=params), front.points[index].plan)

    async def summary(self, plan_id: int) -> PlanSummary:
        async with self._ctx.read() as conn:
            row = (await conn.execute(select(*_SUMMARY_COLUMNS)
                                      .where(t.plans.c.id == plan_id))).first()
        if row is None:
            raise NotFound(f"No plan {plan_id}")
        return _summary(row)

    async def list(self, limit: int = 100) -> list[PlanSummary]:
        async with self._ctx.read() as conn:
            rows = await conn.execute(select(*_SUMMARY_COLUMNS)
                                      .order_by(t.plans.c.id.desc()).limit(limit))
            return [_summary(row) for row in rows]

    async def get(self, plan_id: int) -> PlanDetail:
        async with self._ctx.read() as conn:
            row = (await conn.execute(select(t.plans.c.result)
                                      .where(t.plans.c.id == plan_id))).first()
        if row is None:
            raise NotFound(f"No plan {plan_id}")
        instance = WardInstance.from_json(row.result["instance"])
        plan = plan_from_json(row.result["plan"])
        return PlanDetail(await self.summary(plan_id), instance, plan)

    async def compare(self, left: int, right: int) -> PlanComparison:
        a, b = await self.summary(left), await self.summary(right)
        rows = [("Status", a.status, b.status),
                ("Horizon", f"{a.first_slot} +{a.slots}", f"{b.first_slot} +{b.slots}"),
                ("Weights c/w/q", _weights(a.weights), _weights(b.weights)),
                ("Additions a/b/c", _toggles(a.toggles), _toggles(b.toggles)),
                ("Objective", grouped(a.objective), grouped(b.objective)),
                ("Best bound", grouped(a.bound), grouped(b.bound)),
                ("Gap", _percent(a.gap), _percent(b.gap)),
                ("Solve time (s)", grouped(a.wall_time, 1), grouped(b.wall_time, 1))]
        for label, attr in (("Patients seen", "served"), ("Deferred", "deferred"),
                            ("Cost", "cost"), ("  staff", "staff_cost"),
                            ("  overtime", "overtime_cost"), ("  resources", "resource_cost"),
                            ("  care", "care_cost"), ("Waiting", "waiting"),
                            ("Quality (lower is better)", "quality"),
                            ("Overtime slots", "overtime_slots")):
            rows.append((label, _part(a.breakdown, attr), _part(b.breakdown, attr)))
        rows.append(("Applied", _applied(a), _applied(b)))
        return PlanComparison(left, right, [ComparisonRow(*row) for row in rows])

    async def diff(self, plan_id: int) -> PlanDiff:
        """What applying the plan would add now; `blocked` says why it cannot be applied."""
        async with self._ctx.read() as conn:
            async with conn.begin():
                return (await self._diff(conn, plan_id))[0]

    async def _diff(self, conn, plan_id: int):
        row = (await conn.execute(select(t.plans).where(t.plans.c.id == plan_id))).first()
        if row is None:
            raise NotFound(f"No plan {plan_id}")
        plan = plan_from_json(row.result["plan"])
        if row.applied_at is not None:
            return PlanDiff(plan_id, blocked=f"Plan {plan_id} was applied "
                            f"{short_local(row.applied_at)} by {row.applied_by}"), None
        if not plan.has_solution:
            return PlanDiff(plan_id, blocked=f"Plan {plan_id} has no solution "
                            f"({row.status.lower()}): nothing to apply"), None
        replanned = "replan" in row.params
        read = read_replan_snapshot if replanned else read_snapshot
        try:
            snap = await read(conn, row.params["slot_ids"])
        except Refused as why:
            return PlanDiff(plan_id, blocked=str(why)), None
        if snap.fingerprint() != row.fingerprint:
            return PlanDiff(plan_id, blocked=(
                f"The ward's records changed since plan {plan_id} was solved (staff, slots, "
                "care requests, settings or bookings); solve again")), None
        instance = WardInstance.from_json(row.result["instance"])
        if replanned:
            return replan_diff(plan_id, snap, instance, plan, utcnow())
        return compute_diff(plan_id, snap, instance, plan)

    async def apply(self, plan_id: int) -> ApplyResult:
        """Write the plan's roster, appointments and bookings in one audited transaction."""
        async with self._ctx.write(Role.ADMIN, "apply plans") as tx:
            diff, writes = await self._diff(tx.conn, plan_id)
            if diff.blocked:
                raise Refused(diff.blocked)
            await write_plan(tx, plan_id, writes)
            await tx.conn.execute(update(t.plans).where(t.plans.c.id == plan_id).values(
                applied_at=utcnow(), applied_by=tx.actor.name))
            await tx.audit("plan.apply", "plan", plan_id, describe(writes))
        return ApplyResult(plan_id, len(writes.roster), len(writes.appointments),
                           len(writes.bookings))

    async def settings(self) -> PlanSettings:
        async with self._ctx.read() as conn:
            rows = await conn.execute(select(t.settings))
            return plan_settings({row.key: row.value for row in rows})

    async def setting_values(self) -> list[tuple[str, int | None, bool]]:
        """Every planning setting as (key, value in force, whether it is the default); a
        default of None means no limit."""
        async with self._ctx.read() as conn:
            stored = {row.key: row.value for row in await conn.execute(select(t.settings))}
        return [(key.value, stored.get(key.value, default_setting(key)),
                 key.value not in stored) for key in SettingKey]

    async def set_setting(self, key: str, value: int | None) -> PlanSettings:
        """Set (or with None, clear back to the default) one planning setting; admins only."""
        return await self.set_settings({key: value})

    async def set_settings(self, values: dict[str, int | None]) -> PlanSettings:
        """Set (None: clear back to the default) several planning settings in one audited
        transaction, as the console's settings form saves them; admins only."""
        checked = {_setting_name(key): _setting_value(key, value)
                   for key, value in values.items()}
        if not checked:
            raise Refused("No planning setting to change")
        async with self._ctx.write(Role.ADMIN, "change planning settings") as tx:
            await _check_clinic_hours(tx, checked)
            for name, value in checked.items():
                await tx.conn.execute(t.settings.delete().where(t.settings.c.key == name))
                if value is not None:
                    await tx.conn.execute(insert(t.settings).values(key=name, value=value,
                                                                    updated_at=utcnow()))
                await tx.audit("plan.setting", "setting", None, f"{name} = {value}")
        return await self.settings()


async def _waiting(conn) -> int:
    """Care requests waiting in the whole ward."""
    requests = t.care_requests
    return (await conn.execute(select(func.count()).select_from(requests)
                               .where(requests.c.status == CareStatus.WAITING.value))
            ).scalar_one()


def _params(slot_ids: list[int], snap, instance: WardInstance, time_limit: float) -> dict:
    """How a plan was asked for, as stored with it (ids in the instance's order)."""
    return {"slot_ids": slot_ids, "first_slot": instance.slot_labels[0],
            "last_slot": instance.slot_labels[-1], "weights": asdict(instance.weights),
            "toggles": asdict(instance.toggles), "time_limit": time_limit,
            "staff_ids": [row.id for row in snap.staff],
            "request_ids": [row.id for row in snap.requests],
            "resource_ids": [row.id for row in snap.resources]}


def _setting_name(key: str) -> str:
    try:
        return SettingKey(key).value
    except ValueError:
        raise Invalid(f"No planning setting '{key}'; choose one of "
                      f"{', '.join(k.value for k in SettingKey)}") from None


def _setting_value(key: str, value: int | None) -> int | None:
    """The value if it keeps the setting's rule (`fields.PLAN_SETTINGS`), else Invalid."""
    rule = PLAN_SETTINGS[_setting_name(key)]
    if value is not None and (type(value) is not int or not rule.low <= value <= rule.high):
        raise Invalid(setting_refusal(_setting_name(key)))
    if key == SettingKey.FORECAST_HOLD and value not in (None, 0, *HOLD_LEVELS):
        raise Invalid(f"The {key} setting takes 0 (no beds held), 80 or 95 (the forecast's "
                      "upper bound of each day's emergency admissions, in percent)")
    return value


async def _check_clinic_hours(tx, changed: dict[str, int | None]) -> None:
    """The clinic hours the change leaves in force (the stored ones, defaults for cleared
    ones) open before they close."""
    opens, closes = SettingKey.CLINIC_OPENS, SettingKey.CLINIC_CLOSES
    if opens.value not in changed and closes.value not in changed:
        return
    stored = {row.key: row.value for row in await tx.conn.execute(
        select(t.settings).where(t.settings.c.key.in_([opens.value, closes.value])))}
    hours = [changed[key.value] if key.value in changed else stored.get(key.value)
             for key in (opens, closes)]
    hours = [CLINIC_HOURS[key] if value is None else value
             for key, value in zip((opens, closes), hours, strict=True)]
    if (refusal := clinic_refusal(*hours)) is not None:
        raise Invalid(refusal)


def _weights(w: Weights) -> str:
    return f"{w.cost}/{w.waiting}/{w.quality}"


def _toggles(tg: Toggles) -> str:
    return "/".join("on" if on else "off" for on in (tg.patient_cap, tg.one_server, tg.overtime))


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _part(breakdown: Breakdown | None, attr: str) -> str:
    return "-" if breakdown is None else f"{getattr(breakdown, attr):,}"


def _applied(summary: PlanSummary) -> str:
    if summary.applied_at is None:
        return "no"
    return f"{short_local(summary.applied_at)} by {summary.applied_by}"
