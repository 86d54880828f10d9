"""One user's updates in order, different users side by side: through the real update queue.

Every test here starts the application (``bot.started()``) and puts its updates on
``app.update_queue`` together, so the real update processor (bot/updates.py)
decides what runs when, as in ``python -m bot``.
"""

from sqlalchemy import select

from bot.updates import UserOrderedUpdateProcessor
from delivery.limiter import SendLimiter
from models.meeting import Rsvp, RsvpAnswer
from tests.conftest import ADMIN
from tests.flows import add_active_cadres, register, register_active
from tests.harness import GROUP_CHAT_ID, ManualTime, Person, running_bot
from tests.test_meetings import CADRES, create_one_line
from ui import keyboards, texts

STRANGER = Person(9999, "Orang")
ANSWERS = ["hadir", "izin", "tidak"]


async def answer_of(bot, person: Person) -> RsvpAnswer | None:
    member = await bot.member(person.id)
    async with bot.session() as session:
        return await session.scalar(select(Rsvp.answer).where(Rsvp.member_id == member.id))


def test_the_application_uses_the_user_ordered_processor(bot):
    processor = bot.app.update_processor
    assert isinstance(processor, UserOrderedUpdateProcessor)
    assert processor.handling_limit == 32
    # python-telegram-bot's own bound is never what makes an update wait.
    assert bot.app.concurrent_updates > 10_000


async def test_of_two_quick_taps_the_last_one_wins_while_others_press(bot):
    """Izin then Hadir in the same instant, among eight other cadres' presses: Hadir is kept.

    Twelve rounds, each tap pair in the queue together: handled side by side, the
    first tap was kept in 7 of 12 rounds.
    """
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, CADRES[0], "Siti Aminah")
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    meeting = await create_one_line(bot)
    others = await add_active_cadres(bot, 8)
    card = bot.api.last_sent(CADRES[0].id)
    assert f"rsvp:{meeting.id}:hadir" in card.button_data
    bot.api.clear()

    def tap(person: Person, answer: str):
        return bot.press_update(person, f"rsvp:{meeting.id}:{answer}", card.result)

    async with bot.started():
        for round_ in range(12):
            first, last = ANSWERS[round_ % 3], ANSWERS[(round_ + 1) % 3]
            crowd = [tap(o, ANSWERS[(round_ + i) % 3]) for i, o in enumerate(others)]
            await bot.feed(*crowd[:4], tap(CADRES[0], first), tap(CADRES[0], last), *crowd[4:])
            assert await answer_of(bot, CADRES[0]) is RsvpAnswer(last), f"round {round_}"
            assert len(bot.api.answers()) == 10 * (round_ + 1)
    assert [await answer_of(bot, o) for o in others] == [
        RsvpAnswer(ANSWERS[(11 + i) % 3]) for i in range(8)
    ]


async def test_a_command_right_after_finishing_registration_is_handled(bot):
    """The confirm press and the next command arrive together: the command sees the
    registration finished, not "Anda sedang mendaftar"."""
    await bot.send(ADMIN, "/start")
    await bot.press(ADMIN, keyboards.CB_CONSENT_YES)
    await bot.send(ADMIN, "Rina Sekretaris")
    await bot.press(ADMIN, keyboards.CB_REG_RT + "01")
    await bot.press(ADMIN, keyboards.CB_REG_POKTAN + "Pokja")
    summary = bot.api.last_sent(ADMIN.id)
    bot.api.clear()

    async with bot.started():
        await bot.feed(
            bot.press_update(ADMIN, keyboards.CB_REG_CONFIRM, summary.result),
            bot.message_update(ADMIN, "/jadwal"),
        )

    said = bot.api.texts(ADMIN.id)
    assert texts.IN_REGISTRATION not in said
    assert texts.REGISTERED_ADMIN in said
    assert said[-1] == texts.no_meeting(True)
    assert (await bot.member(ADMIN.id)).is_admin


async def test_a_chatty_user_does_not_delay_another_users_reply(settings, clock):
    """40 messages from a stranger (each answered, at most one a second to his chat) and a
    cadre's /jadwal behind them: the cadre is answered at once, in the same instant of the
    fake clock, while the stranger waits out his own chat's limit."""
    time = ManualTime(clock)
    limiter = SendLimiter(monotonic=time.monotonic, sleep=time.sleep)
    async with running_bot(settings, clock, rate_limiter=limiter) as bot:
        [cadre] = await add_active_cadres(bot, 1)
        start = clock()
        chatter = [bot.message_update(STRANGER, f"halo {i}") for i in range(40)]
        async with bot.started():
            try:
                bot.enqueue(*chatter, bot.message_update(cadre, "/jadwal"))
                await bot.until(lambda: bot.api.sent(cadre.id) != [])
                # The fake clock has not moved: the cadre did not wait for the stranger.
                assert clock() == start
                assert len(bot.api.sent(STRANGER.id)) <= 1  # one reply at most, so far
                assert time.sleepers <= 1  # at most the stranger's next reply waits
            finally:
                time.run_freely()
                await bot.feed()

        [reply] = bot.api.sent(cadre.id)
        assert reply.text == texts.no_meeting(False) and reply.at == start
        stranger = bot.api.sent(STRANGER.id)
        assert [c.text for c in stranger] == [texts.NOT_REGISTERED] * 40
        # The limiter was on: the stranger's replies went one a second.
        assert (stranger[-1].at - start).total_seconds() >= 39
        assert bot.api.sent().index(reply) <= 1
