"""The outbox: every fan-out carries its message, cutoff and report target from the start.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

- ``broadcast.label`` / ``note``: what the secretary's summary calls it and adds;
- ``broadcast.not_after``: stale work is never sent (reminders after the meeting
  started, attendance prompts after the window closed);
- ``broadcast.report_chat_id`` / ``report_admins``: whom the summary goes to;
- ``broadcast.resumed``: a crash cut it short (said in the summary);
- ``delivery.chat_id`` nullable: erasing a member removes his Telegram id;
- ``kampung.group_source``: where the group binding came from (settings or Telegram).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.add_column(sa.Column("label", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("not_after", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("report_chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("report_admins", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("resumed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index("ix_broadcast_finished_at", ["finished_at"])
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=True)
        batch_op.create_index("ix_delivery_status_broadcast", ["status", "broadcast_id"])
    with op.batch_alter_table("kampung", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group_source", sa.String(length=16), nullable=True))
    # Broadcasts written before this revision without their message can never be
    # sent; close them so the worker does not wait on them for ever.
    op.execute(
        "UPDATE broadcast SET finished_at = created_at WHERE finished_at IS NULL AND text IS NULL"
    )
    op.execute("UPDATE kampung SET group_source = 'settings' WHERE group_chat_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("kampung", schema=None) as batch_op:
        batch_op.drop_column("group_source")
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_delivery_status_broadcast")
        batch_op.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=False)
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.drop_index("ix_broadcast_finished_at")
        batch_op.drop_column("resumed")
        batch_op.drop_column("report_admins")
        batch_op.drop_column("report_chat_id")
        batch_op.drop_column("not_after")
        batch_op.drop_column("note")
        batch_op.drop_column("label")
