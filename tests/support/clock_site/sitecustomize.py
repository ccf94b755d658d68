"""Started by a test (on `PYTHONPATH`): a child Python keeps the suite's clock, see
`support/clock.py`. Outside the suite `HRA_TEST_CLOCK_OFFSET` is unset and this does nothing."""

import os

if offset := os.environ.get("HRA_TEST_CLOCK_OFFSET"):
    import time

    import time_machine

    time_machine.travel(time.time() + float(offset), tick=True).start()
