"""The suite's clock holds wherever a test looks: here, and in any Python a test starts (the
CLI, `hra serve` and its sessions), so no result depends on the day it runs."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

from support import clock


def test_this_process_lives_at_the_suites_moment(now):
    assert now == clock.suite_now()
    assert timedelta(0) <= datetime.now(UTC) - now < timedelta(hours=1)  # ticking on from it


def test_a_python_a_test_starts_lives_there_too(now):
    out = subprocess.run([sys.executable, "-c", "from datetime import UTC, datetime; "
                          "print(datetime.now(UTC).isoformat())"],
                         capture_output=True, text=True, check=True).stdout
    assert timedelta(0) <= datetime.fromisoformat(out.strip()) - now < timedelta(hours=1)
