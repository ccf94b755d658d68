"""A PostgreSQL ward seen plainly, through psycopg without SQLAlchemy: is there a ward in the
database, at which schema revision, and may this connection's role act for others.

The SQLite counterparts read the file (db/migrate.recorded_revision, db/schema); these ask
the server, and a server that cannot be reached is the database failing (exit 3).
"""

from __future__ import annotations

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
