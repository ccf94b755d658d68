"""the queue of pending moves: admissions and transfers requested, approved, done or cancelled

Revision ID: 0012_move_queue
Revises: 0011_waiting_list
Create Date: 2026-12-07 01:45:32
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types

revision: str = '0012_move_queue'
down_revision: str | None = '0011_waiting_list'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('move_queue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('bed_id', sa.Integer(), nullable=True),
    sa.Column('from_bed_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('requested_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('requested_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('approved_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('approved_at', db.types.UTCDateTime(), nullable=True),
    sa.Column('done_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('done_at', db.types.UTCDateTime(), nullable=True),
    sa.Column('cancelled_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('cancelled_at', db.types.UTCDateTime(), nullable=True),
    sa.CheckConstraint("(status = 'cancelled') = (cancelled_at IS NOT NULL)", name='ck_move_queue_cancelled'),
    sa.CheckConstraint("(status = 'done') = (done_at IS NOT NULL)", name='ck_move_queue_done'),
    sa.CheckConstraint("kind IN ('admit', 'transfer')", name='ck_move_queue_kind'),
    sa.CheckConstraint("status IN ('requested', 'approved', 'done', 'cancelled')", name='ck_move_queue_status'),
    sa.CheckConstraint("status IN ('requested', 'cancelled') OR bed_id IS NOT NULL", name='ck_move_queue_bed'),
    sa.CheckConstraint("status NOT IN ('approved', 'done') OR approved_at IS NOT NULL", name='ck_move_queue_approved'),
    sa.ForeignKeyConstraint(['bed_id'], ['beds.id'], ),
    sa.ForeignKeyConstraint(['from_bed_id'], ['beds.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.ForeignKeyConstraint(['ward_id'], ['wards.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('move_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_move_queue_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_move_queue_status'), ['status'], unique=False)
        batch_op.create_index('uq_move_queue_approved_bed', ['bed_id'], unique=True, sqlite_where=sa.text("status = 'approved'"), postgresql_where=sa.text("status = 'approved'"))
        batch_op.create_index('uq_move_queue_open_patient', ['patient_id'], unique=True, sqlite_where=sa.text("status IN ('requested', 'approved')"), postgresql_where=sa.text("status IN ('requested', 'approved')"))



def downgrade() -> None:
    with op.batch_alter_table('move_queue', schema=None) as batch_op:
        batch_op.drop_index('uq_move_queue_open_patient', sqlite_where=sa.text("status IN ('requested', 'approved')"))
        batch_op.drop_index('uq_move_queue_approved_bed', sqlite_where=sa.text("status = 'approved'"))
        batch_op.drop_index(batch_op.f('ix_move_queue_status'))
        batch_op.drop_index(batch_op.f('ix_move_queue_patient_id'))

    op.drop_table('move_queue')
