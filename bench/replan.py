"""Benchmark: re-planning the ward roster from the plan in force, against planning from scratch.

Each case builds a demo (`hra demo`, or `--size hospital`: 300 staff, 600 requests, 42
slots), plans its horizon and applies the plan, then enters staff absent (absence records) for
the horizon's first day (one nurse on the demo ward; five staff at the hospital), re-plans
(the plan in force as warm start, each change priced at the change weight) and plans the same
records from scratch (change weight 0, counted not priced), each within the time limit.
Prints, per solve: status,
the penalised objective, its bound and gap, the changes (shifts, visits), the wall time and
the CPU time it got (on a shared machine, far less).
Targets: the demo ward's re-plan changes at most 3 assignments per shift lost; the hospital's
re-plan under 30 s within 2 % of its bound. The time limit (default 25 s) counts building the
model too, so a re-plan ends within a second of it.

    .venv/bin/python bench/replan.py [--time-limit 25] [--cases ward,hospital] [--db FILE]

`--db` starts from a copy of a demo built before (with a plan applied, that plan is in force),
to time the re-plan without building the hospital again.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db.demo import create_demo  # noqa: E402
from db.time_codec import parse_sql_time  # noqa: E402
from hra_tui.services.plain_records import EventForm  # noqa: E402
from hra_tui.services.planning.ward.records import PlanRequest, ReplanRequest  # noqa: E402
from hra_tui.services.ward import Ward  # noqa: E402
from hra_tui.solver.ward.changes import changes  # noqa: E402
from hra_tui.solver.ward.model import solve_ward  # noqa: E402

DAY = 24 * 60
CASES = {"ward": (9, 1, "nurse"), "hospital": (42, 5, "")}  # horizon, absent, role ("" any)


async def plan_in_force(db: Path, horizon: int, time_limit: float) -> None:
    """Plan the horizon and apply it, unless the ward has a plan applied already."""
    async with await Ward.open(db) as ward:
        if any(p.applied_at for p in await ward.planning.list()):
            return
        plan = await ward.planning.solve(PlanRequest(horizon=horizon, time_limit=time_limit))
        await ward.planning.apply(plan.id)


async def event(db: Path, count: int, role: str, time_limit: float):
    """The first `count` staff (of `role`, any if empty) the plan in force has on duty on the
    horizon's first day, entered absent all that day; the re-plan prepared after it: (the
    prepared re-plan, the shifts they lose)."""
    async with await Ward.open(db) as ward:
        prepared = await ward.planning.prepare_replan(ReplanRequest(time_limit=time_limit))
        inst = prepared.instance
        day = inst.slot_start[inst.frozen] // DAY
        first = [t for t in range(inst.frozen, inst.T) if inst.slot_start[t] // DAY == day]
        who = [i for i in range(inst.N) if (not role or inst.role(i) == role)
               and any(inst.baseline.on_duty[i][t] for t in first)][:count]
        with sqlite3.connect(db) as conn:
            opening = parse_sql_time(conn.execute(
                "SELECT starts_at FROM time_slots WHERE id = ?",
                (prepared.params["slot_ids"][first[0]],)).fetchone()[0]).astimezone()
        midnight = opening.replace(hour=0, minute=0, second=0, microsecond=0)
        for i in who:
            await ward.absences.add(prepared.params["staff_ids"][i],
                                    EventForm(midnight, midnight + timedelta(days=1), "bench"))
        lost = sum(inst.baseline.on_duty[i][t] for i in who for t in first)
        return await ward.planning.prepare_replan(ReplanRequest(time_limit=time_limit)), lost


def solve(inst, time_limit: float) -> dict:
    start, cpu = time.monotonic(), time.process_time()
    plan = solve_ward(inst, time_limit=time_limit)
    took, cpu = time.monotonic() - start, time.process_time() - cpu
    change = changes(inst, plan) if plan.has_solution else None
    return {"status": str(plan.status), "objective": plan.objective, "bound": plan.bound,
            "gap": plan.gap, "time": took, "cpu": cpu,
            "shifts": change.shifts if change else None,
            "visits": change.visits if change else None}


def row(case: str, how: str, lost: int, r: dict) -> str:
    number = lambda v: "-" if v is None else f"{v:,.0f}"  # noqa: E731
    gap = "-" if r["gap"] is None else f"{r['gap']:.2%}"
    total = "-" if r["shifts"] is None else r["shifts"] + r["visits"]
    return (f"{case:>9} {how:>8} {lost:>5} {r['status']:>10} {number(r['objective']):>10} "
            f"{number(r['bound']):>10} {gap:>8} {total:>7} {number(r['shifts']):>6} "
            f"{number(r['visits']):>6} {r['time']:>7.1f} {r['cpu']:>6.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=25.0)
    parser.add_argument("--cases", default="ward,hospital")
    parser.add_argument("--db", type=Path, help="a demo built before (one case only)")
    args = parser.parse_args()
    print(f"{'case':>9} {'solve':>8} {'lost':>5} {'status':>10} {'objective':>10} "
          f"{'bound':>10} {'gap':>8} {'changes':>7} {'shifts':>6} {'visits':>6} "
          f"{'time s':>7} {'cpu s':>6}", flush=True)
    for case in args.cases.split(","):
        horizon, count, role = CASES[case]
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "demo.db"
            if args.db is None:
                create_demo(db, case)
            else:
                shutil.copyfile(args.db, db)
            asyncio.run(plan_in_force(db, horizon, 2 * args.time_limit))
            prepared, lost = asyncio.run(event(db, count, role, args.time_limit))
            replan = prepared.instance
            print(row(case, "re-plan", lost, solve(replan, args.time_limit)), flush=True)
            scratch = replace(replan, baseline=replace(replan.baseline, change_weight=0))
            print(row(case, "scratch", lost, solve(scratch, args.time_limit)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
