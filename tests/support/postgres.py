"""A throwaway PostgreSQL cluster, for the tests and `bench/engines.py`: `initdb` in a folder
of its own, a server listening only on a Unix socket in that folder (no TCP port to collide
on when several test workers each start one), stopped and removed afterwards.

PostgreSQL refuses to run as root. Run as root (CI here), the cluster's folder is handed to
the `postgres` account that the distribution's package creates, and initdb, pg_ctl and the
server run as it through `runuser`; run as anyone else, they run as that user. The cluster
trusts local connections, for the role `hra`, which owns every database made in it.

The binaries are found on PATH (`pg_ctl`), else in the newest /usr/lib/postgresql/*/bin (where
Debian puts them), else `binaries()` is None and the PostgreSQL tests are skipped.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from db.location import ServerWard

ROLE = "hra"
SERVICE_ACCOUNT = "postgres"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    on_path = shutil.which("pg_ctl")
    if on_path and Path(on_path).with_name("initdb").exists():
        return Path(on_path).parent
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                   else 0)
    return found[-1].parent if found else None


def _runner() -> list[str]:
    """How to run the server's programs: as the `postgres` account when we are root."""
    if os.getuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVICE_ACCOUNT)
    except KeyError:
        raise RuntimeError("PostgreSQL refuses to run as root, and there is no "
                           f"'{SERVICE_ACCOUNT}' account to run it as") from None
    return ["runuser", "-u", SERVICE_ACCOUNT, "--"]


class Cluster:
    """One started cluster; `stop()` ends it and removes its folder."""

    def __init__(self, durable: bool = False) -> None:
        """`durable=False` (the tests) turns fsync off: the cluster dies with its folder.
        Either way commits are asynchronous, as SQLite's WAL with synchronous=NORMAL."""
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed (no pg_ctl)")
        self._bin = bin_dir
        self._as = _runner()
        self.folder = Path(tempfile.mkdtemp(prefix="hra-pg-"))
        self.folder.chmod(0o755)
        self.data = self.folder / "data"
        self.socket = self.folder / "socket"
        self.socket.mkdir()
        if self._as:
            account = pwd.getpwnam(SERVICE_ACCOUNT)
            for path in (self.folder, self.socket):
                os.chown(path, account.pw_uid, account.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", ROLE, "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        options = [f"-k {self.socket}", "-c listen_addresses=''", "-c max_connections=300",
                   "-c synchronous_commit=off"]
        if not durable:
            options += ["-c fsync=off", "-c full_page_writes=off"]
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-w", "-o", " ".join(options), "start")

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self._as, str(self._bin / program), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.folder)

    def url(self, database: str) -> str:
        return f"postgresql://{ROLE}@/{database}?host={self.socket}"

    def new_ward(self, name: str) -> ServerWard:
        """A new empty database owned by the role `hra`, as a ward location."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}" OWNER {ROLE}')
        return ServerWard(self.url(name))

    def clone_ward(self, template: str, name: str) -> ServerWard:
        """A new database made from the database `template` (which nobody may be connected
        to), as a ward location: PostgreSQL copies its files, far faster than copying rows."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" OWNER {ROLE}')
        return ServerWard(self.url(name))

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
