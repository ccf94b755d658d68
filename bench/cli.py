"""How fast the command line answers, side by side with what it is built on, in one run.

Prints the median wall time of: a bare Typer app's `--help` and `hra --help` (target: within
1.5 x), and `python -c "import sqlalchemy"` and hra's data commands on the demo ward (target:
within 1.3 x). Usage: python bench/cli.py [--runs N]
"""

from __future__ import annotations

import argparse
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


def median_seconds(argv: list[str], runs: int) -> float:
    """Median wall time; the exit status is not checked (a refusal is a fine answer too)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    python = sys.executable
    hra = [python, "-m", "hra_tui.cli"]
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare_typer.py"
        bare.write_text(BARE_TYPER)
        db = Path(folder) / "demo.db"
        subprocess.run([*hra, "--db", str(db), "demo"], check=True, stdout=subprocess.DEVNULL)
        pairs = [
            ("bare Typer --help", [python, str(bare), "--help"],
             "hra --help", [*hra, "--help"], 1.5),
            ("import sqlalchemy", [python, "-c", "import sqlalchemy"],
             "hra patient list", [*hra, "--db", str(db), "patient", "list", "--limit", "20"],
             1.3),
            ("import sqlalchemy", [python, "-c", "import sqlalchemy"],
             "hra bed list", [*hra, "--db", str(db), "bed", "list"], 1.3),
            ("import sqlalchemy", [python, "-c", "import sqlalchemy"],
             "hra admit (refused)", [*hra, "--db", str(db), "admit", "P999999", "1A"], 1.3),
        ]
        print(f"{'baseline':<22}{'s':>7}  {'hra':<22}{'s':>7}  {'ratio':>6}  target")
        for base_name, base_argv, name, argv, target in pairs:
            base = median_seconds(base_argv, runs)
            ours = median_seconds(argv, runs)
            ratio = ours / base
            verdict = "ok" if ratio <= target else "SLOW"
            print(f"{base_name:<22}{base:7.3f}  {name:<22}{ours:7.3f}  {ratio:6.2f}  "
                  f"<= {target} {verdict}")


if __name__ == "__main__":
    main()
