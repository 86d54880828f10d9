"""Reminders of planned Poktan sessions (issue 18 item 3).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06

A new table only; no existing row changes:

- ``poktan_reminder``: per planned session, the day-before and two-hours-before
  reminders to the group's cadres and the prompt to its chairs to record who came;
  each row pending, sent (with its outbox broadcast) or missed. The broadcast's kind
  ``poktan`` is a new value of a VARCHAR enum: no schema change.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "poktan_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "day_before",
                "soon",
                "complete",
                name="poktanreminderkind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sent",
                "missed",
                name="poktanreminderstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("broadcast_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcast.id"],
            name=op.f("fk_poktan_reminder_broadcast_id_broadcast"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["poktan_session.id"],
            name=op.f("fk_poktan_reminder_session_id_poktan_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poktan_reminder")),
        sa.UniqueConstraint("session_id", "kind", name=op.f("uq_poktan_reminder_session_id_kind")),
    )
    with op.batch_alter_table("poktan_reminder", schema=None) as batch_op:
        batch_op.create_index("ix_poktan_reminder_status_due", ["status", "due_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_poktan_reminder_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("poktan_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poktan_reminder_session_id"))
        batch_op.drop_index("ix_poktan_reminder_status_due")

    op.drop_table("poktan_reminder")
