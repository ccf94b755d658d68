"""admission plans: bed reservations, theatre bookings and nurse rooms an applied plan writes

Revision ID: 0007_admission_plans
Revises: 0006_ward_rules
Create Date: 2026-12-01 04:09:21
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types

revision: str = '0007_admission_plans'
down_revision: str | None = '0006_ward_rules'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('admission_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('applied_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('applied_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('cost', sa.Integer(), nullable=False),
    sa.Column('costs', sa.JSON(), nullable=False),
    sa.Column('solution', sa.JSON(), nullable=False),
    sa.CheckConstraint('cost >= 0', name='ck_admission_plans_cost'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('nurse_rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('shift', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('room', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.CheckConstraint('day >= 0', name='ck_nurse_rooms_day'),
    sa.ForeignKeyConstraint(['plan_id'], ['admission_plans.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('day', 'shift', 'room', name='uq_nurse_rooms')
    )
    with op.batch_alter_table('nurse_rooms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nurse_rooms_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nurse_rooms_staff_id'), ['staff_id'], unique=False)

    op.create_table('bed_reservations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('bed_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('nights', sa.Integer(), nullable=False),
    sa.CheckConstraint('day >= 0', name='ck_bed_reservations_day'),
    sa.CheckConstraint('nights >= 1', name='ck_bed_reservations_nights'),
    sa.ForeignKeyConstraint(['bed_id'], ['beds.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['admission_plans.id'], ),
    sa.ForeignKeyConstraint(['request_id'], ['admission_requests.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('request_id')
    )
    with op.batch_alter_table('bed_reservations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bed_reservations_bed_id'), ['bed_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bed_reservations_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bed_reservations_plan_id'), ['plan_id'], unique=False)

    op.create_table('theatre_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('surgeon_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.CheckConstraint('day >= 0', name='ck_theatre_bookings_day'),
    sa.CheckConstraint('minutes >= 0', name='ck_theatre_bookings_minutes'),
    sa.ForeignKeyConstraint(['plan_id'], ['admission_plans.id'], ),
    sa.ForeignKeyConstraint(['request_id'], ['admission_requests.id'], ),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], ),
    sa.ForeignKeyConstraint(['surgeon_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('request_id')
    )
    with op.batch_alter_table('theatre_bookings', schema=None) as batch_op:
        batch_op.create_index('ix_theatre_bookings_day', ['resource_id', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_theatre_bookings_plan_id'), ['plan_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('theatre_bookings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theatre_bookings_plan_id'))
        batch_op.drop_index('ix_theatre_bookings_day')

    op.drop_table('theatre_bookings')
    with op.batch_alter_table('bed_reservations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bed_reservations_plan_id'))
        batch_op.drop_index(batch_op.f('ix_bed_reservations_patient_id'))
        batch_op.drop_index(batch_op.f('ix_bed_reservations_bed_id'))

    op.drop_table('bed_reservations')
    with op.batch_alter_table('nurse_rooms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nurse_rooms_staff_id'))
        batch_op.drop_index(batch_op.f('ix_nurse_rooms_plan_id'))

    op.drop_table('nurse_rooms')
    op.drop_table('admission_plans')
