"""Benchmark: the fast method against the printed model on thousands of tight-budget instances.

Each instance is small (2-6 staff, 2-4 slots) with the paper's ranges, and its budget B is put
at, just below or just above the cheapest spend any schedule meeting the other constraints
needs (found by CP-SAT), where a wrong INFEASIBLE or a wrong optimum would show. Every tenth
instance also draws values outside the paper's ranges (negative weights, zeros). Prints the
number of disagreements in status or objective, and the time of each method.

    .venv/bin/python bench/paper_agree.py [--count 5000] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hra_tui.solver.instance import Instance  # noqa: E402
from hra_tui.solver.paper.generate import generate  # noqa: E402
from hra_tui.solver.paper.infeasibility import cheapest_spend  # noqa: E402
from hra_tui.solver.paper.solve import solve_paper  # noqa: E402


def draw(rng: random.Random) -> tuple[Instance, int | None]:
    sizes = dict(N=rng.randint(2, 6), T=rng.randint(2, 4), P=rng.randint(0, 4),
                 K=rng.randint(1, 2), R=rng.randint(0, 3))
    inst = generate(None, rng.randrange(10**9), **sizes)
    inst = replace(inst, Dt=[rng.randint(1, inst.N - 1) for _ in inst.Dt])
    if rng.random() < 0.3:  # maximum hours that bind
        inst = replace(inst, H=[rng.randint(inst.T // 2 + 1, inst.T) for _ in inst.H])
    if rng.random() < 0.1:  # outside the paper's ranges: the shortcuts' sign conditions
        inst = replace(inst, U=[rng.randint(-3, 3) for _ in inst.U],
                       O=[rng.randint(-3, 3) for _ in inst.O],
                       W=[[rng.randint(-2, 10) for _ in row] for row in inst.W])
    if rng.random() < 0.3:  # a balance limit that binds
        inst = replace(inst, F=[[rng.randint(1, 2) for _ in row] for row in inst.F])
    spend = cheapest_spend(inst)
    if spend is not None:
        inst = replace(inst, B=spend + rng.choice([-1, 0, 0, 1, 1, 2, 5]))
    return inst, spend


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    disagree, statuses, fast_s, plain_s, tight = [], {}, 0.0, 0.0, 0
    for n in range(args.count):
        inst, spend = draw(rng)
        tight += spend is not None
        began = time.perf_counter()
        fast = solve_paper(inst, time_limit=60, workers=1)
        fast_s += time.perf_counter() - began
        began = time.perf_counter()
        plain = solve_paper(inst, time_limit=60, workers=1, method="direct")
        plain_s += time.perf_counter() - began
        statuses[plain.status] = statuses.get(plain.status, 0) + 1
        if (fast.status, fast.objective) != (plain.status, plain.objective):
            disagree.append((n, fast.status, fast.objective, plain.status, plain.objective))
    for n, fs, fo, ps, po in disagree[:20]:
        print(f"  instance {n}: default {fs} {fo}, direct {ps} {po}")
    counts = ", ".join(f"{status.value} {k}" for status, k in sorted(statuses.items()))
    print(f"instances {args.count} ({tight} with B at the cheapest spend -1..+5)  "
          f"disagreements {len(disagree)}  direct says: {counts}")
    print(f"time: default {fast_s:.1f} s, direct {plain_s:.1f} s")
    return 1 if disagree else 0


if __name__ == "__main__":
    raise SystemExit(main())
