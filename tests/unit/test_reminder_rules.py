"""Reminder, nudge, lock and send-limit rules, without a bot or a database."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from delivery.limiter import Limits, SendWindow, counts_as_message
from delivery.sending import RetryPolicy
from models.broadcast import BroadcastKind, BroadcastSummary
from models.instance import Holder, InstanceLock, holder_gone
from models.meeting import MAX_SPEAKERS, Meeting, MeetingStatus, RsvpTally, Sector, Speaker
from models.reminder import (
    EARLY_TOLERANCE,
    LATE_AFTER,
    Reminder,
    ReminderStatus,
    Verdict,
    initial_status,
    is_late,
    pick_overdue,
    quarter_to_nudge,
    verdict,
)
from models.rules.quarters import Quarter
from ui import texts

TZ = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 8, 15, 2, 0, tzinfo=UTC)


def meeting(**changes) -> Meeting:
    values = {"id": 1, "starts_at": START, "status": MeetingStatus.SCHEDULED}
    return Meeting(**{**values, **changes})


def reminder(id_: int, meeting_id: int, due_at: datetime) -> Reminder:
    return Reminder(id=id_, meeting_id=meeting_id, due_at=due_at)


# --- planning and waking up ------------------------------------------------------------------


def test_a_reminder_due_now_is_pending_and_one_already_past_is_skipped():
    now = START - timedelta(days=1)
    assert initial_status(now, now) is ReminderStatus.PENDING
    assert initial_status(now + timedelta(seconds=1), now) is ReminderStatus.PENDING
    assert initial_status(now - timedelta(seconds=1), now) is ReminderStatus.SKIPPED


@pytest.mark.parametrize(
    ("now", "the_meeting", "expected"),
    [
        (START - timedelta(days=1), meeting(), Verdict.SEND),
        (START - timedelta(minutes=1), meeting(), Verdict.SEND),
        (START, meeting(), Verdict.MISSED),
        (START + timedelta(hours=2), meeting(), Verdict.MISSED),
        (START - timedelta(days=1), meeting(status=MeetingStatus.CANCELLED), Verdict.CANCELLED),
        (
            START - timedelta(days=1),
            meeting(starts_at=START + timedelta(days=7)),
            Verdict.CANCELLED,
        ),
        (START - timedelta(days=1), None, Verdict.CANCELLED),
        (START - timedelta(days=1) - EARLY_TOLERANCE * 2, meeting(), Verdict.EARLY),
        (START - timedelta(days=1) - EARLY_TOLERANCE / 2, meeting(), Verdict.SEND),
    ],
)
def test_verdict(now, the_meeting, expected):
    due = START - timedelta(days=1)
    assert verdict(due_at=due, planned_start=START, meeting=the_meeting, now=now) is expected


def test_a_reminder_is_late_only_beyond_the_grace():
    assert not is_late(START, START + LATE_AFTER)
    assert is_late(START, START + LATE_AFTER + timedelta(seconds=1))


def test_after_downtime_only_the_latest_reminder_of_each_meeting_goes():
    h7 = reminder(1, 10, START - timedelta(days=7))
    h1 = reminder(2, 10, START - timedelta(days=1))
    other = reminder(3, 11, START - timedelta(days=2))
    to_send, superseded = pick_overdue([h7, other, h1])
    assert to_send == [other, h1]
    assert superseded == [h7]
    assert pick_overdue([]) == ([], [])


# --- the quarter nudge --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "days", "expected"),
    [
        (date(2026, 9, 10), 21, Quarter(2026, 4)),  # 21 days before 1 October
        (date(2026, 9, 9), 21, None),
        (date(2026, 9, 30), 21, Quarter(2026, 4)),
        (date(2026, 10, 1), 21, None),  # started: the next one is far off
        (date(2026, 12, 20), 21, Quarter(2027, 1)),
        (date(2026, 9, 10), 0, None),  # turned off
        (date(2026, 7, 3), 90, Quarter(2026, 4)),  # 90 days before
        (date(2026, 7, 2), 90, None),
    ],
)
def test_quarter_to_nudge(today, days, expected):
    assert quarter_to_nudge(today, days) == expected


# --- the instance lock -------------------------------------------------------------------------


def lock_row(hostname: str, pid: int, heartbeat_at: datetime) -> InstanceLock:
    return InstanceLock(holder="x", hostname=hostname, pid=pid, heartbeat_at=heartbeat_at)


@pytest.mark.parametrize(
    ("row", "alive", "gone"),
    [
        (lock_row("b", 10, START), True, False),  # another host, fresh
        (lock_row("b", 10, START - timedelta(minutes=3)), True, True),  # stale
        (lock_row("a", 10, START), True, False),  # this host, alive
        (lock_row("a", 10, START), False, True),  # this host, killed
        (lock_row("a", 77, START), True, True),  # our own pid: a previous life of ours
        (lock_row("b", 77, START), False, False),  # pids of other hosts mean nothing here
    ],
)
def test_when_a_lock_holder_may_be_replaced(row, alive, gone):
    me = Holder("me", "a", 77)
    assert (
        holder_gone(
            row, me, now=START, stale_after=timedelta(minutes=2), process_alive=lambda _: alive
        )
        is gone
    )


# --- sending limits and retries ----------------------------------------------------------------


def test_thirty_messages_a_second_overall():
    window = SendWindow(Limits(margin=0))
    for chat in range(30):
        assert window.delay(chat + 1, 100.0) == 0
        window.record(chat + 1, 100.0)
    assert window.delay(31, 100.25) == pytest.approx(0.75)
    assert window.delay(31, 101.0) == 0


def test_one_message_a_second_per_chat():
    window = SendWindow(Limits(margin=0))
    window.record(7, 10.0)
    assert window.delay(7, 10.4) == pytest.approx(0.6)
    assert window.delay(8, 10.4) == 0


def test_twenty_messages_a_minute_per_group():
    window = SendWindow(Limits(chat_interval=0, margin=0))
    for second in range(20):
        window.record(-100, float(second))
    assert window.delay(-100, 20.0) == pytest.approx(40.0)
    assert window.delay(-100, 60.0) == 0
    assert window.delay(555, 20.0) == 0  # a private chat is not held


@pytest.mark.parametrize(
    ("endpoint", "counts"),
    [
        ("sendMessage", True),
        ("sendDocument", True),
        ("copyMessage", True),
        ("sendChatAction", False),
        ("answerCallbackQuery", False),
        ("editMessageText", False),
        ("getUpdates", False),
    ],
)
def test_what_counts_as_a_message(endpoint, counts):
    assert counts_as_message(endpoint) is counts


def test_backoff_doubles_up_to_a_cap():
    policy = RetryPolicy(first_backoff=1, max_backoff=5)
    assert [policy.backoff(n) for n in range(1, 6)] == [1, 2, 4, 5, 5]


# --- texts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "label"),
    [
        (timedelta(days=7), "H-7"),
        (timedelta(days=1), "H-1"),
        (timedelta(hours=3), "3 jam"),
        (timedelta(hours=36), "36 jam"),
        (timedelta(minutes=30), "30 menit"),
        (timedelta(minutes=90), "90 menit"),
    ],
)
def test_reminder_labels(offset, label):
    assert texts.reminder_label(int(offset.total_seconds())) == label


def test_the_largest_reminder_fits_one_message():
    largest = meeting(
        kampung_id=1,
        host_rt="07",
        venue="&" * 200,
        topic="<" * 200,
        speakers=[
            Speaker(position=i, name="N" * 100, institution="I" * 150, sector=Sector.BUMN)
            for i in range(MAX_SPEAKERS)
        ],
    )
    tally = RsvpTally(yes=10_000, excused=10_000, no=10_000, unanswered=10_000)
    for answer in (None, "hadir"):
        message = texts.meeting_card(
            largest,
            "K" * 120,
            TZ,
            datetime(2026, 7, 1, tzinfo=UTC),
            tally,
            "⏰",
            title=texts.reminder_title_line("H-7"),
            answer=answer,
            ask=texts.ASK_RSVP,
        )
        assert texts.visible_length(message) < texts.MAX_MESSAGE_LENGTH
        assert texts.phone_lines(message) <= texts.CARD_MAX_LINES


def test_the_missed_notice_says_why():
    notice = texts.reminders_missed(
        [("H-7", "Sabtu, 15 Agustus 2026 · RT 07", True), ("3 jam", "Sabtu · RT 07", False)]
    )
    assert "Pengingat H-7 (Sabtu, 15 Agustus 2026 · RT 07): digantikan" in notice
    assert "Pengingat 3 jam (Sabtu · RT 07): pertemuan sudah dimulai." in notice


def test_the_report_of_a_late_reminder_names_its_time():
    report = texts.summary_report(
        BroadcastKind.REMINDER,
        BroadcastSummary(sent=5, failed=0, blocked_names=[], group_sent=True),
        label=texts.reminder_title("H-1", "Sabtu · RT 07"),
        note=texts.late_reminder_note(START - timedelta(days=1), TZ),
    )
    assert "Pengingat H-1 (Sabtu · RT 07) terkirim ke <b>5</b> kader." in report
    assert "(Jumat, 14 Agustus 2026 pukul 09.00 WIB); pengingat dikirim terlambat" in report
