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


def ensure_schema(path: Path) -> bool:
    """Create or upgrade the database at `path`; True if the schema changed. Sync (threads)."""
    if is_current(path):
        return False
    from db.engine import make_engine
    from db.migrate import upgrade

    engine = make_engine(path)
    try:
        return upgrade(engine)
    finally:
        engine.dispose()
