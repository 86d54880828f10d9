"""One-time links that make whoever opens them a secretary of a kampung.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30

- ``secretary_invite``: a hashed single-use code per link, valid 7 days, made by an
  operator (Telegram id) for one kampung; ``used_at`` / ``used_by`` once opened.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "secretary_invite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kampung_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["kampung_id"],
            ["kampung.id"],
            name=op.f("fk_secretary_invite_kampung_id_kampung"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_secretary_invite")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_secretary_invite_code_hash")),
    )


def downgrade() -> None:
    op.drop_table("secretary_invite")
