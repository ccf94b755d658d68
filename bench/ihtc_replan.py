"""Re-plan an applied admissions plan after a theatre closes for two days, against a plan
from scratch (issue 22's IHTC acceptance case), through the ward's records as a clerk would.

    python bench/ihtc_replan.py --instances DIR [--plan-time 60] [--time-limit 30]
                                [--day 2] [--seed 0] [i05 ...]

Each instance (default i05) is imported into a new ward database whose horizon began `--day`
days ago, planned for `--plan-time` seconds and applied; then the theatre with the most
surgeries over two days from today is closed on those two days (its minutes set to 0 in
`theatre_days`), and the ward is re-planned (`hra ihtc replan`, `--time-limit`) and, for
comparison, planned from scratch for as long. Prints, for both, the wall time, feasibility,
the competition's cost, the changes to the plan in force (patients moved, nurse-room
changes) and the penalised cost. DIR holds the competition's public instances (not shipped
with hra); without --instances (as under `make bench`) it does nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hra_tui.services.planning.intake.problem import import_problem  # noqa: E402
from hra_tui.services.planning.intake.replan import replan  # noqa: E402
from hra_tui.services.ward import Ward  # noqa: E402
from hra_tui.solver.ihtc import load_problem  # noqa: E402
from hra_tui.solver.ihtc.replan import diff  # noqa: E402


def close_busiest_theatre(path: Path, today: int) -> tuple[str, int, int]:
    """Close the theatre with the most bookings over two days from today on those days;
    (theatre, first day closed, surgeries booked there)."""
    with sqlite3.connect(path) as conn:
        resource, name, day, booked = conn.execute("""
            SELECT b.resource_id, r.name, b.day, count(*) + (
                SELECT count(*) FROM theatre_bookings n
                 WHERE n.resource_id = b.resource_id AND n.day = b.day + 1)
              FROM theatre_bookings b JOIN resources r ON r.id = b.resource_id
             WHERE b.day >= ? GROUP BY b.resource_id, b.day ORDER BY 4 DESC, b.day LIMIT 1
            """, (today,)).fetchone()
        conn.execute("UPDATE theatre_days SET minutes = 0 WHERE resource_id = ? "
                     "AND day IN (?, ?)", (resource, day, day + 1))
    return name, day, booked


async def run(source: Path, args: argparse.Namespace) -> None:
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ward.db"
        ward = await Ward.open(path, create=True)
        try:
            await import_problem(ward.context, load_problem(source),
                                 json.loads(source.read_text()),
                                 midnight - timedelta(days=args.day), "Surgical")
            in_force = await ward.admissions.plan(args.plan_time, seed=args.seed)
            await ward.admissions.apply(in_force)
            theatre, day, booked = close_busiest_theatre(path, args.day)
            print(f"{source.stem}: plan in force cost {in_force.check.total_cost} "
                  f"({in_force.admitted} admitted, {args.plan_time:.0f} s); theatre {theatre} "
                  f"closed on days {day} and {day + 1} ({booked} surgeries booked there); "
                  f"today is day {args.day}")
            began = time.monotonic()
            replanned = await replan(ward.context, args.time_limit, seed=args.seed)
            took = time.monotonic() - began
            began = time.monotonic()
            scratch = await ward.admissions.plan(args.time_limit, seed=args.seed)
            scratch_took = time.monotonic() - began
        finally:
            await ward.close()
    rows = [("re-plan", took, replanned.plan, replanned.diff),
            ("from scratch", scratch_took, scratch,
             diff(scratch.problem, replanned.reference, scratch.solution))]
    print(f"  {'':12}  {'seconds':>7}  {'feasible':>8}  {'cost':>6}  {'changes':>7}  "
          f"{'moved':>5}  {'nurses':>6}  {'penalised':>9}")
    for what, seconds, plan, changes in rows:
        print(f"  {what:12}  {seconds:7.1f}  {plan.check.feasible!s:>8}  "
              f"{plan.check.total_cost:6}  {changes.count:7}  {changes.patients_moved:5}  "
              f"{len(changes.nurses):6}  {plan.check.total_cost + changes.cost:9}")
    print(f"  (a change costs {replanned.diff.admission_weight} per patient's day, room or "
          f"theatre, {replanned.diff.nurse_weight} per nurse's room)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=["i05"])
    parser.add_argument("--instances", default=os.environ.get("IHTC_INSTANCES"))
    parser.add_argument("--plan-time", type=float, default=60.0)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--day", type=int, default=2, help="today, in days of the horizon")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not args.instances:
        print("bench/ihtc_replan.py: no --instances DIR (or IHTC_INSTANCES); skipped")
        return 0
    for name in args.names:
        asyncio.run(run(Path(args.instances) / f"{name}.json", args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
