"""Re-plan the ward's admissions from the plan in force, with the least disruption.

When the records change after a plan was applied (a theatre closes on some days, a nurse is
away, a patient is added), `replan` solves the ward's problem as the records now hold it,
starting from the plan in force: what is before today is frozen, and every change to that
plan costs a weight on top of the competition's cost (`solver/ihtc/replan.py` says what a
change is). The result is checked by the competition's rules alone; its changes, counted
and priced apart, are what the clerk reads before applying (`changes.py`).

Applying goes through the planner's one `apply` (one audited transaction, refused if the
records changed since), which here is also refused if another plan was applied since the
one this re-plan started from.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from db import tables as t
from hra_tui.services.context import Context
from hra_tui.services.errors import Invalid, Refused
from hra_tui.services.planning.intake.planner import (
    AdmissionsPlan,
    AdmissionsPlanner,
    AppliedAdmissions,
    check_limits,
    solve_prepared,
)
from hra_tui.services.times import utcnow
from hra_tui.solver.ihtc import Solution
from hra_tui.solver.ihtc.replan import Diff, Reference, default_weights, diff

if TYPE_CHECKING:
    from datetime import datetime

    from hra_tui.solver.signals import ProgressCallback, StopSignal


@dataclass(frozen=True)
class AdmissionsReplan:
    """A re-plan, checked by the competition's rules, and its changes to the plan in force."""

    plan: AdmissionsPlan
    in_force: int  # the id of the plan it starts from, and would replace
    reference: Reference
    diff: Diff
    frozen: int  # patients admitted before today, kept as they were

    @property
    def first_day(self) -> int:
        return self.reference.first_day

    @property
    def penalised_cost(self) -> int:
        """What the search minimised: the competition's cost and the changes' price."""
        return self.plan.check.total_cost + self.diff.cost


def today(starts_on: datetime, days: int) -> int:
    """The horizon's day that holds now (0 before the horizon, `days` after it): the first
    day a re-plan may change. Days are whole UTC days from the horizon's first midnight."""
    return max(0, min(days, (utcnow() - starts_on) // timedelta(days=1)))


async def replan(ctx: Context, time_limit: float, *, iterations: int | None = None,
                 seed: int = 0, admission_weight: int | None = None,
                 nurse_weight: int | None = None, stop: StopSignal | None = None,
                 on_progress: ProgressCallback | None = None) -> AdmissionsReplan:
    """Read the records and the plan in force, then re-plan in a worker thread. A change
    weight left out comes from the horizon's weights (`default_weights` says why)."""
    check_limits(time_limit, iterations)
    for weight in (admission_weight, nurse_weight):
        if weight is not None and weight < 0:
            raise Invalid("A change weight must be a whole number of at least 0")
    planner = AdmissionsPlanner(ctx)
    prepared = await planner.prepare()
    in_force, solution = await _in_force(ctx)
    defaults = default_weights(prepared.problem.weights)
    reference = Reference(
        solution, today(prepared.starts_on, prepared.problem.days),
        defaults[0] if admission_weight is None else admission_weight,
        defaults[1] if nurse_weight is None else nurse_weight)
    plan = await asyncio.to_thread(solve_prepared, prepared, time_limit, iterations=iterations,
                                   seed=seed, stop=stop, on_progress=on_progress,
                                   reference=reference)
    frozen = sum(a.day is not None and a.day < reference.first_day
                 for a in solution.admissions)
    return AdmissionsReplan(plan, in_force, reference,
                            diff(plan.problem, reference, plan.solution), frozen)


async def apply_replan(ctx: Context, replanned: AdmissionsReplan) -> AppliedAdmissions:
    """Apply the re-plan in place of the plan it started from (one audited transaction)."""
    if today(replanned.plan.prepared.starts_on, replanned.plan.problem.days) != \
            replanned.first_day:
        raise Refused("The day has turned since this re-plan was made; re-plan again")
    return await AdmissionsPlanner(ctx).apply(
        replanned.plan, replaces=replanned.in_force,
        note=f"re-plan of plan {replanned.in_force}: {replanned.diff.count} changes")


async def _in_force(ctx: Context) -> tuple[int, Solution]:
    """The plan applied last (its id and solution); refused when none is."""
    async with ctx.read() as conn:
        row = (await conn.execute(
            select(t.admission_plans.c.id, t.admission_plans.c.solution)
            .order_by(t.admission_plans.c.id.desc()).limit(1))).first()
    if row is None:
        raise Refused("No admissions plan is in force to re-plan from; plan and apply one "
                      "first (hra ihtc plan --apply)")
    return row.id, Solution.from_json(row.solution, source=f"plan {row.id}")
