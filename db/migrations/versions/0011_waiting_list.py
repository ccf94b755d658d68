"""waiting list: patients waiting for a visit with a doctor or a specialty, by priority

Revision ID: 0011_waiting_list
Revises: 0010_ward_history
Create Date: 2026-12-07 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types

revision: str = "0011_waiting_list"
down_revision: str | None = "0010_ward_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "waiting_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("doctor_id", sa.Integer(), nullable=True),
        sa.Column("specialty", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("since", db.types.UTCDateTime(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("closed_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("closed_at", db.types.UTCDateTime(), nullable=True),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("priority BETWEEN 1 AND 5", name="ck_waiting_list_priority"),
        sa.CheckConstraint("status IN ('waiting', 'booked', 'removed')",
                           name="ck_waiting_list_status"),
        sa.CheckConstraint("doctor_id IS NOT NULL OR specialty != ''",
                           name="ck_waiting_list_wants"),
        sa.CheckConstraint("(status = 'waiting') = (closed_at IS NULL)",
                           name="ck_waiting_list_closed"),
        sa.CheckConstraint("(status = 'booked') = (appointment_id IS NOT NULL)",
                           name="ck_waiting_list_booked"),
        sa.ForeignKeyConstraint(["appointment_id"], ["appointments.id"]),
        sa.ForeignKeyConstraint(["doctor_id"], ["staff.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("waiting_list", schema=None) as batch_op:
        batch_op.create_index("ix_waiting_list_patient_id", ["patient_id"], unique=False)
        batch_op.create_index("uq_waiting_list_patient", ["patient_id"], unique=True,
                              sqlite_where=sa.text("status = 'waiting'"),
                              postgresql_where=sa.text("status = 'waiting'"))


def downgrade() -> None:
    with op.batch_alter_table("waiting_list", schema=None) as batch_op:
        batch_op.drop_index("uq_waiting_list_patient", sqlite_where=sa.text("status = 'waiting'"))
        batch_op.drop_index("ix_waiting_list_patient_id")
    op.drop_table("waiting_list")
