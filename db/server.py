"""A PostgreSQL ward seen plainly, through psycopg without SQLAlchemy: is there a ward in the
database, at which schema revision, and may this connection's role act for others.

The SQLite counterparts read the file (db/migrate.recorded_revision, db/schema); these ask
the server, and a server that cannot be reached is the database failing (exit 3).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from db.errors import Unusable
from db.location import ServerWard

CONNECT_SECONDS = 15


def connect(ward: ServerWard, **options: Any):
    """A plain psycopg connection to the ward's database."""
    import psycopg

    try:
        return psycopg.connect(ward.url, connect_timeout=CONNECT_SECONDS, **options)
    except psycopg.OperationalError as exc:
        line = " ".join(str(exc).split()) or type(exc).__name__
        raise Unusable(f"Cannot reach the ward database {ward}: {line}") from None


def recorded_revision(ward: ServerWard) -> str | None:
    """The revision the database records; None when it holds no ward yet."""
    with connect(ward, autocommit=True) as conn:
        found = conn.execute("SELECT to_regclass('alembic_version')").fetchone()
        if found is None or found[0] is None:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def require_ward(ward: ServerWard) -> None:
    """Refuse (Unusable) a database that holds no ward: reading commands never create one."""
    if recorded_revision(ward) is None:
        raise Unusable(f"No ward database at {ward}; create one with `hra demo` or "
                       "`hra db init`")


def owns_ward(ward: ServerWard) -> bool:
    """The connecting role owns the database: on a server, what owning the file is for
    SQLite (the service account `hra serve` runs as, which may act as any user)."""
    with connect(ward, autocommit=True) as conn:
        row = conn.execute("SELECT pg_get_userbyid(datdba) = current_user FROM pg_database "
                           "WHERE datname = current_database()").fetchone()
    return bool(row and row[0])


def server_tool(name: str) -> Path | None:
    """A PostgreSQL client program (pg_dump): on PATH, else the newest in Debian's
    /usr/lib/postgresql/N/bin; None when it is not installed."""
    found = shutil.which(name)
    if found:
        return Path(found)
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                      key=lambda p: int(p.parent.parent.name)
                      if p.parent.parent.name.isdigit() else 0)
    return versions[-1] if versions else None


def dump(ward: ServerWard, part: Path) -> None:
    """The server's own backup: pg_dump's custom format into `part`, read back by pg_restore
    (every entry listed) before it counts. Unusable when the tools are missing or fail."""
    pg_dump, pg_restore = server_tool("pg_dump"), server_tool("pg_restore")
    if pg_dump is None or pg_restore is None:
        raise Unusable("A PostgreSQL ward is backed up with the server's own pg_dump, which "
                       "is not installed here; install PostgreSQL's client programs, or run "
                       "`pg_dump --format=custom` on the database server")
    for command in ([str(pg_dump), "--format=custom", f"--file={part}", f"--dbname={ward.url}"],
                    [str(pg_restore), "--list", str(part)]):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            line = " ".join(done.stderr.split()) or f"exit {done.returncode}"
            raise Unusable(f"{Path(command[0]).name} failed for {ward}: {line}")
