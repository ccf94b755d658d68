"""Alembic environment: migrations run on the connection the caller hands over."""

from alembic import context
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers every table on the metadata)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
