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


def upgrade() -> None:
    op.create_table('resource_closures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('starts_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('ends_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('entered_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('entered_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('cancelled_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('cancelled_at', db.types.UTCDateTime(), nullable=True),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("(status = 'cancelled') = (cancelled_at IS NOT NULL)", name='ck_resource_closures_cancelled'),
    sa.CheckConstraint("status IN ('active', 'cancelled')", name='ck_resource_closures_status'),
    sa.CheckConstraint('ends_at > starts_at', name='ck_resource_closures_order'),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('resource_closures', schema=None) as batch_op:
        batch_op.create_index('ix_resource_closures_when', ['resource_id', 'ends_at'], unique=False)

    op.create_table('staff_absences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('starts_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('ends_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('entered_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('entered_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('cancelled_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('cancelled_at', db.types.UTCDateTime(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("(status = 'cancelled') = (cancelled_at IS NOT NULL)", name='ck_staff_absences_cancelled'),
    sa.CheckConstraint("status IN ('active', 'cancelled')", name='ck_staff_absences_status'),
    sa.CheckConstraint('ends_at > starts_at', name='ck_staff_absences_order'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff_absences', schema=None) as batch_op:
        batch_op.create_index('ix_staff_absences_when', ['staff_id', 'ends_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('staff_absences', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_absences_when')

    op.drop_table('staff_absences')
    with op.batch_alter_table('resource_closures', schema=None) as batch_op:
        batch_op.drop_index('ix_resource_closures_when')

    op.drop_table('resource_closures')
