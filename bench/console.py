"""Console speed: start to first list drawn (beside a bare Textual app), list open, filter per key.

    .venv/bin/hra demo --size hospital --db /tmp/hospital.db
    .venv/bin/python bench/console.py --db /tmp/hospital.db     # without --db: a demo ward

Start is measured twice, each side by side with a bare Textual app (a header, a 50-row table and
a footer) started the same way in the same run:
- as a clerk starts it: the installed `hra` command in a pseudo-terminal of 80x24, from the
  command to the first patient's MRN written to the terminal (the command line's own imports,
  the terminal driver, the schema check, opening the ward); its CPU seconds beside the wall
  clock, which a busy machine stretches;
- in-process and headless (HraApp alone), as earlier rounds measured it.
Filter time is from the key press to the list holding that key's matches, including the filter
line's debounce (30 ms); the query alone is shown beside it. Targets: start <= 1.6 x the bare
app, filter <= 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

CHILD = """
import sys, time
t0 = float(sys.argv[1])
from pathlib import Path
from hra_tui.app import HraApp
from hra_tui.screens.patients.list import PatientsScreen

async def pilot(p):
    app = p.app
    while not (isinstance(app.screen, PatientsScreen) and app.screen.rows):
        await p.pause(0.005)
    await p.pause()  # one refresh: the rows are on the screen
    app.exit(time.time() - t0)

app = HraApp(Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
print(app.run(headless=True, auto_pilot=pilot, size=(80, 24)))
"""

BARE = """
import sys, time
t0 = float(sys.argv[1])
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("MRN", "Name", "Age", "Bed")
        for n in range(50):
            table.add_row(f"P{n:06d}", f"Patient {n}", str(20 + n), f"{n}A")

async def pilot(p):
    await p.pause()  # one refresh: the rows are on the screen
    p.app.exit(time.time() - t0)

print(Bare().run(headless=True, auto_pilot=pilot, size=(80, 24)))
"""

# The bare app as a clerk would start it: run in a terminal, not headless.
BARE_TERMINAL = (BARE.split("async def pilot")[0].replace("t0 = float(sys.argv[1])", "")
                 + "Bare().run()\n")

TARGET_START_RATIO = 1.6
TARGET_FILTER_MS = 100.0


def start_time(script: str, *args: str) -> float:
    argv = [sys.executable, "-c", script, repr(time.time()), *args]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=60)
    return float(out.stdout.strip().splitlines()[-1])


def terminal_start(argv: list[str], marker: bytes, env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds from starting `argv` in an 80x24 pseudo-terminal to `marker` written
    to it; the program is killed there, so its CPU time is what the first screen cost."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(argv[0], argv, env)
    seen, wall = b"", None
    try:
        while wall is None:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                raise TimeoutError(f"{argv[0]} drew nothing with {marker!r} in 30 s")
            seen = (seen + os.read(fd, 65536))[-4096:]
            if marker in seen:
                wall = time.perf_counter() - started
    finally:
        os.kill(pid, signal.SIGKILL)
        _, _, usage = os.wait4(pid, 0)
        os.close(fd)
    return wall, usage.ru_utime + usage.ru_stime


async def _until(condition, timeout: float = 30.0) -> None:
    """Poll without the pilot's idle waits, which would add their own tens of milliseconds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the console did not get there")
        await asyncio.sleep(0.001)


async def interactive(db: Path, user: str | None, words: list[str]) -> dict[str, list[float]]:
    """Keys are posted to the app as the terminal driver posts them; the clock stops when the
    list holds the rows for what was typed."""
    from textual import events

    from hra_tui.app import HraApp
    from hra_tui.screens.patients.list import PatientsScreen

    def key(app: HraApp, name: str, char: str | None = None) -> None:
        app.post_message(events.Key(name, char if char else name if len(name) == 1 else None))

    app = HraApp(db, user)
    timings: dict[str, list[float]] = {"open": [], "filter": [], "query": []}
    async with app.run_test(size=(80, 24)):
        await _until(lambda: isinstance(app.screen, PatientsScreen) and bool(app.screen.rows))
        screen = app.screen
        for _ in range(5):  # re-open the list from another area
            key(app, "i")
            await _until(lambda: app.current_mode == "billing" and bool(app.screen.rows))
            screen.table.clear()  # so the list counts as open once the reload has filled it
            started = time.perf_counter()
            key(app, "p")
            await _until(lambda: screen.table.row_count > 0)
            timings["open"].append(time.perf_counter() - started)
        for word in words:
            key(app, "slash", "/")
            await _until(lambda: app.focused is not None and app.focused.id == "filter")
            typed = ""
            for char in word:
                typed += char
                started = time.perf_counter()
                key(app, char)
                await _until(lambda t=typed: screen.query_shown == t)
                timings["filter"].append(time.perf_counter() - started)
                began = time.perf_counter()
                await app.ward.patient_list.search(typed, limit=100)
                timings["query"].append(time.perf_counter() - began)
            key(app, "escape")
            await _until(lambda: screen.query_shown == "")
    return timings


def ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:6.1f} ms   "
            f"max {max(values) * 1000:6.1f} ms   (n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a ward database (default: a fresh demo ward)")
    parser.add_argument("--user", default=None)
    parser.add_argument("--runs", type=int, default=3, help="cold starts to time")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if options.db is None:
            options.db = Path(folder) / "demo.db"
            subprocess.run([sys.executable, "-m", "hra_tui.cli", "--db", str(options.db),
                            "demo"], check=True, stdout=subprocess.DEVNULL)
        elif not options.db.exists():
            sys.exit(f"No database at {options.db}; make one with "
                     f"hra demo --size hospital --db {options.db}")
        report(options)


def terminal_report(options: argparse.Namespace) -> float:
    """The start in a terminal, as a clerk types `hra`; returns the median wall-clock ratio."""
    hra = Path(sys.executable).parent / "hra"
    env = {**os.environ, "TERM": "xterm-256color", "HRA_DB": str(options.db)}
    user = ["--user", options.user] if options.user else []
    with tempfile.NamedTemporaryFile("w", suffix=".py") as script:
        script.write(BARE_TERMINAL)
        script.flush()
        bare, starts = [], []
        for _ in range(options.runs):  # interleaved, so both see the same machine
            bare.append(terminal_start([sys.executable, script.name], b"Patient 2", env))
            starts.append(terminal_start([str(hra), *user], b"P0", env))
    ratios = [statistics.median(s[n] for s in starts) / statistics.median(b[n] for b in bare)
              for n in (0, 1)]
    for label, runs in (("bare Textual app, in a terminal", bare),
                        ("hra command, first list drawn", starts)):
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(f"{label:<34} median {statistics.median(walls):6.2f} s    "
              f"max {max(walls):6.2f} s    CPU {statistics.median(cpus):5.2f} s")
    print(f"{'  ratio':<34} {ratios[0]:.2f} x wall clock, {ratios[1]:.2f} x CPU, target <= "
          f"{TARGET_START_RATIO} x")
    return ratios[0]


def report(options: argparse.Namespace) -> None:
    print(f"console on {options.db}")
    terminal_ratio = terminal_report(options)
    user = [options.user] if options.user else []
    bare, starts = [], []
    for _ in range(options.runs):  # interleaved, so both see the same machine
        bare.append(start_time(BARE))
        starts.append(start_time(CHILD, str(options.db), *user))
    ratio = statistics.median(starts) / statistics.median(bare)
    words = ["smith", "ana", "P00012", "zz"]
    timings = asyncio.run(interactive(options.db, options.user, words))
    filter_median = statistics.median(timings["filter"]) * 1000
    print(f"{'bare Textual app, headless':<34} median {statistics.median(bare):6.2f} s    "
          f"max {max(bare):6.2f} s")
    print(f"{'HraApp in-process, headless':<34} median {statistics.median(starts):6.2f} s    "
          f"max {max(starts):6.2f} s    {ratio:.2f} x the bare app, target <= "
          f"{TARGET_START_RATIO} x")
    print(f"{'patient list open (from billing)':<34} {ms(timings['open'])}")
    print(f"{'filter, key to list shown':<34} {ms(timings['filter'])}   "
          f"target <= {TARGET_FILTER_MS:.0f} ms")
    print(f"{'  of which the query':<34} {ms(timings['query'])}")
    print(f"filter words typed one key at a time: {', '.join(words)}")
    verdict = "meets" if (max(ratio, terminal_ratio) <= TARGET_START_RATIO
                          and filter_median <= TARGET_FILTER_MS) else "MISSES"
    print(f"{verdict} the targets (medians)")


if __name__ == "__main__":
    main()
