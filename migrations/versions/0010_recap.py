"""Recaps of any meeting: the roster as it was, minutes and photos.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30

- ``roster_member``: who was expected at a meeting, with RT, Poktan and role as
  they were when attendance opened (later profile changes do not rewrite it);
- ``meeting.roster_taken_at``: when that roster was taken (once);
- ``meeting.minutes`` / ``minutes_by_id`` / ``minutes_at``: the secretary's notulen;
- ``meeting_photo``: photos of a meeting (Telegram file id and the local copy).

Meetings held before this revision have no roster: their recap uses the members
as they are now, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ROLE = sa.Enum("admin", "cadre", name="memberrole", native_enum=False, length=16)
_POKTAN = sa.Enum(
    "BKB", "BKR", "BKL", "UPPKS", "PIK-R", "Pokja", "Lainnya",
    name="poktan", native_enum=False, length=16,
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "roster_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("role", _ROLE, nullable=False),
        sa.Column("rt", sa.String(length=16), nullable=True),
        sa.Column("poktan", _POKTAN, nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_roster_member_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_roster_member_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_member")),
        sa.UniqueConstraint(
            "meeting_id", "member_id", name=op.f("uq_roster_member_meeting_id_member_id")
        ),
    )
    op.create_table(
        "meeting_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("file_unique_id", sa.String(length=128), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=True),
        sa.Column("caption", sa.String(length=1024), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["member.id"],
            name=op.f("fk_meeting_photo_added_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_photo_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_photo")),
        sa.UniqueConstraint(
            "meeting_id", "file_unique_id", name=op.f("uq_meeting_photo_meeting_id_file_unique_id")
        ),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roster_taken_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("minutes", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("minutes_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("minutes_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_meeting_minutes_by_id_member"),
            "member",
            ["minutes_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_meeting_minutes_by_id_member"), type_="foreignkey")
        batch_op.drop_column("minutes_at")
        batch_op.drop_column("minutes_by_id")
        batch_op.drop_column("minutes")
        batch_op.drop_column("roster_taken_at")
    op.drop_table("meeting_photo")
    op.drop_table("roster_member")
