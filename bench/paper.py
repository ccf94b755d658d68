"""Benchmark: the paper's model at its two sizes, solved to proven optimality on two cores.

Solves the scenario files in tests/data/paper and ten generated
instances of each scenario (fixed seeds), then prints one row per instance and a summary.
Target: every instance proven optimal, each within 30 s, median under 5 s.

    .venv/bin/python bench/paper.py [--time-limit 60] [--workers 2] [--count 10]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hra_tui.solver.instance import Instance  # noqa: E402
from hra_tui.solver.paper.generate import generate  # noqa: E402
from hra_tui.solver.paper.solve import solve_paper  # noqa: E402

SHARED = ROOT / "tests" / "data" / "paper"
SEEDS = range(1000, 1010)


def instances(count: int):
    expected = {}
    if SHARED.is_dir():
        expected = {e["file"]: e for e in json.loads((SHARED / "expected.json").read_text())}
        for path in sorted(SHARED.glob("scenario*.json")):
            yield path.name, Instance.load(path), expected.get(path.name, {})
    for scenario in (1, 2):
        for seed in list(SEEDS)[:count]:
            yield f"gen-s{scenario}-seed{seed}", generate(scenario, seed), {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--count", type=int, default=len(SEEDS))
    args = parser.parse_args()
    print(f"{'instance':26} {'status':10} {'objective':>9} {'bound':>9} {'time s':>7}  check")
    times, proven, wrong = [], 0, 0
    for name, inst, exp in instances(args.count):
        plan = solve_paper(inst, time_limit=args.time_limit, workers=args.workers)
        check = ""
        if exp:
            ok = str(plan.status) == exp["status"] and plan.objective == exp["optimal_objective"]
            check = "matches expected.json" if ok else f"EXPECTED {exp['optimal_objective']}"
            wrong += not ok
        proven += plan.status == "OPTIMAL"
        times.append(plan.wall_time)
        print(f"{name:26} {plan.status:10} {plan.objective!s:>9} {plan.bound!s:>9} "
              f"{plan.wall_time:7.2f}  {check}", flush=True)
    print(f"\nproven optimal: {proven}/{len(times)}   median time: {statistics.median(times):.2f} s"
          f"   max time: {max(times):.2f} s   workers: {args.workers}")
    return 0 if proven == len(times) and not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
