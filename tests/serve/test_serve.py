"""`hra serve` driven by a real SSH client (asyncssh's) on localhost: keys prove who acts,
roles hold, sessions are separate processes, and a dropped connection ends only itself."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import asyncssh
import pytest
from sqlalchemy import select
from support.ssh import read_until, screen

from db import tables as t
from hra_tui.serve.server import Settings, start
from hra_tui.services import ward as ward_module
from hra_tui.services.errors import NotAllowed, NotFound, Refused
from hra_tui.services.records.user_keys import holder_of, parse_public_key
from hra_tui.services.ward import Ward


def _key(tmp_path: Path, name: str) -> tuple[asyncssh.SSHKey, str]:
    key = asyncssh.generate_private_key("ssh-ed25519", comment=f"{name}@laptop")
    return key, key.export_public_key().decode()


@pytest.fixture
async def served(seeded_db, seed, tmp_path):
    """The seeded ward served on a free port; clara (clerk) and vic (viewer) have keys."""
    keys = {}
    async with _admin(seeded_db) as ward:
        for user in (seed.clerk, seed.viewer):
            keys[user], public = _key(tmp_path, user)
            await ward.keys.add(user, public)
    holder_ward = await Ward.open(seeded_db)
    settings = Settings(db_path=seeded_db, host="127.0.0.1", port=0,
                        host_key=tmp_path / "host_key", idle_timeout=600)
    acceptor = await start(settings, lambda fp: holder_of(holder_ward.context, fp))
    try:
        yield acceptor.get_port(), keys
    finally:
        acceptor.close()
        await acceptor.wait_closed()
        await holder_ward.close()


class _admin:
    def __init__(self, path: Path) -> None:
        self._path = path

    async def __aenter__(self) -> Ward:
        self._ward = await Ward.open(self._path)
        return self._ward

    async def __aexit__(self, *exc: object) -> None:
        await self._ward.close()


def _connect(port: int, key: asyncssh.SSHKey, username: str = "anyone"):
    return asyncssh.connect("127.0.0.1", port, username=username, client_keys=[key],
                            known_hosts=None, agent_path=None, encoding="utf-8")


async def test_a_key_proves_its_user_whatever_the_login_name(served, seed, seeded_db):
    port, keys = served
    async with _connect(port, keys[seed.clerk], username="root") as conn:
        result = await conn.run(f"admit {seed.waiting} 1B", check=False)
    assert result.exit_status == 0, result.stderr
    assert "1B" in result.stdout
    async with _admin(seeded_db) as ward, ward.context.read() as db:
        who = (await db.execute(select(t.audit_log.c.user).where(
            t.audit_log.c.action == "admit").order_by(t.audit_log.c.id.desc()))).scalar()
    assert who == seed.clerk


async def test_a_viewer_is_refused_a_write_and_nothing_changes(served, seed, db_dump):
    port, keys = served
    before = db_dump()
    async with _connect(port, keys[seed.viewer]) as conn:
        listed = await conn.run("patient list", check=False)
        refused = await conn.run(f"discharge {seed.admitted}", check=False)
    assert listed.exit_status == 0 and "Jane Doe" in listed.stdout
    assert refused.exit_status == 1
    assert refused.stderr.startswith("hra: ") and "viewer" in refused.stderr.lower()
    assert "Traceback" not in refused.stderr
    assert db_dump() == before


async def test_an_unknown_or_revoked_key_is_refused(served, seed, seeded_db, tmp_path):
    port, keys = served
    stranger, _ = _key(tmp_path, "mallory")
    with pytest.raises(asyncssh.PermissionDenied):
        async with _connect(port, stranger):
            pass
    async with _admin(seeded_db) as ward:
        await ward.keys.revoke(keys[seed.viewer].get_fingerprint("sha256"))
    with pytest.raises(asyncssh.PermissionDenied):
        async with _connect(port, keys[seed.viewer]):
            pass


async def test_server_side_options_and_other_commands_are_not_offered(served, seed):
    port, keys = served
    async with _connect(port, keys[seed.clerk]) as conn:
        for command in ("--user root patient list", "patient list --db /tmp/x.db",
                        "user add mallory --role admin", "backup -o /tmp/x.db", "serve",
                        "keymap load /etc/passwd", "keymap check /tmp/k.toml"):
            result = await conn.run(command, check=False)
            assert result.exit_status == 1, command
            assert result.stderr.startswith("hra: ") and "SSH" in result.stderr, command


async def test_a_clerk_sets_her_own_keys_over_ssh_and_her_console_has_them(served, seed):
    port, keys = served
    async with _connect(port, keys[seed.clerk]) as conn:
        result = await conn.run("keymap set help h", check=False)
        assert result.exit_status == 0, result.stderr
        assert result.stdout.startswith(f"Keys of {seed.clerk}: help h")
        shown = await conn.run("keymap show", check=False)
        assert ["help", "question_mark,f1", "h", "Help"] in [
            line.split() for line in shown.stdout.splitlines()]
        async with conn.create_process(term_type="xterm", term_size=(80, 24),
                                       encoding=None) as console:
            await read_until(console, "Jane Doe")  # the first list: the ward is open
            console.stdin.write(b"h")
            assert "Your keys, from" in screen(await read_until(console, "Your keys", 30))


async def test_the_census_and_the_waiting_list_over_ssh_act_as_the_key(served, seed,
                                                                         seeded_db, db_dump):
    port, keys = served
    async with _connect(port, keys[seed.viewer]) as viewer:
        before = db_dump()
        refused = await viewer.run(f"waiting add {seed.waiting} --doctor {seed.doctor_id}",
                                   check=False)
        assert refused.exit_status == 1 and "viewer" in refused.stderr.lower()
        assert db_dump() == before
    async with _connect(port, keys[seed.clerk]) as conn:
        census = await conn.run("census --json", check=False)
        added = await conn.run(f"waiting add {seed.waiting} --doctor {seed.doctor_id}",
                               check=False)
        listed = await conn.run("waiting list", check=False)
        written = await conn.run("census --csv census.csv", check=False)
    assert census.exit_status == 0, census.stderr
    assert '"ward": "All wards"' in census.stdout
    assert added.exit_status == 0, added.stderr
    assert "waits for Dr Ann Lee" in added.stdout and "John Roe" in listed.stdout
    assert written.exit_status == 1 and "files stay on the server" in written.stderr
    async with _admin(seeded_db) as ward:
        last = (await ward.audit.recent(limit=1))[0]
    assert (last.action, last.entity, last.user) == ("add", "waiting", seed.clerk)


async def test_concurrent_sessions_each_act_as_their_own_key(served, seed):
    port, keys = served
    async with _connect(port, keys[seed.clerk]) as clerk, \
            _connect(port, keys[seed.viewer]) as viewer:
        admitted, listed = await asyncio.gather(
            clerk.run(f"admit {seed.other} 2A", check=False),
            viewer.run("bed list", check=False))
    assert admitted.exit_status == 0, admitted.stderr
    assert listed.exit_status == 0 and "1A" in listed.stdout


async def test_the_console_runs_on_a_terminal_and_a_dropped_connection_ends_only_itself(
        served, seed):
    port, keys = served
    conn = await asyncssh.connect("127.0.0.1", port, username="x", client_keys=[keys[seed.clerk]],
                                  known_hosts=None, agent_path=None)
    process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24),
                                        encoding=None)
    seen = await read_until(process, "Jane Doe")
    assert "Jane Doe" in screen(seen)
    children = _hra_children()
    assert children, "the console runs as its own process"
    conn.abort()
    async with asyncio.timeout(20):
        while set(children) & set(_hra_children()):
            await asyncio.sleep(0.2)
    async with _connect(port, keys[seed.viewer]) as other:
        assert (await other.run("bed list", check=False)).exit_status == 0


def _hra_children() -> list[int]:
    """Processes running `python -m hra_tui.cli` under this test process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"hra_tui.cli" in cmdline:
            found.append(int(entry.name))
    return found


async def test_keys_are_managed_by_admins_only_and_checked(open_ward, seed, tmp_path):
    _, public = _key(tmp_path, "x")
    async with open_ward(seed.clerk) as ward:
        with pytest.raises(NotAllowed):
            await ward.keys.add(seed.clerk, public)
    async with open_ward() as ward:
        with pytest.raises(NotFound):
            await ward.keys.add("nobody", public)
        fingerprint = await ward.keys.add("newbie", public, new_role="clerk")
        with pytest.raises(Refused, match="already registered to newbie"):
            await ward.keys.add(seed.clerk, public)
        with pytest.raises(Refused, match="already exists"):
            await ward.keys.add("newbie", _key(tmp_path, "y")[1], new_role="clerk")
        assert [k.user for k in await ward.keys.list()] == ["newbie"]
        assert (await holder_of(ward.context, fingerprint)).name == "newbie"


@pytest.mark.parametrize("text, words", [
    ("", "empty"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", "private key"),
    ("ssh-ed25519 not-base64!!", "garbled"),
    ("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIDxnb3Q=", "does not match"),
    ("hello world", "not an OpenSSH public key"),
])
def test_a_bad_key_file_is_refused_in_words(text, words):
    with pytest.raises(Refused, match=words):
        parse_public_key(text)


def test_fingerprints_match_openssh(tmp_path):
    key, public = _key(tmp_path, "x")
    assert parse_public_key(public).fingerprint == key.get_fingerprint("sha256")


@pytest.mark.sqlite_only(reason="the owner of the ward file (a server ward's admins decide)")
async def test_only_the_databases_owner_may_act_as_someone_else(seeded_db, seed, monkeypatch):
    monkeypatch.setattr(os, "getuid", lambda: os.stat(seeded_db).st_uid + 1)
    monkeypatch.setattr(ward_module, "os_user", lambda: seed.admin)
    with pytest.raises(NotAllowed, match="Only the owner"):
        await Ward.open(seeded_db, seed.clerk)
    ward = await Ward.open(seeded_db, seed.admin)  # naming yourself: still fine
    await ward.close()


async def test_an_idle_connection_is_signed_out(seeded_db, seed, tmp_path):
    async with _admin(seeded_db) as ward:
        key, public = _key(tmp_path, "clara")
        await ward.keys.add(seed.clerk, public)
        settings = Settings(db_path=seeded_db, host="127.0.0.1", port=0,
                            host_key=tmp_path / "host_key", idle_timeout=0.5)
        acceptor = await start(settings, lambda fp: holder_of(ward.context, fp))
        try:
            conn = await _connect(acceptor.get_port(), key)
            async with asyncio.timeout(30):
                await conn.wait_closed()
        finally:
            acceptor.close()
            await acceptor.wait_closed()


def test_hra_serve_and_user_keys_from_the_command_line(seeded_db, seed, tmp_path):
    """As an admin would: add a user with a key, serve, connect, stop with SIGTERM."""
    import subprocess
    import sys

    key, public = _key(tmp_path, "nia")
    (tmp_path / "nia.pub").write_text(public)
    hra = [sys.executable, "-m", "hra_tui.cli", "--db", str(seeded_db)]
    added = subprocess.run([*hra, "user", "add", "nia", "--role", "clerk", "--key",
                            str(tmp_path / "nia.pub")], capture_output=True, text=True)
    assert added.returncode == 0 and key.get_fingerprint("sha256") in added.stdout
    listed = subprocess.run([*hra, "user", "key", "list"], capture_output=True, text=True)
    assert "nia" in listed.stdout and "ssh-ed25519" in listed.stdout
    claimed = subprocess.run([*hra, "--user", "vic", "serve"], capture_output=True, text=True)
    assert claimed.returncode == 1 and "drop --user" in claimed.stderr
    server = subprocess.Popen([*hra, "serve", "--port", "0", "--host-key",
                               str(tmp_path / "hk")], stderr=subprocess.PIPE, text=True)
    try:
        banner = server.stderr.readline()
        port = int(re.search(r":(\d+) \(host key SHA256:", banner)[1])

        async def whoami() -> str:
            async with _connect(port, key) as conn:
                return (await conn.run("patient list --json", check=False)).stdout

        assert "Jane Doe" in asyncio.run(whoami())
    finally:
        server.terminate()
        assert server.wait(timeout=30) == 0
    assert server.stderr.read() == ""  # the banner was all: no warnings, before or after
    revoked = subprocess.run([*hra, "user", "key", "revoke", key.get_fingerprint("sha256")],
                             capture_output=True, text=True)
    assert revoked.returncode == 0 and "nia" in revoked.stdout

