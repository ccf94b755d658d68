"""events as records: staff absences and resource (theatre) closures, cancelled by status

Revision ID: 0008_events
Revises: 0007_admission_plans
Create Date: 2026-12-06 20:47:47
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types

revision: str = '0008_events'
down_revision: str | None = '0007_admission_plans'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The two tables have the same columns but their owner's (db/event_models._Event).
EVENT_TABLES = (('resource_closures', 'resource_id', 'resources.id'),
                ('staff_absences', 'staff_id', 'staff.id'))


def _create(table: str, owner: str, target: str) -> None:
    op.create_table(table,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('starts_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('ends_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('entered_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('entered_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('cancelled_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('cancelled_at', db.types.UTCDateTime(), nullable=True),
    sa.Column(owner, sa.Integer(), nullable=False),
    sa.CheckConstraint("(status = 'cancelled') = (cancelled_at IS NOT NULL)", name=f'ck_{table}_cancelled'),
    sa.CheckConstraint("status IN ('active', 'cancelled')", name=f'ck_{table}_status'),
    sa.CheckConstraint('ends_at > starts_at', name=f'ck_{table}_order'),
    sa.ForeignKeyConstraint([owner], [target], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(f'ix_{table}_when', [owner, 'ends_at'], unique=False)


def upgrade() -> None:
    for table, owner, target in EVENT_TABLES:
        _create(table, owner, target)


def downgrade() -> None:
    for table, _owner, _target in reversed(EVENT_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_when')
        op.drop_table(table)
