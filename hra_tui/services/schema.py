"""Bringing a ward database to the newest schema, cheaply when it already is.

Importing Alembic costs most of a second, so opening the ward first compares the database's
recorded revision with the head named in the migration files and only runs Alembic when they
differ (or when the files cannot be read plainly).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import db
from hra_tui.services.errors import Unusable

VERSIONS = Path(db.__file__).resolve().parent / "migrations" / "versions"
_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=\s*(None|['\"]([^'\"]+)['\"])\s*$", re.M)


def head_revision() -> str | None:
    """The single head revision, or None when the files are not simple enough to tell."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision[1])
        if down[2]:
            parents.add(down[2])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def known_revisions() -> set[str]:
    """Every revision this hra's migration files name (the head and all before it)."""
    found: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        revision = _REVISION.search(path.read_text(encoding="utf-8"))
        if revision is None:
            from alembic.script import ScriptDirectory

            from db.migrate import _config

            scripts = ScriptDirectory.from_config(_config())
            return {script.revision for script in scripts.walk_revisions()}
        found.add(revision[1])
    return found


def has_ward_file(path: Path) -> bool:
    """The file exists and is not empty (an empty main file beside a WAL still counts)."""
    if not path.exists():
        return False
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size > 0 or (wal.exists() and wal.stat().st_size > 0)


def require_ward_file(path: Path) -> None:
    """Refuse (Unusable) a path with no file, or an empty file: reading commands never create
    a ward, so a mistyped --db cannot leave folders and an empty database behind."""
    how = "create one with `hra demo` or `hra db init`"
    if not path.exists():
        raise Unusable(f"No ward database at {path}; {how}")
    if not has_ward_file(path):
        raise Unusable(f"{path} is an empty file, not a ward database; {how}")


def refuse_newer(path: Path) -> None:
    """Refuse (Unusable) a database whose schema revision this hra does not know: a newer hra
    wrote it, and upgrading or reading it here could only go wrong."""
    recorded = recorded_revision(path)
    if recorded is not None and recorded not in known_revisions():
        head = head_revision()
        raise Unusable(f"{path} was written by a newer hra (schema revision '{recorded}'; this "
                       f"hra knows up to '{head or '?'}'); use that hra or a newer one")


def recorded_revision(path: Path) -> str | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=15)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    finally:
        conn.close()
    return row[0] if row else None


def is_current(path: Path) -> bool:
    head = head_revision()
    return head is not None and recorded_revision(path) == head


def ensure_schema(path: Path, create: bool = True) -> bool:
    """Create (if `create`) or upgrade the database at `path`; True if the schema changed.
    Refuses (Unusable) a missing or empty file when not `create`, and a newer schema. Sync."""
    if not create:
        require_ward_file(path)
    if is_current(path):
        return False
    refuse_newer(path)
    from db.engine import make_engine
    from db.migrate import upgrade

    engine = make_engine(path)
    try:
        return upgrade(engine)
    finally:
        engine.dispose()
