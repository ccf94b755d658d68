"""Benchmark: how long a solve takes to return after a stop is asked from another thread.

The tests check that a stop ends a solve and keeps its best schedule; this measures how soon,
for the paper's model (both methods, scenario 1) and the demo ward's week without the patient
cap (a solve that would run for minutes). Target: under 1 s each.

    .venv/bin/python bench/stop.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hra_tui.solver.paper.generate import generate  # noqa: E402
from hra_tui.solver.paper.solve import solve_paper  # noqa: E402
from hra_tui.solver.signals import StopSignal  # noqa: E402
from hra_tui.solver.ward.generate import generated_ward  # noqa: E402
from hra_tui.solver.ward.instance import Toggles  # noqa: E402
from hra_tui.solver.ward.model import solve_ward  # noqa: E402


def stop_latency(solve) -> float:
    """Seconds from the stop (asked at the first schedule) to the solve's return."""
    stop = StopSignal()
    asked: list[float] = []

    def on_progress(event) -> None:
        if event.objective is not None and not asked:
            asked.append(time.monotonic())
            threading.Thread(target=stop.stop).start()

    solve(stop, on_progress)
    return time.monotonic() - asked[0] if asked else float("nan")


def ward_week():
    """A demo-sized ward's week (25 staff, 60 requests, 21 slots) without the patient cap."""
    return replace(generated_ward(25, 60, 21), toggles=Toggles(patient_cap=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    inst = generate(1, 5)
    ward = ward_week()
    cases = {
        "paper, decompose": lambda s, p: solve_paper(inst, time_limit=300, stop=s, on_progress=p),
        "paper, direct": lambda s, p: solve_paper(inst, time_limit=300, stop=s, on_progress=p,
                                                  method="direct"),
        "ward week, no cap": lambda s, p: solve_ward(ward, time_limit=300, stop=s, on_progress=p),
    }
    print(f"{'solve':<20} {'median s':>9} {'max s':>7}")
    for name, solve in cases.items():
        times = [stop_latency(solve) for _ in range(args.runs)]
        print(f"{name:<20} {statistics.median(times):>9.3f} {max(times):>7.3f}")


if __name__ == "__main__":
    main()
