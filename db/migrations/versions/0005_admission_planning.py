"""admissions planner records (IHTC-2024): horizon, admission requests, surgeon and theatre
days, nurse shifts; beds.room groups beds into rooms

Revision ID: 0005_admission_planning
Revises: 0004_user_keys
Create Date: 2026-11-30 23:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types

revision: str = "0005_admission_planning"
down_revision: str | None = "0004_user_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('planning_horizon',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('starts_on', db.types.UTCDateTime(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('skill_levels', sa.Integer(), nullable=False),
    sa.Column('shift_types', sa.JSON(), nullable=False),
    sa.Column('age_groups', sa.JSON(), nullable=False),
    sa.Column('weights', sa.JSON(), nullable=False),
    sa.CheckConstraint('days BETWEEN 1 AND 366', name='ck_planning_horizon_days'),
    sa.CheckConstraint('id = 1', name='ck_planning_horizon_single'),
    sa.CheckConstraint('skill_levels BETWEEN 1 AND 5', name='ck_planning_horizon_skill_levels'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('admission_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('mandatory', sa.Boolean(), nullable=False),
    sa.Column('age_group', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('length_of_stay', sa.Integer(), nullable=False),
    sa.Column('release_day', sa.Integer(), nullable=False),
    sa.Column('due_day', sa.Integer(), nullable=True),
    sa.Column('surgery_minutes', sa.Integer(), nullable=False),
    sa.Column('surgeon_id', sa.Integer(), nullable=True),
    sa.Column('room', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('incompatible_rooms', sa.JSON(), nullable=False),
    sa.Column('workload', sa.JSON(), nullable=False),
    sa.Column('skill_required', sa.JSON(), nullable=False),
    sa.CheckConstraint("kind IN ('patient', 'occupant')", name='ck_admission_requests_kind'),
    sa.CheckConstraint('due_day IS NULL OR due_day >= release_day', name='ck_admission_requests_due'),
    sa.CheckConstraint('length_of_stay >= 1', name='ck_admission_requests_stay'),
    sa.CheckConstraint('release_day >= 0', name='ck_admission_requests_release'),
    sa.CheckConstraint('surgery_minutes >= 0', name='ck_admission_requests_surgery'),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.ForeignKeyConstraint(['surgeon_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_index(op.f('ix_admission_requests_patient_id'), 'admission_requests', ['patient_id'], unique=False)
    op.create_table('nurse_shifts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('shift', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('max_load', sa.Integer(), nullable=False),
    sa.CheckConstraint('day >= 0', name='ck_nurse_shifts_day'),
    sa.CheckConstraint('max_load >= 0', name='ck_nurse_shifts_load'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('staff_id', 'day', 'shift', name='uq_nurse_shifts')
    )
    op.create_index(op.f('ix_nurse_shifts_staff_id'), 'nurse_shifts', ['staff_id'], unique=False)
    op.create_table('surgeon_days',
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('minutes >= 0', name='ck_surgeon_days_minutes'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('day', 'staff_id')
    )
    op.create_table('theatre_days',
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('minutes >= 0', name='ck_theatre_days_minutes'),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], ),
    sa.PrimaryKeyConstraint('day', 'resource_id')
    )
    op.add_column('beds', sa.Column('room', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))


def downgrade() -> None:
    op.drop_column('beds', 'room')
    op.drop_table('theatre_days')
    op.drop_table('surgeon_days')
    op.drop_index(op.f('ix_nurse_shifts_staff_id'), table_name='nurse_shifts')
    op.drop_table('nurse_shifts')
    op.drop_index(op.f('ix_admission_requests_patient_id'), table_name='admission_requests')
    op.drop_table('admission_requests')
    op.drop_table('planning_horizon')
