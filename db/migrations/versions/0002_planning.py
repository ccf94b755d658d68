"""planning: care requests, staff pairs, settings, plans, roster entries, resource bookings

Revision ID: 0002_planning
Revises: 0001
Create Date: 2026-11-23 09:07:09.837979
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types

revision: str = "0002_planning"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('objective', sa.Float(), nullable=True),
    sa.Column('bound', sa.Float(), nullable=True),
    sa.Column('gap', sa.Float(), nullable=True),
    sa.Column('wall_time', sa.Float(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('applied_at', db.types.UTCDateTime(), nullable=True),
    sa.Column('applied_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.CheckConstraint("status IN ('OPTIMAL', 'FEASIBLE', 'INFEASIBLE', 'MODEL_INVALID', 'UNKNOWN')", name='ck_plans_status'),
    sa.CheckConstraint('(applied_at IS NULL) = (applied_by IS NULL)', name='ck_plans_applied'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_created_at'), ['created_at'], unique=False)

    op.create_table('settings',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('updated_at', db.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint("key IN ('budget', 'balance', 'patients_per_staff', 'overtime_cap', 'resource_capacity')", name='ck_settings_key'),
    sa.CheckConstraint('value >= 0', name='ck_settings_value'),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('roster_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('overtime', sa.Boolean(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ),
    sa.ForeignKeyConstraint(['slot_id'], ['time_slots.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('staff_id', 'slot_id', name='uq_roster_staff_slot')
    )
    with op.batch_alter_table('roster_entries', schema=None) as batch_op:
        batch_op.create_index('ix_roster_entries_slot', ['slot_id'], unique=False)

    op.create_table('staff_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_a', sa.Integer(), nullable=False),
    sa.Column('staff_b', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.CheckConstraint('staff_a < staff_b', name='ck_staff_pairs_order'),
    sa.CheckConstraint('weight BETWEEN -10 AND 10', name='ck_staff_pairs_weight'),
    sa.ForeignKeyConstraint(['staff_a'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['staff_b'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('staff_a', 'staff_b', name='uq_staff_pairs')
    )
    op.create_table('care_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=True),
    sa.Column('urgency', sa.Integer(), nullable=False),
    sa.Column('skill_min', sa.Integer(), nullable=False),
    sa.Column('care_cost', sa.Integer(), nullable=False),
    sa.Column('duration_min', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('earliest_slot_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=True),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('waiting', 'scheduled', 'done', 'cancelled')", name='ck_care_requests_status'),
    sa.CheckConstraint('care_cost >= 0', name='ck_care_requests_care_cost'),
    sa.CheckConstraint('duration_min BETWEEN 5 AND 480', name='ck_care_requests_duration'),
    sa.CheckConstraint('skill_min BETWEEN 1 AND 5', name='ck_care_requests_skill_min'),
    sa.CheckConstraint('urgency BETWEEN 1 AND 10', name='ck_care_requests_urgency'),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], ),
    sa.ForeignKeyConstraint(['earliest_slot_id'], ['time_slots.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], ),
    sa.ForeignKeyConstraint(['slot_id'], ['time_slots.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('care_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_requests_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_requests_status'), ['status'], unique=False)

    op.create_table('resource_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('care_request_id', sa.Integer(), nullable=True),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['care_request_id'], ['care_requests.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], ),
    sa.ForeignKeyConstraint(['slot_id'], ['time_slots.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('care_request_id')
    )
    with op.batch_alter_table('resource_bookings', schema=None) as batch_op:
        batch_op.create_index('ix_resource_bookings_slot', ['resource_id', 'slot_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('resource_bookings', schema=None) as batch_op:
        batch_op.drop_index('ix_resource_bookings_slot')

    op.drop_table('resource_bookings')
    with op.batch_alter_table('care_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_care_requests_status'))
        batch_op.drop_index(batch_op.f('ix_care_requests_patient_id'))

    op.drop_table('care_requests')
    op.drop_table('staff_pairs')
    with op.batch_alter_table('roster_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_roster_entries_slot')

    op.drop_table('roster_entries')
    op.drop_table('settings')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_created_at'))

    op.drop_table('plans')
