"""A soak through `hra serve` (`-m slow`): 30 SSH clients, ten clerks with three clients each,
send a minute of mixed commands (lists, admit, transfer, discharge) to one served ward. Then
the ward checks clean, and its audit holds exactly one row per write a client was told
succeeded: none lost, none extra, none half-written."""

from __future__ import annotations

import asyncio
import json
import random
import re
import subprocess
import sys
import time

import asyncssh
import pytest
from support.ssh import connect, new_key
from support.wards import connect as connect_ward

from db.demo import create_demo
from db.location import Location

CLIENTS_PER_USER, USERS, SECONDS = 3, 10, 60
WRITES = ("admit", "transfer", "discharge")


def _ward(path: Location, now) -> list[str]:
    """A demo ward; its patients' MRNs."""
    create_demo(path, "ward", seed=21, now=now)
    con = connect_ward(path)
    try:
        return [row[0] for row in con.execute("SELECT mrn FROM patients WHERE active")]
    finally:
        con.close()


async def _client(port: int, key, mrns: list[str], seed: int, until: float
                  ) -> dict[str, int]:
    """Read the beds, then admit, transfer or discharge by what was read (others race for
    the same beds, so some are refused); `told` counts the writes reported done."""
    rng = random.Random(seed)
    told = dict.fromkeys(WRITES, 0)
    async with connect(port, key, encoding="utf-8") as conn:

        async def run(command: str) -> asyncssh.SSHCompletedProcess:
            result = await asyncio.wait_for(conn.run(command, check=False), 300)
            assert result.exit_status in (0, 1), (command, result.exit_status, result.stderr)
            assert "Traceback" not in result.stderr, result.stderr
            return result

        while time.monotonic() < until:
            beds = json.loads((await run("bed list --json")).stdout)
            free = [b["label"] for b in beds if b["status"] == "free"]
            held = [b["patient"] for b in beds if b["patient"] and b["status"] == "occupied"]
            waiting = sorted(set(mrns) - {b["patient"] for b in beds if b["patient"]})
            action = rng.choice(WRITES)
            if action == "admit" and free and waiting:
                command = f"admit {rng.choice(waiting)} {rng.choice(free)}"
            elif action == "transfer" and free and held:
                command = f"transfer {rng.choice(held)} {rng.choice(free)}"
            elif action == "discharge" and held:
                command = f"discharge {rng.choice(held)}"
            else:
                await run("patient list --json")
                continue
            if (await run(command)).exit_status == 0:
                told[action] += 1
    return told


@pytest.mark.slow
def test_thirty_ssh_clients_for_a_minute(tmp_path, now, new_location):
    db = new_location("ward")
    mrns = _ward(db, now)
    hra = [sys.executable, "-m", "hra_tui.cli", "--db", str(db)]
    keys = {}
    for n in range(USERS):
        user = f"soak{n}"
        keys[user], public = new_key(user)
        (tmp_path / f"{user}.pub").write_text(public)
        subprocess.run([*hra, "user", "add", user, "--role", "clerk", "--key",
                        str(tmp_path / f"{user}.pub")], check=True, capture_output=True)
    con = connect_ward(db)
    first = con.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0]
    con.close()
    server = subprocess.Popen([*hra, "serve", "--port", "0", "--host-key", str(tmp_path / "hk"),
                               "--max-connections-per-minute", "100"],
                              stderr=subprocess.PIPE, text=True)
    try:
        port = int(re.search(r":(\d+) \(host key", server.stderr.readline())[1])

        async def everyone() -> list[dict[str, int]]:
            until = time.monotonic() + SECONDS
            return await asyncio.gather(*(
                _client(port, keys[user], mrns, seed=n * 100 + c, until=until)
                for n, user in enumerate(keys) for c in range(CLIENTS_PER_USER)))

        told = asyncio.run(everyone())
    finally:
        server.terminate()
        assert server.wait(timeout=60) == 0
    checked = subprocess.run([*hra, "db", "check"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    con = connect_ward(db)
    try:
        audited = dict(con.execute(
            "SELECT action, COUNT(*) FROM audit_log WHERE id > ? AND \"user\" LIKE 'soak%' "
            "AND action IN ('admit', 'transfer', 'discharge') GROUP BY action", (first,)))
    finally:
        con.close()
    successes = {action: sum(t[action] for t in told) for action in WRITES}
    assert sum(successes.values()) > 0
    assert {a: audited.get(a, 0) for a in WRITES} == successes
