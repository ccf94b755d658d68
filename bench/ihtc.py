"""Run the IHTC-2024 solver on the public instances and compare with the best known costs.

    python bench/ihtc.py --instances DIR [--best CSV] [--time-limit 600] [--threads 2]
                         [--jobs 1] [--seed 0] [--moves N] [--engine compiled|python]
                         [i01 i05 ...]

DIR holds i01.json ... i30.json (the competition's public set, not shipped with hra); CSV is
the best-known table (`instance,best_competition_rules,best_known_ub`; by default
DIR/../best_known_ihtc2024.csv), compared on the competition-rules column. Each instance is
solved with `--threads` parallel searches (the competition's rule: 600 s, 2 threads), `--jobs`
instances at a time, then checked by the exact checker. Prints per instance the violations,
the cost, the best known cost and their ratio, how many CP-SAT windows the search ran and
how many of them lowered the cost, how many times a thread restarted from another's cheaper
plan (`restarts`), and a search's moves per second (wall) and per processor
second (the construction not counted; the processor's figure is the one to compare on a busy
machine); under it, the share of the search's wall time per part (the annealing, each kind
of CP-SAT window) and, for the compiled search, the moves of each kind tried and accepted
(counts, not times: the kinds run interleaved in one compiled loop, so no time per kind is
measured); then the feasible count and the geometric mean ratio over the feasible ones.
`--moves N` replaces the clock by a budget of N moves (no windows): a speed measure, the
same moves every run; `--engine python` runs the pure-Python search instead of the compiled
one (whose first run compiles and caches numba's code: run once before timing). Exit 1 if any
solution is infeasible. Without --instances (as under `make bench`) it does nothing.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hra_tui.solver.ihtc import check, load_problem  # noqa: E402
from hra_tui.solver.ihtc.effort import Effort  # noqa: E402
from hra_tui.solver.ihtc.solver import solve  # noqa: E402


def run_one(path: str, time_limit: float, seed: int, threads: int, moves: int | None,
            compiled: bool) -> tuple[str, int, int, float, int, int, int, float, float, Effort]:
    problem = load_problem(path)
    result = solve(problem, time_limit=time_limit, seed=seed, threads=threads,
                   iterations=moves, compiled=compiled)
    checked = check(problem, result.solution)
    return (Path(path).stem, checked.total_violations, checked.total_cost, result.seconds,
            result.windows, result.windows_better, result.restarts,
            result.moves_tried / max(1e-9, result.search_seconds),
            result.moves_tried / max(1e-9, result.search_cpu), result.effort)


def effort_lines(effort: Effort) -> list[str]:
    """The shares of the search's time per part, then the moves per kind (tried/accepted)."""
    lines = ["  time: " + ", ".join(f"{part} {share:.1%}"
                                    for part, share in effort.shares().items())]
    tried = sum(t for t, _, _ in effort.moves.values())
    if tried:
        lines.append("  moves (share tried, tried/accepted): " + ", ".join(
            f"{kind} {t / tried:.1%} {t:,}/{a:,}" for kind, (t, a, _) in effort.moves.items()
            if t))
    else:
        lines.append("  moves by kind: not counted (pure-Python search)")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="instances (default: all i*.json in DIR)")
    parser.add_argument("--instances", default=os.environ.get("IHTC_INSTANCES"))
    parser.add_argument("--best")
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--threads", type=int, default=2, help="searches per instance")
    parser.add_argument("--jobs", type=int, default=1, help="instances at a time")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--moves", type=int, help="a move budget instead of the clock")
    parser.add_argument("--engine", choices=("compiled", "python"), default="compiled")
    args = parser.parse_args()
    if not args.instances:
        print("bench/ihtc.py: no --instances DIR (or IHTC_INSTANCES); skipped")
        return 0
    compiled = args.engine == "compiled"
    folder = Path(args.instances)
    names = args.names or sorted(p.stem for p in folder.glob("i*.json"))
    best_path = Path(args.best) if args.best else folder.parent / "best_known_ihtc2024.csv"
    best: dict[str, int] = {}
    if best_path.exists():
        with best_path.open() as handle:
            for row in csv.DictReader(handle):
                best[row["instance"]] = int(row["best_competition_rules"])
    paths = [str(folder / f"{name}.json") for name in names]
    print(f"{'instance':8} {'viol':>5} {'cost':>8} {'best':>8} {'ratio':>7} {'sec':>6} "
          f"{'windows':>8} {'cheaper':>8} {'restarts':>8} {'moves/s':>9} {'moves/cpu-s':>11}")
    feasible, logs = 0, []
    if args.jobs > 1:
        pool = ProcessPoolExecutor(max_workers=args.jobs)
        rows = [pool.submit(run_one, p, args.time_limit, args.seed, args.threads, args.moves,
                            compiled) for p in paths]
        results = (job.result() for job in rows)
    else:
        pool = None
        results = (run_one(p, args.time_limit, args.seed, args.threads, args.moves, compiled)
                   for p in paths)
    for name, violations, cost, seconds, windows, cheaper, restarts, speed, cpu_speed, effort \
            in results:
        known = best.get(name)
        ratio = cost / known if known and violations == 0 else None
        if violations == 0:
            feasible += 1
            if ratio is not None:
                logs.append(math.log(ratio))
        print(f"{name:8} {violations:5} {cost:8} {known if known else '-':>8} "
              f"{f'{ratio:.3f}' if ratio else '-':>7} {seconds:6.1f} {windows:8} {cheaper:8} "
              f"{restarts:8} {speed:9,.0f} {cpu_speed:11,.0f}",
              *effort_lines(effort), sep="\n", flush=True)
    if pool is not None:
        pool.shutdown()
    mean = f"{math.exp(sum(logs) / len(logs)):.3f}" if logs else "-"
    budget = f"{args.moves:,} moves" if args.moves else f"time limit {args.time_limit:g} s"
    print(f"feasible {feasible}/{len(paths)}; geometric mean ratio {mean} "
          f"({budget}, seed {args.seed}, {args.engine})")
    return 0 if feasible == len(paths) else 1


if __name__ == "__main__":
    sys.exit(main())
