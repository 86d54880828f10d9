"""The Poktan month (issue 18): groups, chairs, member families, sessions, registers.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06

New tables only; no existing row changes:

- ``poktan_group``: a kampung's BKB/BKR/BKL/UPPKA/PIK-R groups (name unique in the
  kampung, the RTs covered, the chair's confirmation that she keeps the families' names).
- ``poktan_chair``: one or two chairs per group, members of the bot.
- ``poktan_family``: the member families a chair keeps (no Telegram; never messaged).
- ``poktan_session``, ``poktan_presence``, ``poktan_session_photo``: sessions held or
  planned, the families ticked present (or a typed count), photos.
- ``poktan_month``, ``poktan_submission``: a group's month (open/sent, "none held",
  prompts) and every version of its register sent to the PKB.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "poktan_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kampung_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "BKB",
                "BKR",
                "BKL",
                "UPPKA",
                "PIK-R",
                name="poktankind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("rt_order", sa.String(length=1000), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("families_consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("families_consent_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["families_consent_by_id"],
            ["member.id"],
            name=op.f("fk_poktan_group_families_consent_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["kampung_id"],
            ["kampung.id"],
            name=op.f("fk_poktan_group_kampung_id_kampung"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poktan_group")),
        sa.UniqueConstraint("kampung_id", "name", name=op.f("uq_poktan_group_kampung_id_name")),
    )
    op.create_table(
        "poktan_chair",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["poktan_group.id"],
            name=op.f("fk_poktan_chair_group_id_poktan_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_poktan_chair_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "member_id", name=op.f("pk_poktan_chair")),
    )
    with op.batch_alter_table("poktan_chair", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poktan_chair_member_id"), ["member_id"], unique=False)

    op.create_table(
        "poktan_family",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=True),
        sa.Column("rt", sa.String(length=16), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active", "inactive", "removed", name="familystatus", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("inactive_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["poktan_group.id"],
            name=op.f("fk_poktan_family_group_id_poktan_group"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poktan_family")),
    )
    with op.batch_alter_table("poktan_family", schema=None) as batch_op:
        batch_op.create_index("ix_poktan_family_group_status", ["group_id", "status"], unique=False)

    op.create_table(
        "poktan_month",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("open", "sent", name="monthstate", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("none_held", sa.Boolean(), nullable=False),
        sa.Column("compiled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("prompts_sent", sa.Integer(), nullable=False),
        sa.Column("last_prompt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["poktan_group.id"],
            name=op.f("fk_poktan_month_group_id_poktan_group"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poktan_month")),
        sa.UniqueConstraint("group_id", "month", name=op.f("uq_poktan_month_group_id_month")),
    )
    op.create_table(
        "poktan_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned", "held", "cancelled", name="sessionstatus", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("topic", sa.String(length=200), nullable=True),
        sa.Column("present_count", sa.Integer(), nullable=True),
        sa.Column("speakers", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["member.id"],
            name=op.f("fk_poktan_session_created_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["poktan_group.id"],
            name=op.f("fk_poktan_session_group_id_poktan_group"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poktan_session")),
    )
    with op.batch_alter_table("poktan_session", schema=None) as batch_op:
        batch_op.create_index("ix_poktan_session_group_day", ["group_id", "held_on"], unique=False)

    op.create_table(
        "poktan_presence",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["poktan_family.id"],
            name=op.f("fk_poktan_presence_family_id_poktan_family"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["poktan_session.id"],
            name=op.f("fk_poktan_presence_session_id_poktan_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "family_id", name=op.f("pk_poktan_presence")),
    )
    with op.batch_alter_table("poktan_presence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_poktan_presence_family_id"), ["family_id"], unique=False
        )

    op.create_table(
        "poktan_session_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("file_unique_id", sa.String(length=128), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["member.id"],
            name=op.f("fk_poktan_session_photo_added_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["poktan_session.id"],
            name=op.f("fk_poktan_session_photo_session_id_poktan_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poktan_session_photo")),
        sa.UniqueConstraint(
            "session_id",
            "file_unique_id",
            name=op.f("uq_poktan_session_photo_session_id_file_unique_id"),
        ),
    )
    op.create_table(
        "poktan_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("none_held", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["month_id"],
            ["poktan_month.id"],
            name=op.f("fk_poktan_submission_month_id_poktan_month"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"],
            ["member.id"],
            name=op.f("fk_poktan_submission_sent_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poktan_submission")),
        sa.UniqueConstraint(
            "month_id", "version", name=op.f("uq_poktan_submission_month_id_version")
        ),
    )


def downgrade() -> None:
    op.drop_table("poktan_submission")
    op.drop_table("poktan_session_photo")
    with op.batch_alter_table("poktan_presence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poktan_presence_family_id"))

    op.drop_table("poktan_presence")
    with op.batch_alter_table("poktan_session", schema=None) as batch_op:
        batch_op.drop_index("ix_poktan_session_group_day")

    op.drop_table("poktan_session")
    op.drop_table("poktan_month")
    with op.batch_alter_table("poktan_family", schema=None) as batch_op:
        batch_op.drop_index("ix_poktan_family_group_status")

    op.drop_table("poktan_family")
    with op.batch_alter_table("poktan_chair", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poktan_chair_member_id"))

    op.drop_table("poktan_chair")
    op.drop_table("poktan_group")
