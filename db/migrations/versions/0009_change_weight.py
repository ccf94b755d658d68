"""change_weight: the re-plan's price of one changed assignment, a planning setting

Revision ID: 0009_change_weight
Revises: 0008_events
Create Date: 2026-12-06 21:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_change_weight"
down_revision: str | None = "0008_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_KEYS = ("budget", "balance", "patients_per_staff", "overtime_cap", "resource_capacity",
             "min_rest_hours", "max_consecutive_days", "max_week_hours", "min_nurses",
             "min_doctors", "senior_skill", "min_seniors", "clinic_opens", "clinic_closes")
_NEW_KEYS = _OLD_KEYS + ("change_weight",)


def _keys(keys: tuple[str, ...]) -> str:
    return "key IN (" + ", ".join(f"'{k}'" for k in keys) + ")"


def upgrade() -> None:
    with op.batch_alter_table("settings", schema=None) as batch_op:
        batch_op.drop_constraint("ck_settings_key", type_="check")
        batch_op.create_check_constraint("ck_settings_key", _keys(_NEW_KEYS))


def downgrade() -> None:
    op.execute("DELETE FROM settings WHERE NOT " + _keys(_OLD_KEYS))
    with op.batch_alter_table("settings", schema=None) as batch_op:
        batch_op.drop_constraint("ck_settings_key", type_="check")
        batch_op.create_check_constraint("ck_settings_key", _keys(_OLD_KEYS))
