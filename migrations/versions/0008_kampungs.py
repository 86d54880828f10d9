"""Many kampungs in one bot: invite codes, secretaries per kampung, each user's kampung.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("kampung") as batch:
        batch.add_column(sa.Column("invite_code", sa.String(length=32), nullable=True))
        batch.add_column(
            sa.Column("from_settings", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_unique_constraint(op.f("uq_kampung_invite_code"), ["invite_code"])
    # Before this revision a database held one kampung, the one of the settings.
    connection = op.get_bind()
    kampung = sa.table(
        "kampung",
        sa.column("id", sa.Integer()),
        sa.column("invite_code", sa.String()),
        sa.column("from_settings", sa.Boolean()),
    )
    ids = [row.id for row in connection.execute(sa.select(kampung.c.id).order_by(kampung.c.id))]
    for position, kampung_id in enumerate(ids):
        connection.execute(
            kampung.update()
            .where(kampung.c.id == kampung_id)
            .values(invite_code=secrets.token_urlsafe(12), from_settings=position == 0)
        )
    with op.batch_alter_table("kampung") as batch:
        batch.alter_column("from_settings", server_default=None)

    op.create_table(
        "kampung_admin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kampung_id", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "source",
            sa.Enum("settings", "operator", name="adminsource", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kampung_id"],
            ["kampung.id"],
            name=op.f("fk_kampung_admin_kampung_id_kampung"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kampung_admin")),
        sa.UniqueConstraint(
            "kampung_id", "telegram_id", name=op.f("uq_kampung_admin_kampung_id_telegram_id")
        ),
    )
    op.create_table(
        "kampung_choice",
        sa.Column("telegram_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kampung_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kampung_id"],
            ["kampung.id"],
            name=op.f("fk_kampung_choice_kampung_id_kampung"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("telegram_id", name=op.f("pk_kampung_choice")),
    )


def downgrade() -> None:
    op.drop_table("kampung_choice")
    op.drop_table("kampung_admin")
    with op.batch_alter_table("kampung") as batch:
        batch.drop_constraint(op.f("uq_kampung_invite_code"), type_="unique")
        batch.drop_column("from_settings")
        batch.drop_column("invite_code")
