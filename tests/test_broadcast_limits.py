"""Telegram's sending limits, counted from the fake's log on the fake clock.

≈30 messages per second overall, one per second to one chat, 20 per minute to one group.
"""

from datetime import datetime, timedelta
from itertools import pairwise

import pytest

from delivery.limiter import SendLimiter
from scheduler.reminders import reminder_job_id
from tests.conftest import ADMIN
from tests.harness import GROUP_CHAT_ID, Person
from tests.reminder_support import H7, create_meeting, reminder_bot, setup_kampung, with_group

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

MANY = [Person(8000 + i, f"Kader{i}") for i in range(70)]


def most_in_any_window(times: list[datetime], width: timedelta) -> int:
    """The largest number of ``times`` that fall within ``width`` of each other."""
    times = sorted(times)
    best = start = 0
    for end, moment in enumerate(times):
        while times[start] <= moment - width:
            start += 1
        best = max(best, end - start + 1)
    return best


def send_times(bot, chat_id: int | None = None) -> list[datetime]:
    return [c.at for c in bot.api.sent(chat_id)]


@pytest.fixture
async def bot(settings, clock):
    async with reminder_bot(with_group(settings), clock) as harness:
        yield harness


async def test_a_big_reminder_stays_under_30_messages_a_second(bot):
    await setup_kampung(bot, MANY)
    await create_meeting(bot)
    [h7, _, _] = await bot.reminders()
    bot.api.clear()
    bot.clock.set(H7)
    await bot.run_job(reminder_job_id(h7.id))

    sent = [c for c in bot.api.sent() if "Pengingat pertemuan" in c.text]
    assert len(sent) == len(MANY) + 2  # the cadres, the admin and the group
    times = sorted(c.at for c in sent)
    assert most_in_any_window(times, timedelta(seconds=1)) <= 30
    assert times[30] - times[0] >= timedelta(seconds=1)  # the 31st had to wait
    assert times[-1] - times[0] < timedelta(seconds=3)  # …but not much longer


async def test_one_chat_gets_at_most_one_message_a_second(bot):
    for number in range(5):
        await bot.app.bot.send_message(ADMIN.id, f"Pesan {number}")
    times = send_times(bot, ADMIN.id)
    assert len(times) == 5
    assert all(b - a >= timedelta(seconds=1) for a, b in pairwise(times))


async def test_a_group_gets_at_most_20_messages_a_minute(bot):
    for number in range(25):
        await bot.app.bot.send_message(GROUP_CHAT_ID, f"Pengumuman {number}")
    times = send_times(bot, GROUP_CHAT_ID)
    assert len(times) == 25
    assert most_in_any_window(times, timedelta(minutes=1)) <= 20
    assert times[20] - times[0] >= timedelta(minutes=1)


async def test_other_chats_are_not_held_up_by_one_busy_chat(bot):
    await bot.app.bot.send_message(ADMIN.id, "satu")
    await bot.app.bot.send_message(ADMIN.id, "dua")  # waits a second
    before = bot.clock()
    await bot.app.bot.send_message(MANY[0].id, "tiga")  # another chat: at once
    assert send_times(bot, MANY[0].id) == [before]


async def test_replies_to_users_go_through_the_same_limits(bot):
    await setup_kampung(bot)
    for _ in range(3):
        await bot.send(ADMIN, "/jadwal")
    times = send_times(bot, ADMIN.id)
    assert len(times) == 3
    assert all(b - a >= timedelta(seconds=1) for a, b in pairwise(times))


async def test_a_429_holds_every_chat_for_retry_after(bot):
    bot.api.fail(chat_id=ADMIN.id, status=429, description="Too Many", retry_after=5, times=1)
    await bot.app.bot.send_message(ADMIN.id, "satu")
    refused, sent = [c for c in bot.api.calls if c.chat_id == ADMIN.id]
    assert sent.at - refused.at >= timedelta(seconds=5)
    await bot.app.bot.send_message(MANY[1].id, "dua")
    assert send_times(bot, MANY[1].id)[0] - refused.at >= timedelta(seconds=5)


async def test_a_429_widens_the_margin_of_every_later_send(bot):
    """The jitter was larger than the margin: later sends keep further apart for a while."""
    limiter = bot.app.bot.rate_limiter
    assert isinstance(limiter, SendLimiter)
    before = limiter.window.margin(limiter.monotonic())
    bot.api.fail(chat_id=ADMIN.id, status=429, description="Too Many", retry_after=1, times=1)
    await bot.app.bot.send_message(ADMIN.id, "satu")
    assert limiter.window.margin(limiter.monotonic()) > before
