"""The group card edits owed, kept in the database.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30

- ``meeting.tally_owed_at``: set when an answer changed the RSVP tally and the
  group's card does not show it yet, cleared once an edit did. Before this revision
  the throttled edit lived only in the scheduler's memory, and a restart in between
  left the group's card behind until the next answer.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tally_owed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("tally_owed_at")
