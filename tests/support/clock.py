"""The suite's one clock: every test, and every Python a test starts, lives at `SUITE_NOW`.

The ward's rules and planners read the wall clock (a booking may not be in the past, the
planner plans the coming slots, the demo is drawn around today), so a suite on the real clock
passes or fails by the day it runs. `start()` moves this process's clock to `SUITE_NOW` (it
ticks on from there, so timeouts behave) and leaves the offset in the environment, where
`clock_site/sitecustomize.py` applies it to every Python a test starts (the CLI, `hra serve`
and its sessions), so parent and children agree on the time. `HRA_TEST_NOW` (ISO 8601) runs
the whole suite at another moment. Local time is UTC, as on the ward machine of the snapshots.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import time_machine

SUITE_NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # a Tuesday morning
OFFSET_VAR = "HRA_TEST_CLOCK_OFFSET"  # seconds from the real clock to the suite's
SITE = Path(__file__).with_name("clock_site")


def suite_now() -> datetime:
    """The moment the suite runs at: `HRA_TEST_NOW` if given, else `SUITE_NOW`."""
    given = os.environ.get("HRA_TEST_NOW")
    if not given:
        return SUITE_NOW
    moment = datetime.fromisoformat(given)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def start(children: bool = True) -> datetime:
    """Put this process, and with `children` the Pythons it starts, on the suite's clock;
    returns its moment. (pytest-xdist's workers start their own clock: put there from the
    outside, time_machine would be imported before pytest could load it as a plugin.)"""
    os.environ["TZ"] = "UTC"
    time.tzset()
    moment = suite_now()
    if children:
        os.environ[OFFSET_VAR] = repr(moment.timestamp() - time.time())
        os.environ["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(SITE), os.environ.get("PYTHONPATH", "")) if p)
    time_machine.travel(moment, tick=True).start()
    return moment
