"""WhatsApp-ready texts.

Plain text for the secretary to forward to the WhatsApp group: *bold* as WhatsApp
writes it, no HTML, no tally, no button instructions; date, place, host RT and
topic first.
"""

from __future__ import annotations

import re
from html import unescape
from zoneinfo import ZoneInfo

from models.attendance import Recap
from models.meeting import Meeting, MeetingPlan
from ui.formatting import format_meeting_datetime
from ui.texts.cards import change_lines
from ui.texts.common import esc, rt_label

WA_URL = "https://wa.me/?text="
WA_URL_MAX = 2000  # longer links are cut by some phones and browsers: send text to copy


def _wa_details(meeting: Meeting, tz: ZoneInfo) -> list[str]:
    lines = [
        f"Hari/tanggal: {format_meeting_datetime(meeting.local_start(tz), tz)}",
        f"Tempat: {meeting.venue}",
        f"Tuan rumah: {rt_label(meeting.host_rt)}",
        f"Materi: {meeting.topic}",
    ]
    if meeting.speakers:
        lines.append("Narasumber:")
        lines += [f"- {s.name} ({s.institution})" for s in meeting.speakers]
    return lines


def wa_announcement(meeting: Meeting, kampung_name: str, tz: ZoneInfo) -> str:
    return "\n".join(
        [
            f"*Undangan Pertemuan Rutin {meeting.quarter(tz).label}*",
            kampung_name,
            "",
            *_wa_details(meeting, tz),
            "",
            "Mohon kehadiran Bapak/Ibu kader. Terima kasih.",
        ]
    )


def _wa_plain(line: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", line))


def wa_change(meeting: Meeting, before: MeetingPlan, kampung_name: str, tz: ZoneInfo) -> str:
    after = MeetingPlan.of(meeting, tz)
    changed = [_wa_plain(line) for line in change_lines(before, after, tz, width=4)]
    return "\n".join(
        [
            f"*Perubahan Jadwal Pertemuan Rutin {meeting.quarter(tz).label}*",
            kampung_name,
            "",
            *_wa_details(meeting, tz),
            "",
            "*Yang berubah:*",
            *changed,
            "",
            "Mohon maaf atas perubahannya. Terima kasih.",
        ]
    )


def wa_cancellation(meeting: Meeting, kampung_name: str, tz: ZoneInfo) -> str:
    return "\n".join(
        [
            f"*Pertemuan Rutin {meeting.quarter(tz).label} DIBATALKAN*",
            kampung_name,
            "",
            *_wa_details(meeting, tz)[:4],
            f"Alasan: {meeting.cancel_reason or '-'}",
            "",
            "Mohon maaf. Jadwal pengganti akan dikabarkan.",
        ]
    )


def wa_reminder(label: str, meeting: Meeting, kampung_name: str, tz: ZoneInfo) -> str:
    return "\n".join(
        [
            f"*Pengingat ({label}): Pertemuan Rutin {meeting.quarter(tz).label}*",
            kampung_name,
            "",
            *_wa_details(meeting, tz),
            "",
            "Sampai jumpa. Terima kasih.",
        ]
    )


def wa_recap(recap: Recap, kampung_name: str, tz: ZoneInfo) -> str:
    meeting = recap.meeting
    lines = [
        f"*Rekap Kehadiran Pertemuan Rutin {meeting.quarter(tz).label}*",
        kampung_name,
        "",
        *_wa_details(meeting, tz)[:4],
        "",
        f"*Hadir {recap.total_present} orang*: {recap.members_present} kader "
        f"(dari {len(recap.rows)}) dan {recap.guest_count} tamu.",
        "",
        "Per Poktan (hadir/terdaftar):",
        *[f"- {poktan}: {present}/{total}" for poktan, present, total in recap.by_poktan()],
        "",
        "Per RT:",
        *[f"- {rt_label(rt)}: {present}/{total}" for rt, present, total in recap.by_rt()],
        "",
        "Terima kasih atas kehadirannya.",
    ]
    return "\n".join(lines)


def wa_share(text: str) -> str:
    """The message that carries a WhatsApp text to the secretary (escaped for HTML)."""
    return f"📲 <b>Teks untuk grup WhatsApp</b> (tekan tombol, atau salin):\n\n{esc(text)}"


def wa_copy(text: str) -> str:
    """The same when the text is too long for a link: to copy by hand."""
    return f"📲 <b>Teks untuk grup WhatsApp</b> (salin lalu tempel):\n\n{esc(text)}"


BTN_WHATSAPP = "📲 Bagikan ke WhatsApp"
