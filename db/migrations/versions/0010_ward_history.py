"""ward history: each ward's daily admissions, discharges and census; the forecast hold setting

Revision ID: 0010_ward_history
Revises: 0009_change_weight
Create Date: 2026-12-06 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_ward_history"
down_revision: str | None = "0009_change_weight"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_KEYS = ("budget", "balance", "patients_per_staff", "overtime_cap", "resource_capacity",
             "min_rest_hours", "max_consecutive_days", "max_week_hours", "min_nurses",
             "min_doctors", "senior_skill", "min_seniors", "clinic_opens", "clinic_closes",
             "change_weight")
_NEW_KEYS = _OLD_KEYS + ("forecast_hold",)
_DAY = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
_DAY_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # PostgreSQL has no GLOB


def _keys(keys: tuple[str, ...]) -> str:
    return "key IN (" + ", ".join(f"'{k}'" for k in keys) + ")"


def _day_rule() -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"day ~ '{_DAY_PATTERN}'"
    return f"day GLOB '{_DAY}'"


def upgrade() -> None:
    op.create_table(
        "ward_history",
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("day", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("admitted", sa.Integer(), nullable=False),
        sa.Column("discharged", sa.Integer(), nullable=False),
        sa.Column("occupied", sa.Integer(), nullable=False),
        sa.CheckConstraint(_day_rule(), name="ck_ward_history_day"),
        sa.CheckConstraint("admitted >= 0 AND discharged >= 0 AND occupied >= 0",
                           name="ck_ward_history_counts"),
        sa.ForeignKeyConstraint(["ward_id"], ["wards.id"]),
        sa.PrimaryKeyConstraint("ward_id", "day"),
    )
    with op.batch_alter_table("settings", schema=None) as batch_op:
        batch_op.drop_constraint("ck_settings_key", type_="check")
        batch_op.create_check_constraint("ck_settings_key", _keys(_NEW_KEYS))


def downgrade() -> None:
    op.execute("DELETE FROM settings WHERE NOT " + _keys(_OLD_KEYS))
    with op.batch_alter_table("settings", schema=None) as batch_op:
        batch_op.drop_constraint("ck_settings_key", type_="check")
        batch_op.create_check_constraint("ck_settings_key", _keys(_OLD_KEYS))
    op.drop_table("ward_history")
