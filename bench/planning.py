"""Benchmark: the ward model on the demo ward, for horizons of 3 to 21 slots (a shift each),
with the ward planner's settings (all three additions on) and with each one off.

Builds a fresh demo ward in a temporary directory, reads each horizon through the planning
service (as the console does) and solves it with `solve_ward`; prints one row per run.
Target: the demo ward's whole week (21 slots) proven optimal within 10 s.

    .venv/bin/python bench/planning.py [--time-limit 30] [--horizons 3,9,14,21]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db.demo import create_demo  # noqa: E402
from hra_tui.services.plan_records import PlanRequest  # noqa: E402
from hra_tui.services.ward import Ward  # noqa: E402
from hra_tui.solver.ward_instance import Toggles  # noqa: E402
from hra_tui.solver.ward_model import solve_ward  # noqa: E402

VARIANTS = {"ward": Toggles(), "no cap (a)": Toggles(patient_cap=False),
            "no server (b)": Toggles(one_server=False), "no overtime (c)": Toggles(overtime=False)}


async def instances(horizons: list[int]):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ward.db"
        create_demo(path)
        ward = await Ward.open(path)
        try:
            planning = ward.planning
            for horizon in horizons:
                prepared = await planning.prepare(PlanRequest(horizon=horizon))
                yield horizon, prepared.instance
        finally:
            await ward.close()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--horizons", default="3,9,14,21")
    args = parser.parse_args()
    horizons = [int(h) for h in args.horizons.split(",")]
    print(f"{'slots':>5} {'variant':16} {'staff':>5} {'requests':>8} {'status':10} "
          f"{'objective':>9} {'bound':>9} {'vars':>6} {'time s':>7}")
    async for horizon, inst in instances(horizons):
        for name, toggles in VARIANTS.items():
            plan = solve_ward(replace(inst, toggles=toggles), time_limit=args.time_limit)
            objective = "-" if plan.objective is None else f"{plan.objective:,.0f}"
            bound = "-" if plan.bound is None else f"{plan.bound:,.0f}"
            print(f"{horizon:>5} {name:16} {inst.N:>5} {inst.P:>8} {plan.status:10} "
                  f"{objective:>9} {bound:>9} {plan.size.variables:>6} {plan.wall_time:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
