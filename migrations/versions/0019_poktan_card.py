"""The January K/0 draft card of each Poktan group (issue 18 item 6).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07

- ``poktan_card``: one row per group and data year: when the January draft went to the
  chair(s) (so a restart never sends it twice) and each sending to the PKB (version,
  when, by whom).
- ``poktan_card_answer``: the chair's answer to each card field the bot cannot know
  ("Jumlah kader", "Tahun pembentukan"), with who answered and when.

New tables only; no existing row changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "poktan_card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_version", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["poktan_group.id"],
            name=op.f("fk_poktan_card_group_id_poktan_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"],
            ["member.id"],
            name=op.f("fk_poktan_card_sent_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poktan_card")),
        sa.UniqueConstraint("group_id", "year", name=op.f("uq_poktan_card_group_id_year")),
    )
    op.create_table(
        "poktan_card_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["poktan_card.id"],
            name=op.f("fk_poktan_card_answer_card_id_poktan_card"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["member.id"],
            name=op.f("fk_poktan_card_answer_answered_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poktan_card_answer")),
        sa.UniqueConstraint("card_id", "key", name=op.f("uq_poktan_card_answer_card_id_key")),
    )


def downgrade() -> None:
    op.drop_table("poktan_card_answer")
    op.drop_table("poktan_card")
