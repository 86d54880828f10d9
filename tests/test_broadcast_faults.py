"""Telegram's refusals during a reminder broadcast: 429, 5xx, timeouts, Forbidden, 400."""

from datetime import timedelta

import pytest

from delivery.sending import SendFailed, send_with_retries
from models.broadcast import DeliveryStatus
from models.reminder import ReminderStatus
from scheduler.reminders import reminder_job_id
from tests.conftest import ADMIN
from tests.harness import GROUP_CHAT_ID, running_bot
from tests.reminder_support import (
    CADRES,
    H1,
    H7,
    FakeSleep,
    create_meeting,
    reminder_bot,
    setup_kampung,
    with_group,
)

SITI, BUDI, ANI = CADRES

# PTB itself warns, building RetryAfter, that retry_after will become a timedelta.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def bot(settings, clock):
    async with reminder_bot(with_group(settings), clock) as harness:
        await setup_kampung(harness)
        await create_meeting(harness)
        harness.api.clear()
        yield harness


async def fire(bot, index: int = 0, when=H7) -> None:
    reminder = (await bot.reminders())[index]
    bot.clock.set(when)
    await bot.run_job(reminder_job_id(reminder.id))


async def delivery_to(bot, chat_id: int):
    [delivery] = [d for d in await bot.reminder_deliveries() if d.chat_id == chat_id]
    return delivery


def calls_to(bot, chat_id: int):
    return [c for c in bot.api.calls if c.method == "sendMessage" and c.chat_id == chat_id]


async def test_flood_control_waits_retry_after_then_goes_on(bot):
    bot.api.fail(
        method="sendMessage",
        chat_id=BUDI.id,
        status=429,
        description="Too Many Requests: retry after 7",
        retry_after=7,
        times=1,
    )
    await fire(bot)
    refused, sent = calls_to(bot, BUDI.id)
    assert refused.result is None and sent.result is not None
    assert sent.at - refused.at >= timedelta(seconds=7)
    # Everyone after Budi waited too: flood control is for the whole bot.
    later = [c for c in bot.api.sent() if c.at > refused.at]
    assert later and all(c.at - refused.at >= timedelta(seconds=7) for c in later)
    # The rate limiter waited and sent again: for the delivery it was one send.
    assert (await delivery_to(bot, BUDI.id)).status is DeliveryStatus.SENT
    assert all(len(bot.reminders_sent(c.id)) == 1 for c in CADRES)


async def test_server_errors_are_retried_with_growing_waits(bot):
    bot.api.fail(chat_id=BUDI.id, status=500, description="Internal Server Error", times=2)
    await fire(bot)
    first, second, third = calls_to(bot, BUDI.id)
    assert third.result is not None
    assert second.at - first.at >= timedelta(seconds=1)
    assert third.at - second.at >= timedelta(seconds=2)
    delivery = await delivery_to(bot, BUDI.id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)
    assert "terkirim ke <b>4</b> kader" in bot.last_text(ADMIN)


async def test_persistent_server_errors_give_up_after_a_bounded_number_of_tries(bot):
    bot.api.fail(chat_id=BUDI.id, status=502, description="Bad Gateway")
    await fire(bot)
    assert len(calls_to(bot, BUDI.id)) == 4
    delivery = await delivery_to(bot, BUDI.id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 4)
    assert "Bad Gateway" in delivery.last_error
    report = bot.last_text(ADMIN)
    assert "terkirim ke <b>3</b> kader" in report and "Gagal terkirim: 1" in report
    assert (await bot.reminders())[0].status is ReminderStatus.SENT
    assert all(len(bot.reminders_sent(c.id)) == 1 for c in (SITI, ANI))


async def test_timeouts_are_retried(bot):
    bot.api.fail(chat_id=ANI.id, timeout=True, times=1)
    await fire(bot)
    assert len(calls_to(bot, ANI.id)) == 2
    assert len(bot.reminders_sent(ANI.id)) == 1
    assert (await delivery_to(bot, ANI.id)).attempts == 2


async def test_endless_timeouts_mark_the_delivery_failed(bot):
    bot.api.fail(chat_id=ANI.id, timeout=True)
    await fire(bot)
    assert len(calls_to(bot, ANI.id)) == 4
    delivery = await delivery_to(bot, ANI.id)
    assert delivery.status is DeliveryStatus.FAILED
    assert "Gagal terkirim: 1" in bot.last_text(ADMIN)


async def test_a_cadre_who_blocked_the_bot_is_marked_named_and_never_retried(bot):
    bot.api.block(BUDI.id)
    await fire(bot)
    assert len(calls_to(bot, BUDI.id)) == 1
    assert (await bot.member(BUDI.id)).blocked_bot is True
    assert (await delivery_to(bot, BUDI.id)).status is DeliveryStatus.BLOCKED
    report = bot.last_text(ADMIN)
    assert "Memblokir bot (1)" in report and "• Budi Santoso" in report

    await fire(bot, 1, when=H1)  # the next reminder does not even try
    assert len(calls_to(bot, BUDI.id)) == 1
    assert "• Budi Santoso" in bot.last_text(ADMIN)


async def test_a_bot_removed_from_the_group_fails_the_group_delivery_only(bot):
    bot.api.fail(chat_id=GROUP_CHAT_ID, status=403, description="Forbidden: bot was kicked")
    await fire(bot)
    assert len(calls_to(bot, GROUP_CHAT_ID)) == 1
    assert (await delivery_to(bot, GROUP_CHAT_ID)).status is DeliveryStatus.FAILED
    assert "Grup: <b>gagal</b>" in bot.last_text(ADMIN)


async def test_a_bad_request_is_not_retried(bot):
    bot.api.fail(chat_id=SITI.id, status=400, description="Bad Request: chat not found")
    await fire(bot)
    assert len(calls_to(bot, SITI.id)) == 1
    assert (await delivery_to(bot, SITI.id)).status is DeliveryStatus.FAILED


async def test_without_a_rate_limiter_the_broadcast_itself_waits_out_a_429(settings, clock):
    async with running_bot(settings, clock) as bot:  # rate_limiter=False
        sleep = FakeSleep(clock)
        bot.api.fail(chat_id=SITI.id, status=429, description="Too Many", retry_after=3, times=2)
        sent = await send_with_retries(bot.app.bot, SITI.id, "Halo", sleep=sleep)
        assert sent.tries == 3 and sleep.calls == [3.0, 3.0]

        bot.api.fail(chat_id=BUDI.id, status=429, description="Too Many", retry_after=3)
        with pytest.raises(SendFailed) as failure:
            await send_with_retries(bot.app.bot, BUDI.id, "Halo", sleep=sleep)
        assert not failure.value.blocked
        assert len([c for c in bot.api.calls if c.chat_id == BUDI.id]) == 6  # 5 waits, then up
