"""The bed-demand forecast's accuracy and speed on the demo's history, in one run.

Prints the rolling-origin backtest over the last 90 days, summed over the demo's wards: MAE,
MASE against the seasonal-naive forecast (same weekday last week; target < 1 for one-day-ahead
occupancy) and the 80 % and 95 % intervals' coverage (target 70-90 % for the 80 % one); then
the median wall time of `hra forecast --days 14` (target < 5 s on the hospital demo) and of
the backtest. Usage: python bench/forecast.py [--size ward|hospital] [--runs N] [--seed S]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from db.demo import create_demo
from hra_tui.forecast.backtest import Score
from hra_tui.services.ward import Ward


def median_seconds(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def backtests(db: Path):
    async with await Ward.open(db) as ward:
        return await ward.forecast.accuracy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="hospital", choices=("ward", "hospital"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        started = time.perf_counter()
        create_demo(db, args.size, seed=args.seed)
        print(f"{args.size} demo (seed {args.seed}) in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        accuracy = asyncio.run(backtests(db))
        seconds = time.perf_counter() - started
        wards = accuracy.backtests
        print(f"backtest: {len(wards)} wards, last {wards[0].window} days, one day ahead, "
              f"in {seconds:.1f} s")
        print(f"{'series':<12}{'MAE':>7}{'naive':>8}{'MASE':>7}{'in 80%':>8}{'in 95%':>8}"
              f"{'worst MASE':>12}")
        for name, label in (("admitted", "admissions"), ("discharged", "discharges"),
                            ("occupied", "occupancy")):
            total: Score = sum((b.scores[name] for b in wards[1:]), wards[0].scores[name])
            worst = max(b.scores[name].mase for b in wards)
            print(f"{label:<12}{total.mae:>7.2f}{total.naive_mae:>8.2f}{total.mase:>7.2f}"
                  f"{total.coverage80:>8.0%}{total.coverage95:>8.0%}{worst:>12.2f}")
        occupancy = sum((b.scores["occupied"] for b in wards[1:]), wards[0].scores["occupied"])
        print(f"target: occupancy MASE < 1 ({'met' if occupancy.mase < 1 else 'NOT met'}), "
              f"80 % coverage 70-90 % "
              f"({'met' if 0.7 <= occupancy.coverage80 <= 0.9 else 'NOT met'})")
        hra = [sys.executable, "-m", "hra_tui.cli", "--db", str(db), "forecast"]
        forecast = median_seconds([*hra, "--days", "14"], args.runs)
        print(f"hra forecast --days 14: median {forecast:.2f} s of {args.runs} "
              f"(target < 5 s; load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
