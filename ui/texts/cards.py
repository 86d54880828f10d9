"""Phone-sized meeting cards: announcement, change and cancellation, one screen each."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

from models.meeting import Meeting, MeetingPlan, RsvpTally
from ui.formatting import format_meeting_datetime, format_relative_days, format_short_datetime
from ui.texts.common import esc, rt_label, visible_length
from ui.texts.meetings import RSVP_LABELS, tally_line

PHONE_WIDTH = 40  # characters one line of a chat bubble holds on a cheap phone
CARD_MAX_LINES = 10  # an announcement or reminder fits on one phone screen


def phone_lines(html: str, width: int = PHONE_WIDTH) -> int:
    """How many lines ``html`` takes on a phone: each line wraps every ``width`` characters."""
    visible = unescape(re.sub(r"<[^>]+>", "", html))
    return sum(max(1, -(-len(line) // width)) for line in visible.split("\n"))


def clip(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters (cut with "…")."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


ASK_RSVP = "Mohon jawab dengan tombol di bawah."
ASK_RSVP_AGAIN = "⚠️ Waktu berubah: mohon jawab lagi."


def your_answer(answer: str) -> str:
    return f"Jawaban Anda: <b>{RSVP_LABELS[answer]}</b>"


def _fit(
    head: Sequence[str], flexible: Sequence[tuple[str, str | None]], tail: Sequence[str]
) -> str:
    """``head`` and ``tail`` lines always; each flexible line (HTML prefix, plain text to
    clip, or None for a line taken whole or not at all) in order, while the card stays
    within ``CARD_MAX_LINES`` phone lines."""
    used = phone_lines("\n".join([*head, *tail]))
    lines = list(head)
    for prefix, text in flexible:
        room = CARD_MAX_LINES - used
        if room <= 0:
            break
        if text is None:
            line = prefix
            if phone_lines(line) > room:
                continue
        else:
            limit = min(2, room) * PHONE_WIDTH - visible_length(prefix)
            clipped = clip(text, limit)
            if len(clipped) < 6:
                continue
            line = prefix + esc(clipped)
        lines.append(line)
        used += phone_lines(line)
    return "\n".join([*lines, *tail])


def _when(meeting: Meeting, tz: ZoneInfo, now: datetime) -> str:
    start = meeting.local_start(tz)
    return f"🗓 {format_meeting_datetime(start, tz)} ({format_relative_days(start, now, tz)})"


def _host_prefix(host_rt: str | None) -> str:
    return f"🏠 Tuan rumah: <b>{rt_label(host_rt)}</b> · 📍 "


def _speakers_short(speakers: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{name} ({institution})" for name, institution in speakers)


def _answer_tail(tally: RsvpTally | None, answer: str | None, ask: str | None) -> list[str]:
    tail = [tally_line(tally)] if tally is not None else []
    if answer is not None:
        tail.append(your_answer(answer))
    elif ask is not None:
        tail.append(ask)
    return tail


def meeting_card(
    meeting: Meeting,
    kampung_name: str,
    tz: ZoneInfo,
    now: datetime,
    tally: RsvpTally | None = None,
    header: str = "📅",
    *,
    title: str | None = None,
    answer: str | None = None,
    ask: str | None = None,
) -> str:
    """The meeting on one phone screen: when, host RT and place, topic, speakers, tally,
    and the reader's own answer (``answer``) or the question (``ask``).

    ``kampung_name`` is not shown: the bot serves one kampung and every line counts.
    """
    heading = title or f"Pertemuan Rutin {meeting.quarter(tz).label}"
    speakers = [(s.name, s.institution) for s in meeting.speakers]
    flexible: list[tuple[str, str | None]] = [
        (_host_prefix(meeting.host_rt), meeting.venue),
        ("📖 Materi: ", meeting.topic),
    ]
    if speakers:
        flexible.append(("🎤 ", _speakers_short(speakers)))
    return _fit(
        [f"{header} <b>{esc(heading)}</b>", _when(meeting, tz, now)],
        flexible,
        _answer_tail(tally, answer, ask),
    )


def _short_when(plan: MeetingPlan, tz: ZoneInfo) -> str:
    return format_short_datetime(plan.starts_at(tz), tz) if plan.complete else "-"


def change_lines(before: MeetingPlan, after: MeetingPlan, tz: ZoneInfo, width: int) -> list[str]:
    """One "old → new" line per changed part, each at most ``width`` phone lines."""
    room = width * PHONE_WIDTH
    lines: list[str] = []
    if (before.day, before.start_time) != (after.day, after.start_time):
        lines.append(f"🗓 {_short_when(before, tz)} → <b>{_short_when(after, tz)}</b>")
    if before.host_rt != after.host_rt:
        lines.append(
            f"🏠 Tuan rumah: {rt_label(before.host_rt)} → <b>{rt_label(after.host_rt)}</b>"
        )
    for emoji, old, new in (
        ("📍", before.venue, after.venue),
        ("📖", before.topic, after.topic),
        (
            "🎤",
            _speakers_short([(s.name, s.institution) for s in before.speakers]) or "-",
            _speakers_short([(s.name, s.institution) for s in after.speakers]) or "-",
        ),
    ):
        if old == new:
            continue
        old_room = min(len(old or ""), room // 3)
        old_text = clip(old or "-", max(old_room, 6))
        new_text = clip(new or "-", room - len(old_text) - 6)
        lines.append(f"{emoji} {esc(old_text)} → <b>{esc(new_text)}</b>")
    return lines


def meeting_changed(
    meeting: Meeting,
    before: MeetingPlan,
    tz: ZoneInfo,
    now: datetime,
    tally: RsvpTally | None = None,
    *,
    answer: str | None = None,
    ask: bool = True,
) -> str:
    """A change notice: what changed (old → new), then the rest of the card."""
    after = MeetingPlan.of(meeting, tz)
    moved = (before.day, before.start_time) != (after.day, after.start_time)
    question = (ASK_RSVP_AGAIN if moved else ASK_RSVP) if ask else None
    tail = _answer_tail(tally, answer, question)
    header = "📢 <b>Perubahan jadwal pertemuan</b>"
    changes = change_lines(before, after, tz, width=2)
    if phone_lines("\n".join([header, *changes, *tail])) > CARD_MAX_LINES:
        changes = change_lines(before, after, tz, width=1)
    flexible: list[tuple[str, str | None]] = [(_when(meeting, tz, now), None)]
    if before.host_rt == after.host_rt and before.venue == after.venue:
        flexible.append((_host_prefix(meeting.host_rt), meeting.venue))
    if before.topic == after.topic:
        flexible.append(("📖 Materi: ", meeting.topic))
    return _fit([header, *changes], flexible, tail)


def meeting_cancelled(meeting: Meeting, kampung_name: str, tz: ZoneInfo) -> str:
    start = meeting.local_start(tz)
    return (
        f"❌ <b>Pertemuan {meeting.quarter(tz).label} DIBATALKAN</b>\n"
        f"Semula: {format_meeting_datetime(start, tz)}, {esc(clip(meeting.venue, 60))} "
        f"({rt_label(meeting.host_rt)}).\nAlasan: {esc(meeting.cancel_reason)}"
    )


RSVP_SUPERSEDED = "Jadwal ini sudah diubah. Ini jadwal terbaru; mohon jawab lagi di sini."
RSVP_SUPERSEDED_GROUP = "Jadwal ini sudah diubah. Lihat pesan perubahan jadwal yang terbaru."
