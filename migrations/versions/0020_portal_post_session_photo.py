"""A Poktan session's portal post keeps its chosen photos (issue 19 with issue 18).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07

A post's photos so far named a meeting photo (``portal_post_photo.meeting_photo_id``).
A Poktan session's photos live in ``poktan_session_photo``, so a post of a session
names its photos in a new nullable column ``session_photo_id`` (exactly one of the two
is set; ON DELETE CASCADE as the meeting photo's). Existing rows keep their values
and get NULL in the new column; no row is lost.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("portal_post_photo", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_photo_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_portal_post_photo_session_photo_id_poktan_session_photo"),
            "poktan_session_photo",
            ["session_photo_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_portal_post_photo_post_id_session_photo_id"),
            ["post_id", "session_photo_id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("portal_post_photo", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_portal_post_photo_post_id_session_photo_id"), type_="unique"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_portal_post_photo_session_photo_id_poktan_session_photo"),
            type_="foreignkey",
        )
        batch_op.drop_column("session_photo_id")
