"""Phone-sized cards and WhatsApp texts: pure renderings, no bot."""

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from models.attendance import Recap
from models.meeting import Meeting, MeetingPlan, MeetingStatus, RsvpTally, Sector, Speaker
from ui import texts

TZ = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 7, 1, 2, tzinfo=UTC)
KAMPUNG = "Kampung KB Penyengat Rendah"


def meeting(**changes) -> Meeting:
    values = {
        "id": 1,
        "kampung_id": 1,
        "starts_at": datetime(2026, 8, 15, 2, tzinfo=UTC),
        "host_rt": "07",
        "proposed_host_rt": "07",
        "venue": "Rumah Data RT 07",
        "topic": "Pembinaan <Poktan> & keluarga",
        "status": MeetingStatus.SCHEDULED,
        "cancel_reason": None,
        "speakers": [
            Speaker(position=0, name="Ramadani J", institution="BKKBN Jambi", sector=Sector.BUMN)
        ],
    }
    values.update(changes)
    return Meeting(**values)


def assert_plain(text: str) -> None:
    assert not re.search(r"<[a-z/][^>]*>", text)  # typed "<Poktan>" stays, no markup
    assert "&lt;" not in text and "&amp;" not in text
    assert texts.TALLY_PREFIX not in text and "tombol" not in text.lower()


@pytest.mark.parametrize(
    "render",
    [
        lambda m: texts.wa_announcement(m, KAMPUNG, TZ),
        lambda m: texts.wa_reminder("H-1", m, KAMPUNG, TZ),
        lambda m: texts.wa_change(
            m, MeetingPlan.of(meeting(host_rt="03", venue="Balai RW"), TZ), KAMPUNG, TZ
        ),
        lambda m: texts.wa_cancellation(meeting(cancel_reason="hujan deras"), KAMPUNG, TZ),
    ],
)
def test_whatsapp_texts_put_date_place_host_and_topic_first(render):
    text = render(meeting())
    assert_plain(text)
    first = text.split("\n")[:8]
    assert first[0].startswith("*") and first[0].endswith("*")
    assert "Hari/tanggal: Sabtu, 15 Agustus 2026 pukul 09.00 WIB" in text
    assert "Tempat: Rumah Data RT 07" in text and "Tuan rumah: RT 07" in text
    assert "Materi: Pembinaan <Poktan> & keluarga" in text
    assert sum(line.startswith(("Hari/", "Tempat", "Tuan rumah", "Materi")) for line in first) >= 2


def test_the_whatsapp_change_names_old_and_new():
    before = MeetingPlan.of(meeting(host_rt="03", venue="Balai RW"), TZ)
    text = texts.wa_change(meeting(), before, KAMPUNG, TZ)
    assert "🏠 Tuan rumah: RT 03 → RT 07" in text
    assert "📍 Balai RW → Rumah Data RT 07" in text


def test_the_whatsapp_recap_has_the_totals_and_no_names():
    text = texts.wa_recap(Recap(meeting(), [], []), KAMPUNG, TZ)
    assert_plain(text)
    # The meeting's speaker is a present guest without being typed in.
    assert "*Hadir 1 orang*: 0 kader (dari 0) dan 1 tamu." in text


def test_phone_lines_count_wrapped_lines_after_rendering():
    assert texts.phone_lines("<b>abc</b>") == 1
    assert texts.phone_lines("x" * 40) == 1
    assert texts.phone_lines("x" * 41) == 2
    assert texts.phone_lines("a\n\nb") == 3
    assert texts.phone_lines("&amp;" * 40) == 1  # an entity is one character


def test_clip_keeps_short_text_and_marks_a_cut():
    assert texts.clip("  Rumah   Data ", 20) == "Rumah Data"
    assert texts.clip("x" * 50, 10) == "x" * 9 + "…"


def test_with_tally_replaces_only_the_tally_line():
    card = texts.meeting_card(
        meeting(), KAMPUNG, TZ, NOW, RsvpTally(0, 0, 0, 5), ask=texts.ASK_RSVP
    )
    updated = texts.with_tally(card, RsvpTally(3, 1, 0, 1))
    assert "✅ Hadir 3 · 🙏 Izin 1 · ❌ Tidak 0 · ⏳ Belum menjawab 1" in updated
    assert updated.replace(texts.tally_line(RsvpTally(3, 1, 0, 1)), "") == card.replace(
        texts.tally_line(RsvpTally(0, 0, 0, 5)), ""
    )


def test_her_answer_replaces_the_question():
    card = texts.meeting_card(meeting(), KAMPUNG, TZ, NOW, answer="izin", ask=texts.ASK_RSVP)
    assert card.endswith("Jawaban Anda: <b>Izin 🙏</b>")
    assert texts.ASK_RSVP not in card


def test_a_time_change_is_one_line_old_to_new():
    before = MeetingPlan(
        day=date(2026, 8, 15),
        start_time=time(9, 0),
        host_rt="07",
        venue="Rumah Data RT 07",
        topic="Pembinaan <Poktan> & keluarga",
        speakers=MeetingPlan.of(meeting(), TZ).speakers,
    )
    moved = meeting(starts_at=datetime(2026, 8, 15, 6, 30, tzinfo=UTC))
    notice = texts.meeting_changed(moved, before, TZ, NOW)
    assert "🗓 Sab, 15 Agu 09.00 → <b>Sab, 15 Agu 13.30</b>" in notice
    assert texts.ASK_RSVP_AGAIN in notice
    assert notice.count(" → ") == 1
