"""The portal post of an activity (issue 19, part 1): answers, photos, "Sudah diposting".

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06

New tables only; no existing row changes:

- ``portal_post``: one per meeting (or, later, Poktan session): Seksi, Kategori and
  Peserta Kegiatan, Jenis Post as the portal's list ids, who marked it posted and when.
- ``portal_post_photo``: the post's photos in the album's order, their portal type
  (Kegiatan, Sebelum, Sesudah) and caption.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "portal_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kampung_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("poktan_session_id", sa.Integer(), nullable=True),
        sa.Column("seksi_id", sa.Integer(), nullable=True),
        sa.Column("kategori_id", sa.Integer(), nullable=True),
        sa.Column("peserta", sa.String(length=64), nullable=False),
        sa.Column("peserta_confirmed", sa.Boolean(), nullable=False),
        sa.Column("jenis_post_id", sa.Integer(), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("posted_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kampung_id"],
            ["kampung.id"],
            name=op.f("fk_portal_post_kampung_id_kampung"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_portal_post_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["poktan_session_id"],
            ["poktan_session.id"],
            name=op.f("fk_portal_post_poktan_session_id_poktan_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["posted_by_id"],
            ["member.id"],
            name=op.f("fk_portal_post_posted_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_post")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_portal_post_meeting_id")),
        sa.UniqueConstraint("poktan_session_id", name=op.f("uq_portal_post_poktan_session_id")),
    )
    with op.batch_alter_table("portal_post", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_portal_post_kampung_id"), ["kampung_id"], unique=False)

    op.create_table(
        "portal_post_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("meeting_photo_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("caption", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_photo_id"],
            ["meeting_photo.id"],
            name=op.f("fk_portal_post_photo_meeting_photo_id_meeting_photo"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["portal_post.id"],
            name=op.f("fk_portal_post_photo_post_id_portal_post"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_post_photo")),
        sa.UniqueConstraint(
            "post_id",
            "meeting_photo_id",
            name=op.f("uq_portal_post_photo_post_id_meeting_photo_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("portal_post_photo")
    with op.batch_alter_table("portal_post", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_portal_post_kampung_id"))

    op.drop_table("portal_post")
