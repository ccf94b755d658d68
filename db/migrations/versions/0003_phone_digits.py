"""patients.phone_digits: the phone's digits alone, so phone search ignores spacing

Revision ID: 0003_phone_digits
Revises: 0002_planning
Create Date: 2026-11-30 21:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_phone_digits"
down_revision: str | None = "0002_planning"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every character a stored phone may hold besides digits (validation allows + ( ) - and space).
_PUNCTUATION = (" ", "+", "-", "(", ")", ".", "/")


def upgrade() -> None:
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_digits", sqlmodel.sql.sqltypes.AutoString(),
                                      server_default="", nullable=False))
    digits = "phone"
    for ch in _PUNCTUATION:
        digits = f"replace({digits}, '{ch}', '')"
    op.execute(f"UPDATE patients SET phone_digits = {digits}")
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.create_index("ix_patients_phone_search", ["phone_digits", "mrn", "active"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_index("ix_patients_phone_search")
        batch_op.drop_column("phone_digits")
