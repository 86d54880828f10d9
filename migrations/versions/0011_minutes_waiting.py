"""Photos and minutes waiting for the admin's choice of meeting, kept in the database.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30

- ``minutes_waiting``: a photo (Telegram file id) or the minutes' text an admin sent
  while more than one meeting could be meant, until she picks the meeting. Before
  this revision they were held in memory, and a restart in between lost them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "minutes_waiting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kampung_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=True),
        sa.Column("file_unique_id", sa.String(length=128), nullable=True),
        sa.Column("caption", sa.String(length=1024), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kampung_id"],
            ["kampung.id"],
            name=op.f("fk_minutes_waiting_kampung_id_kampung"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_minutes_waiting_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_waiting")),
    )
    with op.batch_alter_table("minutes_waiting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_waiting_member_id"), ["member_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("minutes_waiting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_waiting_member_id"))
    op.drop_table("minutes_waiting")
