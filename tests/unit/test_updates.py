"""The update processor on its own: lanes per user, a bound across users, no leftovers."""

import asyncio

import pytest
from telegram import Update

from bot.updates import UserOrderedUpdateProcessor, lane_key


def message(update_id: int, user_id: int | None, chat_id: int | None = None) -> Update:
    chat_id = chat_id if chat_id is not None else user_id
    data: dict = {"message_id": update_id, "date": 0, "text": "x"}
    data["chat"] = {"id": chat_id, "type": "private"} if chat_id is not None else None
    if user_id is not None:
        data["from"] = {"id": user_id, "is_bot": False, "first_name": "U"}
    return Update.de_json({"update_id": update_id, "message": data}, None)


class Recorder:
    """Coroutines that note when they start and end, and can be held open."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.gates: dict[str, asyncio.Event] = {}
        self.running = 0
        self.most_running = 0

    async def work(self, name: str) -> None:
        self.events.append(f"start {name}")
        self.running += 1
        self.most_running = max(self.most_running, self.running)
        gate = self.gates.get(name)
        if gate is not None:
            await gate.wait()
        else:
            await asyncio.sleep(0)
        self.running -= 1
        self.events.append(f"end {name}")

    def hold(self, name: str) -> asyncio.Event:
        self.gates[name] = asyncio.Event()
        return self.gates[name]


def submit(processor, update: Update, coroutine) -> asyncio.Task:
    """As python-telegram-bot's update fetcher does: one task per update, in arrival order."""
    return asyncio.create_task(processor.process_update(update, coroutine))


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


def test_lane_key_is_the_user_else_the_chat():
    assert lane_key(message(1, 42)) == 42
    assert lane_key(message(2, None, chat_id=-100)) == -100
    assert lane_key(object()) is None


async def test_one_users_updates_run_one_at_a_time_in_arrival_order():
    processor = UserOrderedUpdateProcessor()
    log = Recorder()
    gate = log.hold("a1")
    tasks = [submit(processor, message(i, 7), log.work(f"a{i}")) for i in range(1, 6)]
    await settle()
    assert log.events == ["start a1"]
    gate.set()
    await asyncio.gather(*tasks)
    assert log.events == [f"{what} a{i}" for i in range(1, 6) for what in ("start", "end")]
    assert log.most_running == 1


async def test_a_user_waiting_for_his_turn_holds_no_slot():
    """Two slots; one user's first update is held and nine more of his wait: another user
    is still handled at once."""
    processor = UserOrderedUpdateProcessor(limit=2)
    log = Recorder()
    gate = log.hold("a0")
    chatty = [submit(processor, message(i, 7), log.work(f"a{i}")) for i in range(10)]
    other = submit(processor, message(100, 8), log.work("b"))
    await asyncio.wait_for(other, timeout=5)
    assert log.events == ["start a0", "start b", "end b"]
    gate.set()
    await asyncio.gather(*chatty)


async def test_different_users_side_by_side_up_to_the_limit():
    processor = UserOrderedUpdateProcessor(limit=3)
    log = Recorder()
    gates = [log.hold(f"u{i}") for i in range(5)]
    tasks = [submit(processor, message(i, 100 + i), log.work(f"u{i}")) for i in range(5)]
    await settle()
    assert log.running == 3
    for gate in gates:
        gate.set()
    await asyncio.gather(*tasks)
    assert log.most_running == 3


async def test_updates_of_nobody_run_without_a_lane():
    processor = UserOrderedUpdateProcessor(limit=2)
    log = Recorder()
    await processor.process_update(object(), log.work("poll"))
    assert log.events == ["start poll", "end poll"]
    assert processor.lanes == 0


async def test_lanes_are_forgotten_when_idle():
    processor = UserOrderedUpdateProcessor()
    log = Recorder()
    tasks = [
        submit(processor, message(i, 10_000 + i % 3_000), log.work(str(i))) for i in range(6_000)
    ]
    await asyncio.gather(*tasks)
    assert processor.lanes == 0
    assert len(log.events) == 12_000


async def test_a_cancelled_waiter_leaves_no_lane_and_no_unawaited_coroutine():
    processor = UserOrderedUpdateProcessor()
    log = Recorder()
    gate = log.hold("first")
    first = submit(processor, message(1, 7), log.work("first"))
    second = submit(processor, message(2, 7), log.work("second"))
    await settle()
    second.cancel()
    with pytest.raises(asyncio.CancelledError):
        await second
    gate.set()
    await first
    assert "start second" not in log.events
    assert processor.lanes == 0


def test_the_limit_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        UserOrderedUpdateProcessor(limit=0)
