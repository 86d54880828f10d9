"""The classification's answers, kept per kampung (issue 19, /klasifikasi).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06

- ``kampung_indicator``: one row per kampung and question of the portal's
  classification that the bot cannot compute (funding sources, Sekretariat, Rumah
  DataKu, PLKB, regulation, data uses, operational mechanisms, Poktan participation,
  PUS and contraceptive users…): the answer as text, when and by whom it was given,
  and when the yearly reminder to check it went out.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kampung_indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kampung_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["kampung_id"],
            ["kampung.id"],
            name=op.f("fk_kampung_indicator_kampung_id_kampung"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["member.id"],
            name=op.f("fk_kampung_indicator_answered_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kampung_indicator")),
        sa.UniqueConstraint(
            "kampung_id", "question", name=op.f("uq_kampung_indicator_kampung_id_question")
        ),
    )


def downgrade() -> None:
    op.drop_table("kampung_indicator")
