"""Benchmark: the ward's foundation at hospital size (100,000 patients, 1,000 beds).

Measures `hra demo --size hospital`; admit and discharge latency through the services (median
and p95 over 200 of each); export and import of 100,000 patients; and the same file loaded by
the sqlite3 shell's `.import` into an equivalent table (the patients table's columns,
constraints and indexes, plus the file's other columns), with the ratio.
Targets: admit median <= 5 ms; import within 3x of sqlite3 `.import`.

    .venv/bin/python bench/foundation.py [--operations 200] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hra_tui.services.csv.export import export_csv  # noqa: E402
from hra_tui.services.csv.importing import import_csv  # noqa: E402
from hra_tui.services.ward import Ward  # noqa: E402

HRA = [sys.executable, "-c", "from hra_tui.cli import main; main()"]
# What a patients file loads into when nothing but SQLite does the work: the patients
# table's columns, constraints and indexes, plus (for the full file) its other columns.
_PATIENT_COLUMNS = """
    mrn TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    age INTEGER NOT NULL CHECK (age BETWEEN 0 AND 130),
    gender TEXT NOT NULL CHECK (gender IN ('F', 'M', 'X')), phone TEXT NOT NULL,
    address TEXT NOT NULL"""
EQUIVALENT_TABLE = f"""
CREATE TABLE patients_csv ({_PATIENT_COLUMNS}, doctor TEXT, bed TEXT, appointment TEXT,
    amount TEXT, "billing status" TEXT,
    urgency INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 10), prescription TEXT);
CREATE INDEX ix_patients_csv_name ON patients_csv (name);
"""
PLAIN_COLUMNS = ("mrn", "name", "age", "gender", "phone", "address", "urgency")
PLAIN_TABLE = f"""
CREATE TABLE patients_csv ({_PATIENT_COLUMNS},
    urgency INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 10));
CREATE INDEX ix_patients_csv_name ON patients_csv (name);
"""
PATIENT_CHILDREN = ("resource_bookings", "care_requests", "billing", "appointments",
                    "admissions")


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, value: str, target: str = "", verdict: str = "") -> None:
        self.rows.append((what, value, target, verdict))
        print(f"  {what}: {value}", file=sys.stderr, flush=True)

    def print(self) -> None:
        widths = [max(len(row[i]) for row in [("measure", "value", "target", ""), *self.rows])
                  for i in range(4)]
        for row in [("measure", "value", "target", "met"), *self.rows]:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths,
                                                                     strict=True)).rstrip())


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def make_demo(path: Path) -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if k != "HRA_USER"}
    started = time.perf_counter()
    done = subprocess.run([*HRA, "--db", str(path), "demo", "--size", "hospital"], env=env,
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout.strip()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def bed_latency(path: Path, operations: int) -> tuple[list[float], list[float]]:
    """Admit a patient into a free bed, discharge, mark the bed clean; time admit/discharge."""
    con = sqlite3.connect(path)
    beds = [label for (label,) in con.execute(
        "SELECT label FROM beds WHERE status = 'free' ORDER BY id LIMIT 50")]
    mrns = [mrn for (mrn,) in con.execute("""
        SELECT mrn FROM patients p WHERE NOT EXISTS (SELECT 1 FROM admissions a
          WHERE a.patient_id = p.id AND a.discharged_at IS NULL)
        ORDER BY random() LIMIT ?""", (operations,))]
    doctor = con.execute("SELECT id FROM staff WHERE role = 'doctor' LIMIT 1").fetchone()[0]
    con.close()
    admits, discharges = [], []
    async with await Ward.open(path) as ward:
        for k, mrn in enumerate(mrns):
            bed = beds[k % len(beds)]
            started = time.perf_counter()
            await ward.beds.admit(mrn, bed, doctor, "Observation")
            admits.append(time.perf_counter() - started)
            started = time.perf_counter()
            await ward.beds.discharge(mrn)
            discharges.append(time.perf_counter() - started)
            await ward.beds.mark_clean(bed)
    return admits, discharges


def without_patients(source: Path, target: Path) -> None:
    """A copy of the hospital with its staff, wards and beds but no patients, for import."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    for table in PATIENT_CHILDREN:
        dst.execute(f"DELETE FROM {table}")
    dst.execute("DELETE FROM patients")
    dst.execute("UPDATE beds SET status = 'free', note = '' WHERE status = 'occupied'")
    dst.commit()
    dst.execute("VACUUM")
    dst.close()


def plain_copy(source: Path, target: Path) -> None:
    """The same patients with only the patients table's own columns."""
    with open(source, encoding="utf-8-sig", newline="") as src, \
            open(target, "w", encoding="utf-8", newline="") as dst:
        reader, writer = csv.reader(src), csv.writer(dst)
        header = next(reader)
        keep = [header.index(name) for name in PLAIN_COLUMNS]
        writer.writerow(PLAIN_COLUMNS)
        writer.writerows([row[i] for i in keep] for row in reader)


def compare(table: Table, workdir: Path, empty: Path, source: Path, ddl: str,
            what: str) -> None:
    """Import `source` into a copy of `empty` through hra, then by the shell; add the ratio."""
    target = workdir / "import-target.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(empty, target)
    ours, ours_cpu, rows = asyncio.run(import_patients(target, source))
    con = sqlite3.connect(target)
    made = con.execute("""SELECT (SELECT count(*) FROM admissions),
        (SELECT count(*) FROM appointments), (SELECT count(*) FROM billing)""").fetchone()
    con.close()
    table.add(f"import {rows:,} patients, {what} (hra: checked, 1 transaction)",
              f"{ours:.2f} s ({ours_cpu:.2f} s CPU)")
    if any(made):
        table.add("  rows written besides patients",
                  f"{made[0]:,} stays, {made[1]:,} appointments, {made[2]:,} invoices")
    if shutil.which("sqlite3"):
        label, (theirs, theirs_cpu, loaded) = "sqlite3 .import", shell_import(workdir, source,
                                                                              ddl)
    else:
        label = "python executemany (no sqlite3 shell)"
        theirs, theirs_cpu, loaded = python_import(workdir, source, ddl)
    table.add(f"  {label} of the same file into 1 table ({loaded:,} rows)",
              f"{theirs:.2f} s ({theirs_cpu:.2f} s CPU)")
    ratio, cpu_ratio = ours / theirs, ours_cpu / theirs_cpu
    table.add("  ratio hra / sqlite3 (wall; CPU)", f"{ratio:.1f}x; {cpu_ratio:.1f}x", "<= 3x",
              "yes" if ratio <= 3 else "NO")


async def export_patients(path: Path, out: Path) -> tuple[float, int]:
    async with await Ward.open(path) as ward:
        started = time.perf_counter()
        result = await export_csv(ward, "patients", out)
        return time.perf_counter() - started, result.rows


async def import_patients(path: Path, source: Path) -> tuple[float, float, int]:
    async with await Ward.open(path) as ward:
        started, cpu = time.perf_counter(), time.process_time()
        result = await import_csv(ward, "patients", source)
        return time.perf_counter() - started, time.process_time() - cpu, result.rows


def shell_import(workdir: Path, source: Path, ddl: str) -> tuple[float, float, int]:
    db = workdir / "shell-import.db"
    db.unlink(missing_ok=True)
    sqlite3.connect(db).executescript(ddl).close()
    script = f".mode csv\n.import --skip 1 '{source}' patients_csv\n"
    cpu, started = child_cpu(), time.perf_counter()
    subprocess.run(["sqlite3", str(db)], input=script, text=True, check=True,
                   capture_output=True)
    elapsed, used = time.perf_counter() - started, child_cpu() - cpu
    con = sqlite3.connect(db)
    rows = con.execute("SELECT count(*) FROM patients_csv").fetchone()[0]
    con.close()
    return elapsed, used, rows


def python_import(workdir: Path, source: Path, ddl: str) -> tuple[float, float, int]:
    """The fallback when there is no sqlite3 shell: csv + executemany, no checks at all."""
    db = workdir / "py-import.db"
    db.unlink(missing_ok=True)
    con = sqlite3.connect(db)
    con.executescript(ddl)
    started, cpu = time.perf_counter(), time.process_time()
    with open(source, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        width = len(next(reader))
        con.executemany(f"INSERT INTO patients_csv VALUES ({', '.join('?' * width)})", reader)
    con.commit()
    elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    rows = con.execute("SELECT count(*) FROM patients_csv").fetchone()[0]
    con.close()
    return elapsed, used, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="Work in this folder and keep the files.")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="hra-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    hospital, empty = workdir / "hospital.db", workdir / "no-patients.db"
    exported = workdir / "patients.csv"
    for stale in (hospital, empty):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{stale}{suffix}").unlink(missing_ok=True)
    table = Table()
    try:
        seconds, line = make_demo(hospital)
        table.add("hra demo --size hospital (wall, incl. start-up)", f"{seconds:.1f} s",
                  "< 60 s", "yes" if seconds < 60 else "NO")
        table.add("  loaded", line.split(": ", 1)[1])

        without_patients(hospital, empty)
        admits, discharges = asyncio.run(bed_latency(hospital, args.operations))
        median = statistics.median(admits) * 1000
        table.add(f"admit median / p95 ({len(admits)} ops)",
                  f"{median:.2f} / {percentile(admits, 0.95) * 1000:.2f} ms", "median <= 5 ms",
                  "yes" if median <= 5 else "NO")
        table.add(f"discharge median / p95 ({len(discharges)} ops)",
                  f"{statistics.median(discharges) * 1000:.2f} / "
                  f"{percentile(discharges, 0.95) * 1000:.2f} ms")

        seconds, rows = asyncio.run(export_patients(hospital, exported))
        table.add(f"export {rows:,} patients", f"{seconds:.2f} s")
        compare(table, workdir, empty, exported, EQUIVALENT_TABLE, "every column")
        plain = workdir / "patients-plain.csv"
        plain_copy(exported, plain)
        compare(table, workdir, empty, plain, PLAIN_TABLE, "patient columns only")
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    table.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
