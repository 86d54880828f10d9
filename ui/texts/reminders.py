"""Reminders and the quarter nudge (scheduler/)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from ui.formatting import format_date, format_meeting_datetime
from ui.texts.common import rt_label


def reminder_label(offset_seconds: int) -> str:
    """How long before the meeting: "H-7" for whole days, else "3 jam", "30 menit"."""
    if offset_seconds % 86_400 == 0:
        return f"H-{offset_seconds // 86_400}"
    if offset_seconds % 3_600 == 0:
        return f"{offset_seconds // 3_600} jam"
    return f"{max(offset_seconds // 60, 1)} menit"


def reminder_title_line(label: str) -> str:
    return f"Pengingat pertemuan ({label})"


def reminder_title(label: str, meeting_label: str) -> str:
    """How the secretary's summary names a reminder."""
    return f"Pengingat {label} ({meeting_label})"


def late_reminder_note(due_at: datetime, tz: ZoneInfo) -> str:
    return (
        "⚠️ Bot tidak berjalan pada waktu pengingat ini "
        f"({format_meeting_datetime(due_at, tz)}); pengingat dikirim terlambat."
    )


def reminders_missed(items: Sequence[tuple[str, str, bool]]) -> str:
    """Reminders that will never go out: (label, meeting label, superseded?)."""
    lines = ["⚠️ <b>Pengingat tidak terkirim</b> karena bot tidak berjalan pada waktunya:"]
    for label, meeting_label, superseded in items:
        why = (
            "digantikan pengingat yang lebih dekat ke hari pertemuan"
            if superseded
            else "pertemuan sudah dimulai"
        )
        lines.append(f"• Pengingat {label} ({meeting_label}): {why}.")
    return "\n".join(lines)


def quarter_nudge(quarter_label: str, starts: datetime, days_left: int, host_rt: str) -> str:
    """``starts``: the quarter's first moment, in the kampung's time zone."""
    return (
        f"🗓 <b>{quarter_label}</b> dimulai {format_date(starts.date())} "
        f"({days_left} hari lagi), tetapi belum ada jadwal pertemuannya.\n"
        f"Giliran tuan rumah: <b>{rt_label(host_rt)}</b>.\n\n"
        "Tekan tombol di bawah untuk membuat jadwal."
    )
