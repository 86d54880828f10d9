"""The lists of missing Poktan registers, sent once per month (issue 18).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06

- ``poktan_notice``: that the list of groups still missing a month's register went to a
  kampung's secretaries (the 3rd) or to the operators (the 4th), so a restart or a
  second job never sends it twice. New table only; no existing row changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "poktan_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("kampung_id", sa.Integer(), nullable=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("secretary", "operators", name="noticekind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kampung_id"],
            ["kampung.id"],
            name=op.f("fk_poktan_notice_kampung_id_kampung"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poktan_notice")),
        sa.UniqueConstraint(
            "scope", "month", "kind", name=op.f("uq_poktan_notice_scope_month_kind")
        ),
    )


def downgrade() -> None:
    op.drop_table("poktan_notice")
