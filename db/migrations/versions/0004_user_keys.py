"""user_keys: the SSH public keys that prove who a `hra serve` connection is

Revision ID: 0004_user_keys
Revises: 0003_phone_digits
Create Date: 2026-11-30 22:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types

revision: str = "0004_user_keys"
down_revision: str | None = "0003_phone_digits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("user_keys",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("user_id", sa.Integer(), nullable=False),
    sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column("public_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column("added_at", db.types.UTCDateTime(), nullable=False),
    sa.Column("revoked_at", db.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("fingerprint"),
    )
    with op.batch_alter_table("user_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_keys_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("user_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_keys_user_id"))
    op.drop_table("user_keys")
