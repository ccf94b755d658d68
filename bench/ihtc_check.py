"""How long the IHTC-2024 checker takes on the largest instance shipped with the tests
(test03 with the organisers' solution): `hra ihtc check` and every planner's report pay it.

    python bench/ihtc_check.py [--runs 20]

Prints the best and the median of the runs in milliseconds (target: under 500 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hra_tui.solver.ihtc import check, load_problem, load_solution  # noqa: E402

DATA = ROOT / "tests" / "data" / "ihtc"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    problem = load_problem(DATA / "test03.json")
    solution = load_solution(DATA / "sol_test03.json")
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        check(problem, solution)
        times.append((time.perf_counter() - start) * 1000)
    print(f"ihtc check test03: best {min(times):.1f} ms, median {statistics.median(times):.1f} "
          f"ms over {args.runs} runs (target < 500 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
