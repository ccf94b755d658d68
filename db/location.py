"""Where a ward lives: an SQLite file (a path, as always) or a PostgreSQL database (a URL).

`--db` and `HRA_DB` take either; `ward_at` tells them apart, and `is_server` is the one
place every other module asks which engine a ward is on, so the plain-SQLite fast paths
(the console's first screen, the plain commands) are taken only for a file. No SQLAlchemy
here: every command resolves its ward before it knows whether it needs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from db.errors import BadLocation

SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True)
class ServerWard:
    """A ward in a PostgreSQL database, named by its libpq URL
    (`postgresql://user@host:port/name`, or `postgresql://user@/name?host=/socket/dir`)."""

    url: str

    def __str__(self) -> str:
        """The URL with any password hidden: what messages name."""
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return urlunsplit(parts._replace(netloc=netloc))

    @property
    def sqlalchemy_url(self) -> str:
        """The same database for SQLAlchemy, on psycopg 3 (sync and async alike)."""
        return "postgresql+psycopg://" + self.url.split("://", 1)[1]

    @property
    def database(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


Location = Path | ServerWard


def ward_at(text: str | os.PathLike) -> Location:
    """A URL with a PostgreSQL scheme names a server ward; anything else is a file path."""
    raw = os.fspath(text)
    scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
    if scheme in SCHEMES:
        parts = urlsplit(raw)
        if not parts.path.lstrip("/"):
            raise BadLocation(f"{ServerWard(raw)} names no database; add /NAME after the host")
        return ServerWard(raw)
    return Path(raw).expanduser()


def is_server(ward: Location) -> bool:
    """True for a PostgreSQL ward: the one test of which engine a ward is on."""
    return isinstance(ward, ServerWard)
