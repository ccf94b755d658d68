"""Where the ward database lives, and making its file private before SQLite opens it.

No SQLAlchemy here: every command resolves the path before it knows whether it needs it.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

from db.location import Location, ward_at


def default_db_path() -> Path:
    return Path(user_data_dir("hra", appauthor=False)) / "ward.db"


def resolve_db_path(explicit: str | os.PathLike | None = None) -> Location:
    """`--db PATH|URL` wins, then `HRA_DB`, then the user's data directory; a PostgreSQL URL
    names a server ward (db/location)."""
    if explicit:
        return ward_at(explicit)
    if os.environ.get("HRA_DB"):
        return ward_at(os.environ["HRA_DB"])
    return default_db_path()


def create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only, before SQLite opens it; missing
    folders on the way are created owner-only (0700) too."""
    missing = []
    folder = path.parent
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
