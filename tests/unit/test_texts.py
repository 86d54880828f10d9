"""Texts stay within Telegram's limits, whatever users typed."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from models.meeting import (
    MAX_SPEAKERS,
    Meeting,
    MeetingPlan,
    MeetingStatus,
    RsvpTally,
    Sector,
    Speaker,
    SpeakerPlan,
)
from ui import texts

TZ = ZoneInfo("Asia/Jakarta")


def _largest_meeting() -> Meeting:
    return Meeting(
        id=1,
        kampung_id=1,
        starts_at=datetime(2026, 8, 15, 2, tzinfo=UTC),
        host_rt="07",
        proposed_host_rt="06",
        venue="&" * 200,
        topic="<" * 200,
        status=MeetingStatus.SCHEDULED,
        speakers=[
            Speaker(position=i, name="N" * 100, institution="I" * 150, sector=Sector.BUMN)
            for i in range(MAX_SPEAKERS)
        ],
    )


def test_the_largest_possible_meeting_card_fits_one_message():
    tally = RsvpTally(yes=10_000, excused=10_000, no=10_000, unanswered=10_000)
    now = datetime(2026, 7, 1, tzinfo=UTC)
    card = texts.meeting_card(_largest_meeting(), "K" * 120, TZ, now, tally, ask=texts.ASK_RSVP)
    before = MeetingPlan(
        day=date(2026, 8, 8),
        start_time=time(13, 0),
        host_rt="01",
        venue=">" * 200,
        topic="&" * 200,
        speakers=[SpeakerPlan("S" * 100, "J" * 150, Sector.OTHER)],
    )
    for answer in (None, "izin"):
        changed = texts.meeting_changed(_largest_meeting(), before, TZ, now, tally, answer=answer)
        # Every part changed, each "old → new": still one phone screen.
        assert texts.phone_lines(changed) <= texts.CARD_MAX_LINES, changed
        assert changed.count(" → ") >= 4
    assert texts.phone_lines(card) <= texts.CARD_MAX_LINES
    for text in (card, changed):
        assert texts.visible_length(text) < texts.MAX_MESSAGE_LENGTH


@given(st.lists(st.text(min_size=1, max_size=64), max_size=400))
def test_broadcast_report_with_many_blocked_names_splits_into_valid_messages(names):
    report = texts.broadcast_report("Pengumuman", 10, 2, names, True)
    chunks = texts.split_message(report)
    assert all(texts.visible_length(chunk) <= texts.MAX_MESSAGE_LENGTH for chunk in chunks)
    assert "\n".join(chunks) == report


def test_one_huge_line_is_cut():
    chunks = texts.split_message("x" * 9000)
    assert [len(c) for c in chunks] == [4096, 4096, 808]


def test_portal_paragraph_names_at_most_ten_guest_roles():
    from models.attendance import Guest, Recap

    meeting = _largest_meeting()
    guests = [Guest(name=f"Tamu {i}", role=f"Jabatan {i:02d}") for i in range(25)]
    paragraph = texts.portal_paragraph(Recap(meeting, [], guests), "Kampung KB", TZ)
    # The meeting's speakers are present guests too, named first as "narasumber".
    speakers = len(meeting.speakers)
    assert f"{25 + speakers} tamu (narasumber, Jabatan 00," in paragraph
    assert "Jabatan 08, dan lainnya)" in paragraph
    assert "Jabatan 09" not in paragraph


def test_plain_is_what_a_popup_shows():
    assert texts.plain(texts.YEAR_OUT_OF_RANGE) == (
        "Tahun itu di luar jangkauan. Contoh: /jadwal tahun 2026"
    )
    assert texts.plain("<b>PKK &amp; Karang Taruna</b> &lt;RW&gt;") == "PKK & Karang Taruna <RW>"


def test_the_package_re_exports_every_text_of_every_feature_module():
    """Existing callers read ``texts.X``: a text added to a feature module must be there too."""
    import importlib
    import pkgutil

    modules = [m.name for m in pkgutil.iter_modules(texts.__path__)]
    assert len(modules) >= 18
    for name in modules:
        module = importlib.import_module(f"ui.texts.{name}")
        for attr, value in vars(module).items():
            if not attr.startswith("_"):
                assert getattr(texts, attr) is value, f"ui.texts.{name}.{attr}"
