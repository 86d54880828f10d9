"""``LatestRead``: one run at a time per key, and the last run reads after every request."""

import asyncio

from runtime.context import LatestRead


async def test_requests_made_during_a_run_cost_one_more_run_that_reads_after_them() -> None:
    turns = LatestRead()
    state = {"answers": 1}
    shown: list[int] = []
    release = asyncio.Event()

    async def show() -> None:
        read = state["answers"]
        if not shown:
            await release.wait()  # the first edit hangs
        shown.append(read)

    first = asyncio.create_task(turns.run(7, show))
    await asyncio.sleep(0)  # the first run has read and waits for Telegram
    others = []
    for _ in range(5):  # five answers while it hangs, each asking for an edit
        state["answers"] += 1
        others.append(asyncio.create_task(turns.run(7, show)))
    await asyncio.sleep(0)
    assert sum(task.done() for task in others) == 4  # one waits, the rest left at once
    release.set()
    await asyncio.gather(first, *others)
    assert shown == [1, 6]  # in order; the last shows every answer
    assert len(turns) == 0  # nothing kept once no run is under way


async def test_keys_do_not_wait_for_each_other() -> None:
    turns = LatestRead()
    hang = asyncio.Event()
    done: list[int] = []

    async def slow() -> None:
        await hang.wait()
        done.append(1)

    async def fast() -> None:
        done.append(2)

    slow_run = asyncio.create_task(turns.run(1, slow))
    await asyncio.sleep(0)
    await turns.run(2, fast)
    assert done == [2]
    hang.set()
    await slow_run
    assert done == [2, 1]


async def test_a_waiting_run_cancelled_lets_the_next_request_wait_instead() -> None:
    turns = LatestRead()
    hang = asyncio.Event()
    runs: list[str] = []

    async def work(name: str) -> None:
        runs.append(name)
        if name == "first":
            await hang.wait()

    first = asyncio.create_task(turns.run(3, lambda: work("first")))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(turns.run(3, lambda: work("cancelled")))
    await asyncio.sleep(0)
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    later = asyncio.create_task(turns.run(3, lambda: work("later")))
    await asyncio.sleep(0)
    assert not later.done()  # it waits: nobody else would read after it
    hang.set()
    await asyncio.gather(first, later)
    assert runs == ["first", "later"]
    assert len(turns) == 0
