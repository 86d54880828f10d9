"""The sends waiting for Telegram's overall window take turns in a line (issue 18).

Interactive replies first, then bulk sends by tier (a meeting reminder before a Poktan
register), each in the order it came; only the first in line watches the window. Before,
every waiting send slept until the window freed and they raced for each slot: a reminder
sat 13 s behind the registers already waiting on the 1st of the month. Time is the
test's own (``ManualTime``): nothing sleeps.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from delivery.limiter import Limits, SendLimiter
from models.broadcast import ABOUT_MEETINGS, PAPERWORK, BroadcastKind, sending_tier
from tests.harness import FakeClock, ManualTime

PER_SECOND = 3


def limiter_and_time() -> tuple[SendLimiter, ManualTime]:
    time = ManualTime(FakeClock(datetime(2026, 12, 1, 0, 0, tzinfo=UTC)))
    limiter = SendLimiter(
        limits=Limits(per_second=PER_SECOND, margin=0.0),
        monotonic=time.monotonic,
        sleep=time.sleep,
    )
    return limiter, time


async def full_window(limiter: SendLimiter) -> None:
    """The window holds as many sends as it takes (to chats nobody else writes to)."""
    for chat in range(PER_SECOND):
        await limiter.wait_turn(-1 - chat, bulk=True)


async def settle() -> None:
    for _ in range(10):
        await asyncio.sleep(0)


async def order_of_turns(limiter: SendLimiter, time: ManualTime, waiting: list) -> list[str]:
    """Start the waiting sends in this order, then let the clock run: who went when."""
    went: list[str] = []

    async def send(name: str, bulk: bool, tier: int, chat: int) -> None:
        await limiter.wait_turn(chat, bulk=bulk, tier=tier)
        went.append(name)

    tasks = []
    for chat, (name, bulk, tier) in enumerate(waiting, start=1):
        tasks.append(asyncio.create_task(send(name, bulk, tier, chat)))
        await settle()
    for _ in range(len(waiting) * 4):
        time.advance(1 / PER_SECOND)
        await settle()
    await asyncio.gather(*tasks)
    return went


async def test_a_reminder_goes_before_the_registers_already_waiting():
    limiter, time = limiter_and_time()
    await full_window(limiter)
    registers = [(f"register {n}", True, PAPERWORK) for n in range(6)]
    reminder = ("reminder", True, ABOUT_MEETINGS)
    went = await order_of_turns(limiter, time, [*registers, reminder])
    assert went == ["reminder", *(name for name, _, _ in registers)]


async def test_a_reply_goes_before_every_bulk_send_and_bulk_sends_in_the_order_they_came():
    limiter, time = limiter_and_time()
    await full_window(limiter)
    bulk = [(f"card {n}", True, ABOUT_MEETINGS) for n in range(5)]
    reply = ("reply", False, 0)
    went = await order_of_turns(limiter, time, [*bulk[:3], reply, *bulk[3:]])
    assert went == ["reply", *(name for name, _, _ in bulk)]


async def test_only_the_first_in_line_watches_the_window():
    """A free slot wakes one send, not all of them (they used to race for it)."""
    limiter, time = limiter_and_time()
    await full_window(limiter)
    tasks = [asyncio.create_task(limiter.wait_turn(chat, bulk=True)) for chat in range(1, 9)]
    await settle()
    assert time.sleepers == 1
    time.advance(1.0)
    await settle()
    assert sum(task.done() for task in tasks) == PER_SECOND
    assert time.sleepers == 1
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def test_the_first_in_line_called_off_hands_its_turn_to_the_next():
    limiter, time = limiter_and_time()
    await full_window(limiter)
    first = asyncio.create_task(limiter.wait_turn(1, bulk=True))
    await settle()
    second = asyncio.create_task(limiter.wait_turn(2, bulk=True))
    await settle()
    first.cancel()
    await settle()
    time.advance(1.0)
    await settle()
    assert second.done() and not second.cancelled()


async def test_a_send_waiting_on_its_own_chat_holds_up_nobody_and_keeps_its_place():
    limiter, time = limiter_and_time()
    await limiter.wait_turn(1, bulk=True)  # chat 1 must now wait a second
    waiting_on_its_chat = asyncio.create_task(limiter.wait_turn(1, bulk=True, tier=PAPERWORK))
    await settle()
    other = asyncio.create_task(limiter.wait_turn(2, bulk=True, tier=PAPERWORK))
    await settle()
    assert other.done()  # not held up by the first, which waits on its own chat
    time.advance(1.0)
    await settle()
    assert waiting_on_its_chat.done()


def test_the_tiers_follow_the_outbox_order():
    assert sending_tier(BroadcastKind.NOTICE) < sending_tier(BroadcastKind.REMINDER)
    assert sending_tier(BroadcastKind.REMINDER) < sending_tier(BroadcastKind.POKTAN_MONTH)
    assert sending_tier(BroadcastKind.POKTAN_MONTH) == PAPERWORK


async def test_a_reply_to_a_chat_goes_before_a_bulk_send_to_the_same_chat():
    """Both wait for the chat's own second: the person in front of the bot gets her
    answer first, whichever started waiting first (the secretary's WhatsApp text came
    after the change's summary under load, once)."""
    limiter, time = limiter_and_time()
    await limiter.wait_turn(1, bulk=True)  # chat 1 must now wait a second
    went: list[str] = []
    at: list[float] = []

    async def send(name: str, bulk: bool) -> None:
        await limiter.wait_turn(1, bulk=bulk)
        went.append(name)
        at.append(time.monotonic())

    bulk = asyncio.create_task(send("summary", True))
    await settle()
    reply = asyncio.create_task(send("reply", False))
    await settle()
    for _ in range(12):
        time.advance(0.25)
        await settle()
    await asyncio.gather(bulk, reply)
    assert went == ["reply", "summary"]
    assert at[1] - at[0] >= 1.0  # the chat's second between them still kept
