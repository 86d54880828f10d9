"""Attendance: the check-in prompt, the roll, guests, the recap and photos."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from models.attendance import Outcome, Recap
from models.meeting import Meeting
from ui.formatting import format_date, format_meeting_datetime, format_time
from ui.texts.common import MAX_MESSAGE_LENGTH, esc, poktan_label, rt_label
from ui.texts.meetings import short_meeting_label

BTN_PRESENT = "✅ Hadir"
BTN_NOT_PRESENT = "Tidak"
BTN_CLOSE_ATTENDANCE = "🔒 Tutup absensi"
BTN_RECAP = "📊 Lihat rekap"
BTN_PREV = "◀️"
BTN_NEXT = "▶️"
BTN_REFRESH = "🔄"
ATTENDANCE_PROMPT_QUESTION = "Apakah Anda hadir di pertemuan ini?"
NO_MEETING_FOR_ATTENDANCE = "Belum ada pertemuan terjadwal, jadi belum ada daftar hadir."
ATTENDANCE_CLOSED = "Absensi pertemuan ini sudah ditutup. Terima kasih."
ATTENDANCE_MEETING_OFF = "Pertemuan ini sudah dibatalkan, jadi kehadiran tidak dicatat."
ATTENDANCE_ALREADY_CLOSED = "Absensi pertemuan ini sudah ditutup sebelumnya."
ATTENDANCE_MARK_OTHERS = "Hanya admin yang bisa menandai kehadiran orang lain."
ATTENDANCE_WRONG_MEETING = "Daftar hadir ini bukan untuk pertemuan yang sedang berlangsung."
GUEST_USAGE = (
    "Tambah tamu (tanpa Telegram), satu orang per baris:\n"
    "<code>/tamu Nama - Jabatan/Instansi</code>\n\n"
    "Contoh:\n<code>/tamu Drs. Hasan - Sekretaris Lurah\n"
    "Pak Rahmat - Ketua RT 07\nUstaz Fauzi - Tokoh Agama</code>"
)
GUEST_PROBLEMS: dict[str, str] = {
    "no_separator": "pisahkan nama dan jabatan dengan tanda ' - '",
    "name_length": "nama 2–100 karakter",
    "role_length": "jabatan 2–150 karakter",
}
GUEST_GONE = "Tamu itu sudah dihapus."


def attendance_prompt(card: str) -> str:
    return f"📝 <b>Daftar hadir dibuka</b>\n\n{card}\n\n<b>{ATTENDANCE_PROMPT_QUESTION}</b>"


def checked_in(when: datetime, tz: ZoneInfo) -> str:
    return f"✅ Kehadiran Anda tercatat pukul {format_time(when, tz)}. Terima kasih!"


def marked_absent() -> str:
    return "Baik, Anda tercatat tidak hadir. Bila ternyata datang, tekan Hadir atau ketik /hadir."


def attendance_not_yet(opens_at: datetime, tz: ZoneInfo) -> str:
    return f"Absensi belum dibuka. Absensi dibuka mulai {format_meeting_datetime(opens_at, tz)}."


def roll_text(
    meeting: Meeting, tz: ZoneInfo, present: int, members: int, guests: int, page: int, pages: int
) -> str:
    start = meeting.local_start(tz)
    lines = [
        f"📋 <b>Daftar hadir</b> — {format_date(start.date())}, {rt_label(meeting.host_rt)}",
        f"Hadir: <b>{present}</b> dari {members} kader · Tamu: {guests}",
    ]
    if meeting.attendance_closed_at is not None:
        lines.append("🔒 Absensi sudah ditutup.")
    else:
        lines.append("Tekan nama untuk mengubah hadir/tidak.")
    if pages > 1:
        lines.append(f"Halaman {page + 1}/{pages}")
    return "\n".join(lines)


def roll_button(name: str, rt: str | None, present: bool | None) -> str:
    mark = "✅" if present else "⬜"
    return f"{mark} {name[:40]} ({rt_label(rt)})"


def roll_section(poktan: str, present: int, total: int) -> str:
    return f"— {poktan} ({present}/{total}) —"


def attendance_marked(name: str, present: bool) -> str:
    """A popup: plain text, not HTML."""
    return f"{name}: {'hadir ✅' if present else 'tidak hadir'}"


def guests_added(count: int, bad: Sequence[tuple[int, str, str]], total: int) -> str:
    lines = []
    if count:
        lines.append(f"✅ {count} tamu ditambahkan. Jumlah tamu sekarang: {total}.")
    if bad:
        lines.append(f"⚠️ {len(bad)} baris tidak bisa dibaca, mohon perbaiki:")
        lines += [
            f"Baris {number}: <code>{esc(line[:80])}</code> — {GUEST_PROBLEMS[problem]}"
            for number, line, problem in bad
        ]
    return "\n".join(lines)


def guest_list(guests: Sequence[tuple[str, str]], removable: int | None = None) -> str:
    if not guests:
        return "Belum ada tamu yang dicatat.\n\n" + GUEST_USAGE
    text = f"<b>Tamu yang hadir ({len(guests)})</b> — tekan untuk menghapus:"
    if removable is not None and removable < len(guests):
        text += f"\n(tombol hapus untuk {removable} tamu yang terakhir dicatat)"
    return text


def guest_button(name: str, role: str) -> str:
    return f"🗑 {name[:30]} — {role[:25]}"


def guest_removed(name: str) -> str:
    """A popup: plain text, not HTML."""
    return f"Tamu {name} dihapus dari daftar hadir."


def attendance_closed_now(present: int, guests: int) -> str:
    return f"🔒 Absensi ditutup. Hadir {present} kader dan {guests} tamu."


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.CAME_AS_PROMISED: "Hadir sesuai konfirmasi",
    Outcome.CAME_UNANNOUNCED: "Hadir tanpa konfirmasi hadir",
    Outcome.PROMISED_ABSENT: "Konfirmasi hadir tetapi tidak datang",
    Outcome.EXCUSED: "Izin",
    Outcome.DECLINED: "Sudah memberi tahu tidak hadir",
    Outcome.SILENT_ABSENT: "Tidak hadir tanpa kabar",
}
# Outcomes whose names the secretary wants to see (to follow up), not just counts. The
# recap goes to admins in private only: the absentees are never named in the group.
NAMED_OUTCOMES = (Outcome.PROMISED_ABSENT, Outcome.EXCUSED, Outcome.SILENT_ABSENT)


def _meeting_heading(meeting: Meeting, tz: ZoneInfo) -> str:
    return (
        f"{format_meeting_datetime(meeting.local_start(tz), tz)} · {esc(meeting.venue)} "
        f"(tuan rumah {rt_label(meeting.host_rt)})"
    )


def recap_summary(recap: Recap) -> str:
    """The recap's first lines: the figures the secretary looks for first."""
    outcomes = recap.outcomes()
    promised = len(outcomes[Outcome.CAME_AS_PROMISED]) + len(outcomes[Outcome.PROMISED_ABSENT])
    rate = round(100 * recap.members_present / len(recap.rows)) if recap.rows else 0
    return (
        f"<b>Ringkasan:</b> hadir <b>{recap.total_present}</b> orang — "
        f"{recap.members_present} dari {len(recap.rows)} kader ({rate}%) dan "
        f"{recap.guest_count} tamu.\n"
        f"Menjawab hadir {promised}, dan {len(outcomes[Outcome.CAME_AS_PROMISED])} "
        "di antaranya datang."
    )


def recap_text(recap: Recap, tz: ZoneInfo) -> str:
    """The secretary's recap: a short summary first, then by Poktan and RT, guests,
    RSVP against presence, names."""
    meeting = recap.meeting
    lines = [
        f"📊 <b>Rekap kehadiran — Pertemuan {meeting.quarter(tz).label}</b>",
        _meeting_heading(meeting, tz),
        "",
        recap_summary(recap),
        "",
        "<b>Rincian</b>",
        f"Hadir: <b>{recap.total_present}</b> orang ({recap.members_present} kader, "
        f"{recap.guest_count} tamu) dari {len(recap.rows)} kader terdaftar.",
        "",
        "<b>Per Poktan</b> (hadir/terdaftar):",
    ]
    lines += [f"• {poktan}: {present}/{total}" for poktan, present, total in recap.by_poktan()]
    lines += ["", "<b>Per RT</b>:"]
    lines += [f"• {rt_label(rt)}: {present}/{total}" for rt, present, total in recap.by_rt()]
    speakers = recap.speaker_guests
    if recap.guest_count:
        lines += ["", "<b>Tamu menurut jabatan</b>:"]
        if speakers:
            lines.append(f"• {SPEAKER_ROLE}: {len(speakers)}")
        lines += [f"• {esc(role)}: {count}" for role, count in recap.guests_by_role()]
    lines += ["", "<b>Konfirmasi dibanding kehadiran</b>:"]
    for result, rows in recap.outcomes().items():
        line = f"• {OUTCOME_LABELS[result]}: {len(rows)}"
        if rows and result in NAMED_OUTCOMES:
            line += " — " + ", ".join(esc(r.name) for r in rows)
        lines.append(line)
    lines += ["", f"<b>Kader yang hadir ({recap.members_present})</b>:"]
    lines += [
        f"{i}. {esc(r.name)} — {poktan_label(r.poktan)}, {rt_label(r.rt)}"
        for i, r in enumerate(recap.present_rows, start=1)
    ]
    if recap.guest_count:
        present_guests = [(s.name, speaker_role(s.institution)) for s in speakers]
        present_guests += [(g.name, g.role) for g in recap.guests]
        lines += ["", f"<b>Tamu ({recap.guest_count})</b>:"]
        lines += [
            f"{i}. {esc(name)} — {esc(role)}"
            for i, (name, role) in enumerate(present_guests, start=1)
        ]
    lines += ["", recap_extras_line(recap)]
    return "\n".join(lines)


SPEAKER_ROLE = "Narasumber"


def speaker_role(institution: str) -> str:
    """How a speaker appears among a meeting's guests."""
    return f"{SPEAKER_ROLE} ({institution})"


def recap_extras_line(recap: Recap) -> str:
    """What the secretary sent after the meeting: photos and minutes, or how to send them."""
    photos = len(recap.photos)
    minutes = recap.meeting.minutes is not None
    if not photos and not minutes:
        return "📷 Belum ada foto dan notulen. Kirim foto ke bot, dan ketik /notulen."
    parts = [f"{photos} foto" if photos else "belum ada foto"]
    parts.append("notulen ada" if minutes else "belum ada notulen (/notulen)")
    return "📷 Dokumentasi: " + ", ".join(parts) + "."


def _join_id(items: Sequence[str]) -> str:
    """Indonesian enumeration: "a", "a dan b", "a, b, dan c"."""
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + ", dan " + items[-1]


PARAGRAPH_MAX_ROLES = 10  # the paragraph is one pasteable line: name the main roles only


def portal_paragraph(recap: Recap, kampung_name: str, tz: ZoneInfo) -> str:
    """A ready-to-paste paragraph for the Kampung KB portal's activity description."""
    meeting = recap.meeting
    when = format_meeting_datetime(meeting.local_start(tz), tz)
    text = (
        f"Pertemuan rutin triwulan {meeting.quarter(tz).roman} {kampung_name} dilaksanakan "
        f"pada {when} di {meeting.venue} (tuan rumah {rt_label(meeting.host_rt)}) "
        f"dengan materi {meeting.topic}"
    )
    if meeting.speakers:
        speakers = [f"{s.name} ({s.institution})" for s in meeting.speakers]
        text += f" oleh narasumber {_join_id(speakers)}"
    text += f". Kegiatan ini dihadiri {recap.total_present} orang"
    parts = []
    by_poktan = [f"{poktan} {present}" for poktan, present, _ in recap.by_poktan() if present]
    if recap.members_present:
        detail = f" ({', '.join(by_poktan)})" if by_poktan else ""
        parts.append(f"{recap.members_present} kader{detail}")
    if recap.guest_count:
        roles = [SPEAKER_ROLE.lower()] if recap.speaker_guests else []
        roles += [role for role, _ in recap.guests_by_role()]
        if len(roles) > PARAGRAPH_MAX_ROLES:
            roles = [*roles[:PARAGRAPH_MAX_ROLES], "dan lainnya"]
        parts.append(f"{recap.guest_count} tamu ({', '.join(roles)})")
    if parts:
        text += ": " + _join_id(parts)
    text += "."
    if recap.meeting.minutes:
        text += f" Hasil pertemuan: {recap.meeting.minutes.strip()}"
        if not text.endswith((".", "!", "?")):
            text += "."
    if recap.photos:
        text += f" Dokumentasi kegiatan terlampir ({len(recap.photos)} foto)."
    return text


def recap_paragraph_message(paragraph: str) -> str:
    header = "📝 <b>Teks untuk portal Kampung KB</b> (salin):\n\n"
    if len(header) + len(paragraph) < MAX_MESSAGE_LENGTH:
        return f"{header}<code>{esc(paragraph)}</code>"
    # Too long for one message: plain text, which split_message can cut between words.
    return header + esc(paragraph)


RECAP_FILES_CAPTION = "Rekap kehadiran untuk laporan kegiatan."
SHEET_FILLED_CAPTION = "Daftar hadir terisi (PDF, A4) untuk ditandatangani."
SHEET_BLANK_CAPTION = "Daftar hadir kosong (PDF, A4) untuk dicetak sebelum pertemuan."
RECAP_PICK = "Pilih pertemuan yang ingin direkap:"
NO_MEETING_FOR_RECAP = "Belum ada pertemuan yang sudah berlangsung, jadi belum ada rekap."
NO_MEETING_FOR_SHEET = "Belum ada pertemuan terjadwal. Buat jadwal dulu dengan /jadwal baru."
BTN_RESEND_PHOTOS = "🖼 Kirim ulang foto"
NO_PHOTOS = "Belum ada foto untuk pertemuan ini. Kirim foto ke bot setelah pertemuan dimulai."
ADMIN_SELF_ASK = "🙋 Anda sendiri hadir di pertemuan ini? Tekan Hadir agar tercatat."


def recap_pick_label(meeting: Meeting, tz: ZoneInfo) -> str:
    return f"{short_meeting_label(meeting, tz)} ({meeting.quarter(tz).label})"


def photos_button(count: int) -> str:
    return f"{BTN_RESEND_PHOTOS} ({count})"


def photos_album_caption(meeting: Meeting, kampung_name: str, tz: ZoneInfo) -> str:
    return (
        f"Dokumentasi pertemuan {meeting.quarter(tz).label} {kampung_name}, "
        f"{format_date(meeting.local_start(tz).date())}"
    )
