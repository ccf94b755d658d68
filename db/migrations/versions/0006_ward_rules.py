"""ward_rules: shift-rule and clinic-hour settings, and care requests that must be served or are due by a slot

Revision ID: 0006_ward_rules
Revises: 0005_admission_planning
Create Date: 2026-11-30 23:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_ward_rules"
down_revision: str | None = "0005_admission_planning"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_KEYS = ("budget", "balance", "patients_per_staff", "overtime_cap", "resource_capacity")
_NEW_KEYS = _OLD_KEYS + ("min_rest_hours", "max_consecutive_days", "max_week_hours",
                         "min_nurses", "min_doctors", "senior_skill", "min_seniors",
                         "clinic_opens", "clinic_closes")


def _keys(keys: tuple[str, ...]) -> str:
    return "key IN (" + ", ".join(f"'{k}'" for k in keys) + ")"


def upgrade() -> None:
    with op.batch_alter_table("settings", schema=None) as batch_op:
        batch_op.drop_constraint("ck_settings_key", type_="check")
        batch_op.create_check_constraint("ck_settings_key", _keys(_NEW_KEYS))
    with op.batch_alter_table("care_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_serve", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("due_slot_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_care_requests_due_slot_id", "time_slots",
                                    ["due_slot_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("care_requests", schema=None) as batch_op:
        batch_op.drop_constraint("fk_care_requests_due_slot_id", type_="foreignkey")
        batch_op.drop_column("due_slot_id")
        batch_op.drop_column("must_serve")
    op.execute("DELETE FROM settings WHERE NOT " + _keys(_OLD_KEYS))
    with op.batch_alter_table("settings", schema=None) as batch_op:
        batch_op.drop_constraint("ck_settings_key", type_="check")
        batch_op.create_check_constraint("ck_settings_key", _keys(_OLD_KEYS))
