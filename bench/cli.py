"""How fast the command line answers, side by side with what it is built on, in one run.

Prints the median wall time of: a bare Typer app's `--help` and `hra --help` (target: within
1.5 x), and hra's data commands on the demo ward against their baseline (target: within
1.3 x). A data command that imports SQLAlchemy is held to `python -c "import sqlalchemy"`;
one that does not, to a bare Typer app running a command after `import sqlite3`. Each command
and its baseline take turns, so a busy machine slows both alike; the CPU-time ratio beside
the wall-time one is the steadier figure there. `--instructions` counts instead the
instructions each runs once under valgrind's callgrind, a figure the machine's load does not
move (about forty times slower; needs valgrind).
Every command runs once before it is measured, with its bytecode cached as an installed `hra`
has it (PYTHONDONTWRITEBYTECODE is dropped for the runs: without the cache each run of hra
compiled its own modules again, about a sixth of a command, while the baselines' libraries
came compiled).
Usage: python bench/cli.py [--runs N] [--instructions]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_TYPER = '''
import typer
app = typer.Typer()
@app.command()
def hello(name: str) -> None:
    print(name)
@app.command()
def bye() -> None:
    pass
app()
'''

# The runs' environment: bytecode written once and then read, as an installed hra reads it.
CACHED = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def seconds(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU time of one run; the exit status is not checked (a refusal is a fine answer
    too)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CACHED)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def medians(first: list[str], second: list[str], runs: int) -> list[tuple[float, float]]:
    """The median wall and CPU time of each, run in turns."""
    times: list[list[tuple[float, float]]] = [[], []]
    for _ in range(runs):
        times[0].append(seconds(first))
        times[1].append(seconds(second))
    return [(statistics.median(t[0] for t in each), statistics.median(t[1] for t in each))
            for each in times]


def instructions(argv: list[str]) -> int:
    """The instructions one run executes, counted by callgrind."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env=CACHED)
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))  # type: ignore[union-attr]


def imports_sqlalchemy(argv: list[str]) -> bool:
    """Whether running `argv` (a Python command) imports SQLAlchemy at all."""
    done = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], capture_output=True,
                          text=True, env=CACHED)
    return any(line.startswith("import time:") and line.rsplit("|", 1)[1].strip() == "sqlalchemy"
               for line in done.stderr.splitlines())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions under callgrind instead of timing")
    arguments = parser.parse_args()
    runs = arguments.runs
    python = sys.executable
    hra = [python, "-m", "hra_tui.cli"]
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare_typer.py"
        bare.write_text(BARE_TYPER)
        bare_sqlite = Path(folder) / "bare_typer_sqlite3.py"
        bare_sqlite.write_text("import sqlite3\n" + BARE_TYPER)
        db = Path(folder) / "demo.db"
        subprocess.run([*hra, "--db", str(db), "demo"], check=True, stdout=subprocess.DEVNULL)
        baselines = {
            "sqlalchemy": ("import sqlalchemy", [python, "-c", "import sqlalchemy"]),
            "sqlite3": ("Typer+sqlite3 command", [python, str(bare_sqlite), "hello", "x"]),
        }
        data_commands = [
            ("hra patient list", [*hra, "--db", str(db), "patient", "list", "--limit", "20"]),
            ("hra bed list", [*hra, "--db", str(db), "bed", "list"]),
            ("hra admit (refused)", [*hra, "--db", str(db), "admit", "P999999", "1A"]),
        ]
        pairs = [("bare Typer --help", [python, str(bare), "--help"],
                  "hra --help", [*hra, "--help"], 1.5)]
        for name, argv in data_commands:
            base_name, base_argv = baselines["sqlalchemy" if imports_sqlalchemy(argv)
                                             else "sqlite3"]
            pairs.append((base_name, base_argv, name, argv, 1.3))
        for pair in pairs:  # the first run writes the bytecode the measured ones read
            for argv in (pair[1], pair[3]):
                seconds(argv)
        if arguments.instructions:
            print(f"{'baseline':<22}{'Minstr':>7}  {'hra':<22}{'Minstr':>7}  {'ratio':>6}  "
                  "target")
            counted: dict[tuple[str, ...], float] = {}  # a baseline shared is counted once
            for base_name, base_argv, name, argv, target in pairs:
                for each in (base_argv, argv):
                    if tuple(each) not in counted:
                        counted[tuple(each)] = instructions(each) / 1e6
                base, ours = counted[tuple(base_argv)], counted[tuple(argv)]
                ratio = ours / base
                verdict = "ok" if ratio <= target else "SLOW"
                print(f"{base_name:<22}{base:7.0f}  {name:<22}{ours:7.0f}  {ratio:6.2f}  "
                      f"<= {target} {verdict}")
            return
        print(f"{'baseline':<22}{'s':>7}  {'hra':<22}{'s':>7}  {'ratio':>6}  target     "
              "cpu ratio")
        for base_name, base_argv, name, argv, target in pairs:
            (base, base_cpu), (ours, ours_cpu) = medians(base_argv, argv, runs)
            ratio = ours / base
            verdict = "ok" if ratio <= target else "SLOW"
            print(f"{base_name:<22}{base:7.3f}  {name:<22}{ours:7.3f}  {ratio:6.2f}  "
                  f"<= {target} {verdict:<4}  {ours_cpu / base_cpu:5.2f}")


if __name__ == "__main__":
    main()
