"""The migrations produce exactly the models' schema, and an older database is upgraded."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import db.models  # noqa: F401
from db.engine import make_engine
from db.migrate import current_revision, head_revision, upgrade


def test_migrations_produce_the_models_schema(new_location):
    engine = make_engine(new_location("ward"))
    assert upgrade(engine) is True
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                SQLModel.metadata)
    assert diff == []
    assert current_revision(engine) == head_revision()


def test_upgrade_is_idempotent(new_location):
    engine = make_engine(new_location("ward"))
    upgrade(engine)
    assert upgrade(engine) is False


@pytest.mark.sqlite_only(reason="a ward file's permissions")
def test_database_file_is_private(tmp_path):
    path = tmp_path / "ward.db"
    upgrade(make_engine(path))
    assert path.stat().st_mode & 0o777 == 0o600
