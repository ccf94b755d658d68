"""Both engines under the same load, side by side: the hospital demo on SQLite (a file) and on
PostgreSQL (a throwaway cluster, as tests/support/postgres.py starts one), then N processes
for S seconds of admits, transfers, discharges, cleans and bookings, split into two "machines"
(two process groups, each process with its own connections). After each run it checks what
must hold and prints it beside the operations per second: no bed or patient with two active
stays, one audit row per success, and `hra db check` clean.

The PostgreSQL cluster keeps fsync on and commits asynchronously (synchronous_commit off), the
durability SQLite's WAL with synchronous=NORMAL gives: a crash may lose the last commits,
never corrupt. Usage:
    python bench/engines.py [--processes 16] [--seconds 60] [--size hospital|ward]
                            [--engines sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from support.postgres import Cluster  # noqa: E402 (the tests' throwaway cluster)

from db.demo import create_demo  # noqa: E402
from db.location import Location, ward_at  # noqa: E402
from hra_tui.services.errors import Refused  # noqa: E402
from hra_tui.services.health import check_database  # noqa: E402
from hra_tui.services.times import utcnow  # noqa: E402
from hra_tui.services.ward import Ward  # noqa: E402

OPERATIONS = ("admit", "admit", "transfer", "discharge", "clean", "clean", "book")
DOUBLE_STAYS = """
SELECT (SELECT count(*) FROM (SELECT bed_id FROM admissions WHERE discharged_at IS NULL
                              GROUP BY bed_id HAVING count(*) > 1) beds)
     + (SELECT count(*) FROM (SELECT patient_id FROM admissions WHERE discharged_at IS NULL
                              GROUP BY patient_id HAVING count(*) > 1) patients)"""


async def _one(ward: Ward, op: str, rng: random.Random, board, mrns, doctors, mine) -> None:
    free = [b.label for b in board if b.status == "free"]
    if op == "admit" and free:
        mrn = rng.choice(mrns)
        await ward.beds.admit(mrn, rng.choice(free))
        mine.add(mrn)
    elif op == "transfer" and mine and free:
        await ward.beds.transfer(rng.choice(sorted(mine)), rng.choice(free))
    elif op == "discharge" and mine:
        mrn = rng.choice(sorted(mine))
        mine.discard(mrn)
        await ward.beds.discharge(mrn)
    elif op == "clean":
        cleaning = [b.label for b in board if b.status == "cleaning"]
        if not cleaning:
            raise Refused("no bed to clean")
        await ward.beds.mark_clean(rng.choice(cleaning))
    elif op == "book":
        start = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
            days=1 + rng.randrange(60), hours=rng.randrange(10), minutes=30 * rng.randrange(2))
        await ward.appointments.book(rng.choice(mrns), rng.choice(doctors), start)
    else:
        raise Refused("nothing to do")


async def _work(ward_text: str, seed: int, until: float) -> tuple[Counter, Counter, list[str]]:
    rng = random.Random(seed)
    done, refused, errors = Counter(), Counter(), []
    ward = await Ward.open(ward_at(ward_text), create=False)
    try:
        plain = await ward.context.plain()
        mrns = [m for (m,) in await plain.rows("SELECT mrn FROM patients WHERE active IS 1")]
        doctors = [i for (i,) in await plain.rows(
            "SELECT id FROM staff WHERE role IN ('doctor', 'surgeon') AND active IS 1")]
        mine: set[str] = set()
        board = await ward.beds.board(None)
        n = 0
        while time.time() < until:
            n += 1
            if n % 10 == 0:
                board = await ward.beds.board(None)
            op = rng.choice(OPERATIONS)
            try:
                await _one(ward, op, rng, board, mrns, doctors, mine)
                done[op] += 1
            except Refused:
                refused[op] += 1
            except Exception as exc:  # counted and shown: the run must have none
                errors.append(f"{op}: {type(exc).__name__}: {exc}"[:200])
    finally:
        await ward.close()
    return done, refused, errors


def _worker(ward_text: str, seed: int, until: float, out) -> None:
    out.put(asyncio.run(_work(ward_text, seed, until)))


async def _read(ward: Location, sql: str) -> int:
    async with await Ward.open(ward, create=False) as opened:
        return (await (await opened.context.plain()).rows(sql))[0][0]


def run_load(ward: Location, processes: int, seconds: float) -> dict:
    """The load on one ward; what it did and what held afterwards."""
    audit_before = asyncio.run(_read(ward, "SELECT count(*) FROM audit_log"))
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    start = time.time() + 5  # every process opened its ward before the clock starts
    until = start + seconds
    groups = [[ctx.Process(target=_worker, args=(str(ward), 100 * machine + k, until, results))
               for k in range(machine, processes, 2)] for machine in (0, 1)]
    for process in (p for group in groups for p in group):
        process.start()
    gathered = [results.get(timeout=seconds + 300) for _ in range(processes)]
    for process in (p for group in groups for p in group):
        process.join()
    done, refused, errors = Counter(), Counter(), []
    for d, r, e in gathered:
        done.update(d)
        refused.update(r)
        errors += e
    audit_after = asyncio.run(_read(ward, "SELECT count(*) FROM audit_log"))
    return {"done": done, "refused": refused, "errors": errors, "seconds": seconds,
            "audit": audit_after - audit_before,
            "double": asyncio.run(_read(ward, DOUBLE_STAYS)),
            "check": asyncio.run(check_database(ward))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--size", choices=("ward", "hospital"), default="hospital")
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="hra-bench-") as folder:
        for engine in args.engines.split(","):
            cluster = Cluster(durable=True) if engine == "postgresql" else None
            try:
                ward = cluster.new_ward("bench") if cluster else Path(folder) / "ward.db"
                built = time.perf_counter()
                create_demo(ward, args.size, seed=7)
                print(f"{engine}: {args.size} demo in {time.perf_counter() - built:.0f} s; "
                      f"{args.processes} processes x {args.seconds:.0f} s ...", flush=True)
                rows.append((engine, run_load(ward, args.processes, args.seconds)))
            finally:
                if cluster:
                    cluster.stop()
    print(f"\n{'engine':<11} {'ops':>6} {'ops/s':>7} {'refused':>8} {'errors':>6} "
          f"{'double stays':>12} {'audit rows':>10} {'db check':>9}  by operation")
    for engine, r in rows:
        ops = sum(r["done"].values())
        by_op = " ".join(f"{op} {r['done'][op]}" for op in sorted(set(OPERATIONS)))
        check = "clean" if not r["check"] else f"{len(r['check'])} bad"
        print(f"{engine:<11} {ops:>6} {ops / r['seconds']:>7.1f} "
              f"{sum(r['refused'].values()):>8} {len(r['errors']):>6} {r['double']:>12} "
              f"{r['audit']:>10} {check:>9}  {by_op}")
        for line in r["errors"][:5] + r["check"][:5]:
            print(f"  {engine}: {line}")


if __name__ == "__main__":
    main()
