"""ward schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 08:59:04.450376
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", db.types.UTCDateTime(), nullable=False),
        sa.Column("user", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mrn", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=False),
        sa.Column("gender", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("urgency", sa.Integer(), nullable=False),
        sa.Column("registered_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("gender IN ('F', 'M', 'X')", name="ck_patients_gender"),
        sa.CheckConstraint("age BETWEEN 0 AND 130", name="ck_patients_age"),
        sa.CheckConstraint("urgency BETWEEN 1 AND 10", name="ck_patients_urgency"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("mrn"),
    )
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patients_name"), ["name"], unique=False)

    op.create_table(
        "resources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("cost_per_slot", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("cost_per_slot >= 0", name="ck_resources_cost"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("specialization", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("skill", sa.Integer(), nullable=False),
        sa.Column("max_slots", sa.Integer(), nullable=False),
        sa.Column("cost_per_slot", sa.Integer(), nullable=False),
        sa.Column("overtime_cost", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "role IN ('doctor', 'nurse', 'surgeon', 'pharmacist', 'technologist')",
            name="ck_staff_role",
        ),
        sa.CheckConstraint("cost_per_slot >= 0", name="ck_staff_cost"),
        sa.CheckConstraint("max_slots BETWEEN 0 AND 1000", name="ck_staff_max_slots"),
        sa.CheckConstraint("overtime_cost >= 0", name="ck_staff_overtime_cost"),
        sa.CheckConstraint("skill BETWEEN 1 AND 5", name="ck_staff_skill"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_role"), ["role"], unique=False)

    op.create_table(
        "time_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("starts_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("ends_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("demand", sa.Integer(), nullable=False),
        sa.Column("skill_min", sa.Integer(), nullable=False),
        sa.CheckConstraint("demand >= 0", name="ck_time_slots_demand"),
        sa.CheckConstraint("ends_at > starts_at", name="ck_time_slots_order"),
        sa.CheckConstraint("skill_min BETWEEN 0 AND 50", name="ck_time_slots_skill_min"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("starts_at"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'clerk', 'admin')", name="ck_users_role"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "wards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("doctor_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "status IN ('booked', 'arrived', 'no_show', 'done', 'cancelled')",
            name="ck_appointments_status",
        ),
        sa.CheckConstraint("duration_min BETWEEN 5 AND 480", name="ck_appointments_duration"),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appointments_doctor_id"), ["doctor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_appointments_patient_id"), ["patient_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_appointments_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(
            "uq_appointments_doctor_slot",
            ["doctor_id", "starts_at"],
            unique=True,
            sqlite_where=sa.text("status != 'cancelled'"),
            postgresql_where=sa.text("status != 'cancelled'"),
        )

    op.create_table(
        "beds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status_since", db.types.UTCDateTime(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "status IN ('free', 'reserved', 'occupied', 'cleaning', 'blocked')",
            name="ck_beds_status",
        ),
        sa.CheckConstraint(
            "type IN ('general', 'icu', 'isolation', 'maternity', 'pediatric')", name="ck_beds_type"
        ),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["wards.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("label"),
    )
    with op.batch_alter_table("beds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_beds_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_beds_ward_id"), ["ward_id"], unique=False)

    op.create_table(
        "billing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("paid_at", db.types.UTCDateTime(), nullable=True),
        sa.CheckConstraint("(status = 'paid') = (paid_at IS NOT NULL)", name="ck_billing_paid_at"),
        sa.CheckConstraint("status IN ('unpaid', 'paid', 'void')", name="ck_billing_status"),
        sa.CheckConstraint(
            "amount_cents >= 0 AND amount_cents <= 100000000", name="ck_billing_amount"
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("billing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_billing_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_billing_status"), ["status"], unique=False)

    op.create_table(
        "admissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("bed_id", sa.Integer(), nullable=False),
        sa.Column("doctor_id", sa.Integer(), nullable=True),
        sa.Column("prescription", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("admitted_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("discharged_at", db.types.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "discharged_at IS NULL OR discharged_at >= admitted_at", name="ck_admissions_order"
        ),
        sa.ForeignKeyConstraint(
            ["bed_id"],
            ["beds.id"],
        ),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("admissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_admissions_bed_id"), ["bed_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_admissions_doctor_id"), ["doctor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_admissions_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(
            "uq_admissions_active_bed",
            ["bed_id"],
            unique=True,
            sqlite_where=sa.text("discharged_at IS NULL"),
            postgresql_where=sa.text("discharged_at IS NULL"),
        )
        batch_op.create_index(
            "uq_admissions_active_patient",
            ["patient_id"],
            unique=True,
            sqlite_where=sa.text("discharged_at IS NULL"),
            postgresql_where=sa.text("discharged_at IS NULL"),
        )


def downgrade() -> None:

    with op.batch_alter_table("admissions", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_admissions_active_patient", sqlite_where=sa.text("discharged_at IS NULL")
        )
        batch_op.drop_index(
            "uq_admissions_active_bed", sqlite_where=sa.text("discharged_at IS NULL")
        )
        batch_op.drop_index(batch_op.f("ix_admissions_patient_id"))
        batch_op.drop_index(batch_op.f("ix_admissions_doctor_id"))
        batch_op.drop_index(batch_op.f("ix_admissions_bed_id"))

    op.drop_table("admissions")
    with op.batch_alter_table("billing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_billing_status"))
        batch_op.drop_index(batch_op.f("ix_billing_patient_id"))

    op.drop_table("billing")
    with op.batch_alter_table("beds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_beds_ward_id"))
        batch_op.drop_index(batch_op.f("ix_beds_status"))

    op.drop_table("beds")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_appointments_doctor_slot", sqlite_where=sa.text("status != 'cancelled'")
        )
        batch_op.drop_index(batch_op.f("ix_appointments_starts_at"))
        batch_op.drop_index(batch_op.f("ix_appointments_patient_id"))
        batch_op.drop_index(batch_op.f("ix_appointments_doctor_id"))

    op.drop_table("appointments")
    op.drop_table("wards")
    op.drop_table("users")
    op.drop_table("time_slots")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_role"))
        batch_op.drop_index(batch_op.f("ix_staff_name"))

    op.drop_table("staff")
    op.drop_table("resources")
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patients_name"))

    op.drop_table("patients")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))

    op.drop_table("audit_log")
