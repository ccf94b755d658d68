"""Schema changes go through Alembic; the app upgrades an older database on start.

This is the one home of the schema revisions. Importing Alembic costs most of a second, so
the head and the known revisions are read plainly from the migration files, and Alembic is
imported only when the files are not simple enough to read that way or when it has to run.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSIONS = MIGRATIONS / "versions"
_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=\s*(None|['\"]([^'\"]+)['\"])\s*$", re.M)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _plain_head() -> str | None:
    """The single head named in the files, or None when they are not simple enough to tell."""
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


def head_revision() -> str:
    """The newest revision the migration files name."""
    head = _plain_head()
    if head is not None:
        return head
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def known_revisions() -> set[str]:
    """Every revision this hra's migration files name (the head and all before it)."""
    found: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        revision = _REVISION.search(path.read_text(encoding="utf-8"))
        if revision is None:
            from alembic.script import ScriptDirectory

            scripts = ScriptDirectory.from_config(_config())
            return {script.revision for script in scripts.walk_revisions()}
        found.add(revision[1])
    return found


def recorded_revision(path: Path) -> str | None:
    """The revision a database file records, read without SQLAlchemy or Alembic."""
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


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> bool:
    """Bring the database to the newest schema; True if anything changed."""
    if current_revision(engine) == head_revision():
        return False
    from alembic import command

    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return True


def autogenerate(engine: Engine, message: str) -> None:
    """For developers: write a new migration from the difference between models and database."""
    from alembic import command

    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.revision(config, message=message, autogenerate=True)
