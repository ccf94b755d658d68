"""`hra patient list --json | head` ends quietly with exit 0 when the reader stops early."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HRA = Path(sys.executable).with_name("hra")


@pytest.mark.parametrize("json_flag", [["--json"], []])
def test_a_listing_whose_reader_has_gone_exits_0_quietly(seeded_db, seed, json_flag):
    proc = subprocess.Popen([str(HRA), "--db", str(seeded_db), "--user", seed.admin,
                             "patient", "list", *json_flag],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first line is written
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert b"Traceback" not in err and b"Broken pipe" not in err
