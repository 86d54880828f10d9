"""Per-recipient cards: a cadre who answered gets the card that shows her answer.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30

- ``broadcast.variants``: alternative texts of one broadcast, by variant key
  (e.g. the RSVP answer: "hadir", "izin", "tidak");
- ``delivery.variant``: which of them this recipient gets (NULL: ``broadcast.text``);
- ``broadcast.share``: its WhatsApp version, sent after the summary to whoever gets it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.add_column(sa.Column("variants", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("share", sa.Text(), nullable=True))
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.add_column(sa.Column("variant", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_column("variant")
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.drop_column("share")
        batch_op.drop_column("variants")
