"""Attendance at a meeting: members present or absent, and guests without Telegram."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column


class MarkSource(enum.StrEnum):
    SELF = "self"  # the member checked in (/hadir or the prompt's button)
    ADMIN = "admin"  # an admin ticked them on the roll


class Attendance(Base):
    """One row per meeting and member: present or not, when, and who said so."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    present: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[MarkSource] = mapped_column(enum_column(MarkSource, 16))
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Guest(Base):
    """Someone present without Telegram: village secretary, RT head, speaker, students…"""

    __tablename__ = "guest"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(150))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
