"""The delivery worker: sends what the outbox holds, several messages in flight.

Handlers and scheduler jobs write broadcasts and their deliveries to the
database (``models/broadcast.py``) in the same transaction as the change they
tell of, then ``wake()`` the worker and return: nobody waits on a fan-out. The
worker also wakes on the scheduler's periodic sweep, and at start-up it first
puts back what a killed process left in flight.

Per delivery: check the broadcast's cutoff (stale work is expired, never sent
late), claim it (pending → sending, one conditional update), send it through
the application's rate limiter as a bulk send, record the answer. Up to
``max_in_flight`` deliveries are under way at once, one per chat, sharing the
one limiter; a chat still waiting on its own limit is skipped for now, so it
holds up nobody. When the last delivery of a broadcast is settled, the worker
closes it and writes its summary to the outbox, addressed to whoever started it.

Exactly once: a delivery's answer is recorded as soon as it comes. After a
``kill -9`` only the deliveries claimed and not yet answered (at most
``max_in_flight``) are sent again; a retry after a timeout or a 5xx is the only
other way a message can arrive twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot, InlineKeyboardMarkup

from delivery.limiter import BULK, Pace, SendLimiter
from delivery.sending import DEFAULT_POLICY, RetryPolicy, SendFailed, Sent, send_with_retries
from models.broadcast import (
    ABOUT_MEETINGS,
    PAPERWORK,
    URGENT,
    Broadcast,
    BroadcastKind,
    Due,
    Outgoing,
    claim_delivery,
    close_settled,
    confirm_delivery,
    due_deliveries,
    expire_broadcast,
    fail_delivery,
    get_broadcast,
    get_broadcasts,
    move_group_deliveries,
    plan_to_admins,
    plan_to_chat,
    requeue_interrupted,
    sending_tier,
    summarize_broadcast,
)
from models.kampung import move_group
from models.reminder import miss_reminder_of
from ui import keyboards, texts

logger = logging.getLogger(__name__)

MAX_IN_FLIGHT = 16
BATCH = 200  # deliveries read from the database at a time
STOP_GRACE = 10.0  # seconds a clean stop waits for the sends in flight
_PACES = {tier: Pace(bulk=True, tier=tier) for tier in (URGENT, ABOUT_MEETINGS, PAPERWORK)}


@dataclass(frozen=True)
class _Message:
    kind: BroadcastKind
    text: str
    markup: InlineKeyboardMarkup | None
    not_after: datetime | None
    variants: dict[str, str] | None = None
    # Someone hears how it went (a summary), or a reminder may have to be marked missed:
    # closed as soon as its last delivery is settled. Others wait for the queue to empty.
    closes_at_once: bool = True
    pace: Pace = BULK  # its tier: the rate limiter's turns follow the outbox's

    def for_variant(self, variant: str | None) -> _Message:
        """The text this recipient gets: her variant's, else the broadcast's."""
        if variant is None or not self.variants or variant not in self.variants:
            return self
        return _Message(
            self.kind, self.variants[variant], self.markup, self.not_after, pace=self.pace
        )


class DeliveryWorker:
    """One per process; ``start()`` after the database is ready, ``stop()`` at shutdown."""

    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        *,
        limiter: SendLimiter | None = None,
        max_in_flight: int = MAX_IN_FLIGHT,
        policy: RetryPolicy = DEFAULT_POLICY,
        autocommit: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self.bot = bot
        self.sessionmaker = sessionmaker
        # Sessions for the work of one statement per send (claim, confirm, the reads of
        # the queue), each statement committed on its own: on PostgreSQL one round trip
        # instead of three (BEGIN, the statement, COMMIT), twice per message (issue 18).
        self.autocommit = autocommit or sessionmaker
        self.clock = clock
        self.limiter = limiter
        self.max_in_flight = max_in_flight
        self.policy = policy
        self._messages: dict[int, _Message] = {}
        self._wakes = 0  # how many times work was announced
        self._handled = 0  # the wake count the last finished pass started from
        self._wake = asyncio.Event()
        self._idle = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    # --- life cycle -----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> int:
        """Put back what a killed process left in flight, then start sending.

        Returns how many deliveries were put back.
        """
        async with self.sessionmaker() as session, session.begin():
            requeued = await requeue_interrupted(session, now=self.clock())
        if requeued:
            logger.warning(
                "%d delivery(ies) were in flight when the bot last stopped: sending them again",
                requeued,
            )
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="delivery-worker")
        self.wake()
        return requeued

    async def stop(self) -> None:
        """Stop taking new deliveries, let the ones in flight finish (briefly), end."""
        task = self._task
        if task is None:
            return
        self._stopping = True
        self.wake()
        try:
            await asyncio.wait_for(asyncio.shield(task), STOP_GRACE)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._task = None

    async def kill(self) -> None:
        """Stop at once, recording nothing more: what a ``kill -9`` leaves (tests)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def wake(self) -> None:
        """There is new work in the outbox (or time passed): look again."""
        self._wakes += 1
        self._wake.set()

    async def drain(self) -> None:
        """Wait until everything written so far is sent and summarised (tests, shutdown)."""
        if not self.running:
            raise RuntimeError("the delivery worker is not running")
        self.wake()
        target = self._wakes
        async with self._idle:
            await self._idle.wait_for(lambda: self._handled >= target or not self.running)

    # --- the loop ------------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping:
            await self._wake.wait()
            self._wake.clear()
            started = self._wakes
            try:
                await self._pump()
            except Exception:
                logger.exception("Delivery pass failed; the next wake-up tries again")
            async with self._idle:
                self._handled = started
                self._idle.notify_all()
        async with self._idle:
            self._idle.notify_all()

    async def _pump(self) -> None:
        """Send until nothing is due: several in flight, one per chat."""
        in_flight: dict[asyncio.Task[None], Due] = {}
        try:
            await self._pump_with(in_flight)
        except asyncio.CancelledError:
            # Killed: the sends in flight stay "sending" and go again at the next start.
            for task in in_flight:
                task.cancel()
            await asyncio.gather(*in_flight, return_exceptions=True)
            raise

    async def _pump_with(self, in_flight: dict[asyncio.Task[None], Due]) -> None:
        queue: deque[Due] = deque()
        launched: set[int] = set()  # delivery ids taken in this pass
        exhausted = False
        seen = -1
        while True:
            busy = {due.chat_id for due in in_flight.values()}
            if not self._stopping and (seen != self._wakes or (not queue and not exhausted)):
                seen = self._wakes
                # Busy chats are read too: their next message waits in the queue.
                async with self.autocommit() as session:
                    found = await due_deliveries(session, limit=BATCH)
                    await self._read_messages(session, {due.broadcast_id for due in found})
                # One read may still see a delivery just launched, not yet claimed.
                queue = deque(due for due in found if due.delivery_id not in launched)
                exhausted = len(found) < BATCH
            soonest = self._launch(queue, in_flight, busy, launched)
            if not in_flight:
                if self._stopping:
                    return
                if queue and soonest is not None:
                    await self._sleep(soonest)
                    continue
                if queue or not exhausted:
                    continue
                if await self._finish_settled():
                    exhausted = False  # summaries were written: send them too
                    continue
                return
            waits: set[asyncio.Task[None]] = set(in_flight)
            timer = None
            if queue and soonest is not None:
                timer = asyncio.create_task(self._sleep(soonest))
                waits.add(timer)
            done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            if timer is not None and timer not in done:
                timer.cancel()
            finished_broadcasts = set()
            for task in done:
                if task is timer:
                    continue
                due = in_flight.pop(task)
                if not task.cancelled() and task.exception() is not None:
                    logger.error("Delivery %s failed", due.delivery_id, exc_info=task.exception())
                finished_broadcasts.add(due.broadcast_id)
            still_going = {d.broadcast_id for d in in_flight.values()} | {
                d.broadcast_id for d in queue
            }
            # A broadcast nobody hears about (a Poktan register: thousands on the 1st) is
            # closed with the rest once the queue is empty: a transaction less per message.
            done_broadcasts = {
                broadcast_id
                for broadcast_id in finished_broadcasts - still_going
                if (known := self._messages.get(broadcast_id)) is None or known.closes_at_once
            }
            if done_broadcasts and await self._finish_settled(among=done_broadcasts):
                seen = -1  # summaries were written: read the queue again, they go first

    def _launch(
        self,
        queue: deque[Due],
        in_flight: dict[asyncio.Task[None], Due],
        busy: set[int],
        launched: set[int],
    ) -> float | None:
        """Start sends from ``queue`` while there is room; return the soonest a skipped
        chat is free (None: nothing skipped for its limits)."""
        if self._stopping:
            return None
        skipped: deque[Due] = deque()
        soonest: float | None = None
        while queue and len(in_flight) < self.max_in_flight:
            due = queue.popleft()
            if due.chat_id in busy:
                skipped.append(due)
                continue
            wait = self.limiter.chat_delay(due.chat_id) if self.limiter is not None else 0.0
            if wait > 0:
                skipped.append(due)
                soonest = wait if soonest is None else min(soonest, wait)
                continue
            busy.add(due.chat_id)
            launched.add(due.delivery_id)
            task = asyncio.create_task(self._deliver(due), name=f"delivery:{due.delivery_id}")
            in_flight[task] = due
        skipped.extend(queue)
        queue.clear()
        queue.extend(skipped)
        return soonest

    async def _sleep(self, seconds: float) -> None:
        sleep = self.limiter.sleep if self.limiter is not None else asyncio.sleep
        await sleep(seconds)

    # --- one delivery ----------------------------------------------------------------------

    def _keep_message(self, broadcast: Broadcast | None) -> _Message | None:
        if broadcast is None or broadcast.text is None:
            return None
        markup = (
            InlineKeyboardMarkup.de_json(broadcast.markup, self.bot) if broadcast.markup else None
        )
        message = _Message(
            broadcast.kind,
            broadcast.text,
            markup,
            broadcast.not_after,
            broadcast.variants,
            closes_at_once=broadcast.kind is BroadcastKind.REMINDER
            or broadcast.report_chat_id is not None
            or broadcast.report_admins,
            pace=_PACES[sending_tier(broadcast.kind)],
        )
        self._messages[broadcast.id] = message
        return message

    async def _read_messages(self, session: AsyncSession, broadcast_ids: set[int]) -> None:
        """The texts of a batch's broadcasts not known yet, in one query (on the 1st of the
        month each of thousands of registers is a broadcast of its own)."""
        for broadcast in await get_broadcasts(session, broadcast_ids - self._messages.keys()):
            self._keep_message(broadcast)

    async def _message(self, broadcast_id: int) -> _Message | None:
        message = self._messages.get(broadcast_id)
        if message is None:
            async with self.sessionmaker() as session:
                message = self._keep_message(await get_broadcast(session, broadcast_id))
        return message

    async def _deliver(self, due: Due) -> None:
        message = await self._message(due.broadcast_id)
        if message is None:
            return
        if message.not_after is not None and self.clock() >= message.not_after:
            async with self.sessionmaker() as session, session.begin():
                expired = await expire_broadcast(session, due.broadcast_id, now=self.clock())
            if expired:
                logger.warning(
                    "Broadcast %s (%s) is past its cutoff: %d delivery(ies) not sent",
                    due.broadcast_id,
                    message.kind,
                    expired,
                )
            return
        async with self.autocommit() as session, session.begin():
            if not await claim_delivery(session, due.delivery_id, now=self.clock()):
                return  # dropped meanwhile (cancelled, erased, declined)
        chat_id = due.chat_id
        message = message.for_variant(due.variant)
        try:
            try:
                sent = await self._send(chat_id, message, due.delivery_id)
            except SendFailed as failure:
                if failure.migrated_to is None:
                    raise
                chat_id = await self._follow_group(chat_id, failure.migrated_to)
                sent = await self._send(chat_id, message, due.delivery_id)
        except SendFailed as failure:
            if failure.blocked:
                logger.info("Delivery %s: recipient blocked the bot", due.delivery_id)
            else:
                logger.warning("Delivery %s failed: %s", due.delivery_id, failure)
            async with self.sessionmaker() as session, session.begin():
                await fail_delivery(
                    session,
                    due.delivery_id,
                    str(failure),
                    blocked=failure.blocked,
                    extra_tries=failure.tries - 1,
                    now=self.clock(),
                )
            return
        async with self.autocommit() as session, session.begin():
            await confirm_delivery(
                session,
                due.delivery_id,
                sent.message.message_id,
                extra_tries=sent.tries - 1,
                now=self.clock(),
            )

    async def _send(self, chat_id: int, message: _Message, delivery_id: int) -> Sent:
        """The message, in several parts if it is longer than Telegram takes."""
        chunks = texts.split_message(message.text)
        tries = 0
        sent: Sent | None = None
        for number, chunk in enumerate(chunks, start=1):
            markup = message.markup if number == len(chunks) else None
            sent = await send_with_retries(
                self.bot,
                chat_id,
                chunk,
                markup,
                policy=self.policy,
                pace=message.pace,
                what=f"delivery {delivery_id}",
            )
            tries += sent.tries
        assert sent is not None
        return Sent(sent.message, tries - len(chunks) + 1)

    async def _follow_group(self, old_chat_id: int, new_chat_id: int) -> int:
        """The group became a supergroup: store its new id, move what is queued for it."""
        logger.warning("Group %s is now supergroup %s: following it", old_chat_id, new_chat_id)
        async with self.sessionmaker() as session, session.begin():
            await move_group(session, old_chat_id, new_chat_id, now=self.clock())
            await move_group_deliveries(session, old_chat_id, new_chat_id)
        return new_chat_id

    # --- closing broadcasts ---------------------------------------------------------------

    async def _finish_settled(self, among: set[int] | None = None) -> int:
        """Close every broadcast (of ``among``, else any) whose deliveries are all settled;
        write its summary. Returns how many messages (summaries, shares) were written."""
        now = self.clock()
        written = 0
        async with self.sessionmaker() as session, session.begin():
            for broadcast in await close_settled(session, now=now, among=among):
                self._messages.pop(broadcast.id, None)
                reported = broadcast.report_chat_id is not None or broadcast.report_admins
                if broadcast.kind is not BroadcastKind.REMINDER and not reported:
                    continue  # nobody hears how it went (a register, a notice): no summary
                summary = await summarize_broadcast(session, broadcast.id)
                if (
                    broadcast.kind is BroadcastKind.REMINDER
                    and summary.expired
                    and not summary.sent
                ):
                    await miss_reminder_of(session, broadcast.id, now=now)
                if not reported:
                    continue
                report = Outgoing(
                    texts.summary_report(
                        broadcast.kind,
                        summary,
                        resumed=broadcast.resumed,
                        label=broadcast.label,
                        note=broadcast.note,
                    )
                )
                messages: list[tuple[BroadcastKind, Outgoing]] = []
                if broadcast.share and not (summary.expired and not summary.sent):
                    # Its WhatsApp version, for the secretary to forward; the summary last.
                    markup = keyboards.whatsapp_share(broadcast.share)
                    share = Outgoing(
                        texts.wa_share(broadcast.share)
                        if markup
                        else texts.wa_copy(broadcast.share),
                        markup.to_dict() if markup else None,
                    )
                    messages.append((BroadcastKind.SHARE, share))
                messages.append((BroadcastKind.REPORT, report))
                written += len(messages)
                for kind, message in messages:
                    if broadcast.report_chat_id is not None:
                        await plan_to_chat(
                            session,
                            broadcast.kampung_id,
                            kind,
                            broadcast.report_chat_id,
                            message,
                            now=now,
                        )
                    else:
                        await plan_to_admins(session, broadcast.kampung_id, kind, message, now=now)
        return written
