"""Benchmark: the cost-waiting fronts as a clerk runs them, timed from the shell.

The paper's scenarios: `hra paper front --points 9` on each file, with every point's status,
whether the points are mutually non-dominated, and the two ends against `hra paper solve
--method direct` with one goal weighted (1,0,0 for the cost end, 0,1,0 for the waiting end).
The ward: `hra plan front --points 7` on the demo ward, and on the hospital demo with its
gaps. Targets: every paper point proven, non-dominated, ends equal, each front under 60 s;
the demo ward's front under 60 s.

    .venv/bin/python bench/front.py [--paper FILE,...] [--hospital] [--hospital-limit 120]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HRA = str(Path(sys.executable).parent / "hra")
PAPER = ROOT / "tests" / "data" / "paper"
SCENARIOS = "scenario1-seed101.json,scenario2-seed100.json,scenario2-seed101.json"


def timed(*args: str) -> tuple[float, dict]:
    """Run `hra args --json`, returning (seconds, its JSON)."""
    start = time.monotonic()
    out = subprocess.run([HRA, *args, "--json"], capture_output=True, text=True, check=False)
    seconds = time.monotonic() - start
    if out.returncode != 0:
        raise SystemExit(f"hra {' '.join(args)} failed: {out.stderr.strip()[-300:]}")
    return seconds, json.loads(out.stdout)


def dominated(points: list[dict]) -> int:
    return sum(1 for p in points if any(q["cost"] <= p["cost"] and q["waiting"] <= p["waiting"]
                                        and q is not p for q in points))


def paper(files: list[str]) -> None:
    print(f"{'instance':24} {'points':>6} {'proven':>6} {'dominated':>9} {'cost end':>13} "
          f"{'waiting end':>13} {'front s':>8} {'direct s':>9}")
    for name in files:
        path = str(PAPER / name)
        seconds, front = timed("paper", "front", path, "--points", "9")
        points = front["points"]
        c_s, cheapest = timed("paper", "solve", path, "--method", "direct", "--weights",
                              "1,0,0", "--time-limit", "60")
        w_s, quickest = timed("paper", "solve", path, "--method", "direct", "--weights",
                              "0,1,0", "--time-limit", "60")
        cost_end = f"{points[0]['cost']}={cheapest['objective']:.0f}" + (
            "" if cheapest["status"] == "OPTIMAL" else "?")
        wait_end = f"{points[-1]['waiting']}={quickest['objective']:.0f}" + (
            "" if quickest["status"] == "OPTIMAL" else "?")
        ok = (points[0]["cost"] == cheapest["objective"]
              and points[-1]["waiting"] == quickest["objective"])
        print(f"{name:24} {len(points):>6} {sum(p['status'] == 'proven' for p in points):>6} "
              f"{dominated(points):>9} {cost_end:>13} {wait_end:>13} {seconds:>8.1f} "
              f"{c_s + w_s:>9.1f}  {'ends equal' if ok else 'ENDS DIFFER'}", flush=True)


def ward(size: str, limit: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "ward.db")
        subprocess.run([HRA, "--db", db, "demo", "--size", size], check=True,
                       capture_output=True)
        seconds, front = timed("--db", db, "plan", "front", "--points", "7", "--time-limit",
                               str(limit))
    points = front["points"]
    print(f"\n{size} demo: {len(points)} of 7 points over {front['slots']} slots, "
          f"{seconds:.1f} s (limit {limit:g} s), {dominated(points)} dominated")
    print(f"{'cost':>8} {'waiting':>8} {'quality':>8} {'status':>11} {'gap':>7}")
    for p in points:
        gap = "-" if p["gap"] is None else f"{p['gap']:.1%}"
        print(f"{p['cost']:>8,} {p['waiting']:>8,} {p['quality']:>8,} {p['status']:>11} "
              f"{gap:>7}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paper", default=SCENARIOS)
    parser.add_argument("--hospital", action="store_true", help="also the hospital demo")
    parser.add_argument("--hospital-limit", type=float, default=120.0)
    args = parser.parse_args()
    paper(args.paper.split(","))
    ward("ward", 60.0)
    if args.hospital:
        ward("hospital", args.hospital_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
