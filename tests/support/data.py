"""Where the tests' data files are: `tests/data`, also read by `bench/`."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
PAPER = DATA / "paper"  # the paper's instances, with their optima in expected.json
IHTC = DATA / "ihtc"  # the IHTC-2024 toy and test instances with the organisers' solutions
