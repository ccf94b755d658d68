"""Benchmark: the ward planner at the issue's sizes, from a demo-like ward to a hospital's.

Each size (staff/requests/slots) is a generated ward (`generated_ward`, drawn like the demo
ward and scaled), solved as `hra plan` solves it, in its own process so the peak memory is
that solve's. Prints status, objective, best bound, gap, time and peak memory per size.
Targets: a plan on every size within the limit; 100/300/21 within 2 % of the bound;
200/600/42 within 5 % and under 1.5 GB.

    .venv/bin/python bench/planning.py [--time-limit 60] [--sizes 25/60/21,100/300/21]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = "25/60/21,50/150/21,100/300/21,200/600/42"


def solve_one(size: str, time_limit: float) -> dict:
    """Solve one size in this process; the numbers as a dict."""
    from hra_tui.solver.ward.generate import generated_ward
    from hra_tui.solver.ward.model import solve_ward

    staff, requests, slots = (int(n) for n in size.split("/"))
    plan = solve_ward(generated_ward(staff, requests, slots), time_limit=time_limit)
    return {"size": size, "status": str(plan.status), "objective": plan.objective,
            "bound": plan.bound, "gap": plan.gap, "time": plan.wall_time,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--sizes", default=SIZES)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a child process: one size, JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(solve_one(args.one, args.time_limit)))
        return 0
    print(f"{'size':>12} {'status':10} {'objective':>10} {'bound':>10} {'gap':>7} "
          f"{'time s':>7} {'peak MB':>8}")
    for size in args.sizes.split(","):
        out = subprocess.run([sys.executable, __file__, "--one", size, "--time-limit",
                              str(args.time_limit)], capture_output=True, text=True, check=True)
        row = json.loads(out.stdout)
        number = lambda v: "-" if v is None else f"{v:,.0f}"  # noqa: E731
        gap = "-" if row["gap"] is None else f"{row['gap']:.2%}"
        print(f"{size:>12} {row['status']:10} {number(row['objective']):>10} "
              f"{number(row['bound']):>10} {gap:>7} {row['time']:>7.1f} "
              f"{row['peak_mb']:>8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
