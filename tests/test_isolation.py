"""Kampung isolation: nothing of kampung A can be read or changed from kampung B.

The world of ``tests/test_rights.py`` is kampung A (settings kampung: secretary,
cadre, pending registrant, bound group, two meetings, check-in open, a guest).
An operator then adds kampung B through ``/kampung``; B's secretary (appointed
by the operator) and a cadre register through B's invite link, and B's
secretary binds B's group.

Then B's secretary, B's cadre and a stranger (no kampung, no link, not an
operator) each try every command and press every button, buttons carrying A's
real meeting, member, guest and kampung ids. Each try leaves every row of every
table as it was, sends nothing to anyone else, shows nothing of A (names,
topics, venue, invite code), and a forged button is refused with a popup.
Where the try is not an action on one's own kampung (a stranger; A's group; an
operator command; a cadre trying an admin command) the only answer is a refusal.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.kampung import Kampung
from runtime.config import Settings
from runtime.db import create_engine
from tests.conftest import ADMIN
from tests.flows import appoint, approve, create_kampung, join
from tests.fuzzing import (
    DURING_CHECK_IN,
    REFUSALS,
    START,
    STRANGER,
    StrictFakeBotAPI,
    Template,
    World,
    apologies,
    build_world,
    changes,
    outgoing,
    popups,
    record_errors,
    snapshot,
)
from tests.harness import GROUP_CHAT_ID, FakeClock, Harness, Person, make_settings, running_bot
from tests.test_rights import ADMIN_PLAN, BUTTONS
from ui import texts

OPERATOR = Person(4001, "Operator")
SEC_B = Person(6001, "SekB")
CADRE_B = Person(7202, "KaderB")
GROUP_B = -1002222222222
B_NAME = "Kampung KB Talang Banjar"

# What kampung A holds that nobody of B may read (A's first topic and venue are also
# the one-line example of the help text, so its later meeting stands for them).
A_SECRETS = (
    "Rina Sekretaris",
    "Siti Aminah",
    "Budi Santoso",
    "Gizi Balita",
    "Balai RW 02",
    "Drs. Hasan",
    "Penyengat Rendah",
)
# A refusal, or "not found": seen from B, A's meetings, members and guests do not exist.
ISOLATION_REFUSALS = REFUSALS | {
    texts.ASK_KAMPUNG_LINK,
    texts.OPERATOR_ONLY,
    texts.REGISTRATION_GONE,
    texts.RSVP_UNKNOWN,
    texts.ATTENDANCE_WRONG_MEETING,
    texts.GUEST_GONE,
    texts.MEMBER_GONE,
    texts.UNDO_NOTHING,
}
# Buttons that carry no id of A and act on the presser's own kampung: "Batal" under a
# confirmation. (Buttons that start planning, fill the year, approve all or turn the
# member list's page carry their kampung's id: A's are refused to B like any other.)
OWN_KAMPUNG_PRESSES = frozenset({"btn-att:closeno", "btn-mbr:keep"})
# B's secretary doing her own work: it may add B's rows and send B's own files.
OWN_KAMPUNG_COMMANDS = frozenset({"anggota-tambah", "laporan"})
OWN_KAMPUNG = OWN_KAMPUNG_PRESSES | OWN_KAMPUNG_COMMANDS


def settings_for(url: str) -> Settings:
    return make_settings(url).model_copy(update={"OPERATOR_IDS": frozenset({OPERATOR.id})})


@dataclass(frozen=True)
class Ids:
    world: World
    kampung_a: int
    code_a: str

    def fill(self, template: str) -> str:
        return self.world.fill(template.replace("{kampung}", str(self.kampung_a)))


@dataclass(frozen=True)
class Try:
    """A command typed or a button pressed by someone of B."""

    name: str
    text: str | None = None
    data: str | None = None
    chat: int | None = None  # None: the actor's private chat
    admin: bool = False  # an admin command: B's cadre is refused
    operator: bool = False  # an operator command: everybody here is refused


COMMANDS = [
    Try("jadwal", text="/jadwal"),
    Try("jadwal-tahun", text="/jadwal tahun"),
    Try("jadwal-baru", text="/jadwal baru", admin=True),
    Try("jadwal-baru-satu-baris", text=ADMIN_PLAN, admin=True),
    Try("jadwal-ubah", text="/jadwal ubah", admin=True),
    Try("jadwal-batal", text="/jadwal batal Bentrok", admin=True),
    Try("hadir", text="/hadir"),
    Try("hadir-rekap", text="/hadir rekap", admin=True),
    Try("menunggu", text="/menunggu", admin=True),
    Try("tamu-tambah", text="/tamu Pak Rahmat - Ketua RT 07", admin=True),
    Try("tamu-daftar", text="/tamu", admin=True),
    Try("anggota", text="/anggota", admin=True),
    Try("anggota-tambah", text="/anggota_tambah Bu Wati - 1 - BKL", admin=True),
    Try("laporan", text="/laporan", admin=True),
    Try("narasumber", text="/narasumber"),
    Try("rekap", text="/rekap", admin=True),
    Try("daftar_hadir", text="/daftar_hadir", admin=True),
    Try("notulen", text="/notulen Rapat berjalan lancar", admin=True),
    Try("profil", text="/profil"),
    Try("bantuan", text="/bantuan"),
    Try("start", text="/start"),
    Try("kampung", text="/kampung", operator=True),
    Try("ringkasan", text="/ringkasan", operator=True),
    # In A's bound group, the group is A's: B's people are strangers there.
    Try("ikat_grup-di-grup-a", text="/ikat_grup", chat=GROUP_CHAT_ID, admin=True),
    Try("hadir-rekap-di-grup-a", text="/hadir rekap", chat=GROUP_CHAT_ID, admin=True),
    Try("tamu-di-grup-a", text="/tamu Pak Rahmat - Ketua RT 07", chat=GROUP_CHAT_ID, admin=True),
]
PRESSES = [Try(a.name, data=a.data) for a in BUTTONS] + [
    Try("btn-rsvp", data="rsvp:{meeting}:hadir"),
    Try("btn-att:me", data="att:me:{meeting}:y"),
    Try("btn-op:k", data="op:k:{kampung}", operator=True),
    Try("btn-op:add", data="op:add:{kampung}", operator=True),
    Try("btn-op:rm", data=f"op:rm:{{kampung}}:{ADMIN.id}", operator=True),
    Try("btn-op:inv", data="op:inv:{kampung}", operator=True),
    Try("btn-op:ed", data="op:ed:{kampung}:name", operator=True),
    Try("btn-op:del", data="op:del:{kampung}", operator=True),
    Try("btn-op:delok", data="op:delok:{kampung}", operator=True),
]
ROLES = {"sekretaris-b": SEC_B, "kader-b": CADRE_B, "orang-asing": STRANGER}


async def build_isolation_template(folder: Path) -> tuple[Template, Ids]:
    url = f"sqlite+aiosqlite:///{folder / 'template.db'}"
    clock = FakeClock(START)
    async with running_bot(settings_for(url), clock, StrictFakeBotAPI(clock)) as bot:
        world = await build_world(bot)
        b = await create_kampung(bot, OPERATOR, B_NAME, "01,02,03")
        await appoint(bot, OPERATOR, b, SEC_B)
        await join(bot, SEC_B, b.invite_code, "Dewi Sekretaris", "01", "Pokja")
        await join(bot, CADRE_B, b.invite_code, "Ani Lestari", "02", "BKR")
        await approve(bot, SEC_B, CADRE_B)
        await bot.send(SEC_B, "/ikat_grup", chat_id=GROUP_B)
        admin, sec_b = await bot.member(ADMIN.id), await bot.member(SEC_B.id)
        async with bot.session() as session:
            a = await session.get_one(Kampung, admin.kampung_id)
        assert sec_b is not None and sec_b.is_admin and sec_b.kampung_id == b.id
        assert not bot.api.problems
    async with running_bot(settings_for(url), clock, StrictFakeBotAPI(clock)):
        pass  # the catch-up at start, once, here
    engine = create_engine(url)
    try:
        rows = await snapshot(engine)
    finally:
        await engine.dispose()
    return Template(world, rows, url), Ids(world, a.id, a.invite_code or "")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Template, Ids]:
    return asyncio.run(build_isolation_template(tmp_path_factory.mktemp("isolation")))


@asynccontextmanager
async def bot_on(template: Template, folder: Path) -> AsyncIterator[Harness]:
    url = await template.fresh_database(folder)
    clock = FakeClock(DURING_CHECK_IN)
    async with running_bot(settings_for(url), clock, StrictFakeBotAPI(clock)) as bot:
        bot.api.clear()
        yield bot


def assert_only_b_changed(changed: dict, kampung_a: int) -> None:
    """Rows were only added, and every meeting or member added is B's."""
    assert all(not diff["removed"] for diff in changed.values()), changed
    for table in ("meeting", "member"):
        added = changed.get(table, {}).get("added", [])
        assert all(row[1] != kampung_a for row in added), added


@pytest.mark.parametrize("action", [pytest.param(a, id=a.name) for a in COMMANDS + PRESSES])
@pytest.mark.parametrize("role", list(ROLES))
async def test_nothing_of_a_from_b(template, tmp_path, role, action):
    world, ids = template
    person = ROLES[role]
    async with bot_on(world, tmp_path) as bot:
        errors = record_errors(bot)
        engine = bot.app.bot_data.engine
        before = await snapshot(engine)
        chat = action.chat if action.chat is not None else person.id

        if action.text is not None:
            await bot.send(person, ids.fill(action.text), chat_id=chat)
        else:
            await bot.press(person, ids.fill(action.data or ""), chat_id=chat)

        changed = changes(before, await snapshot(engine))
        own = person is SEC_B and action.name in OWN_KAMPUNG
        if own:
            assert_only_b_changed(changed, ids.kampung_a)
        else:
            assert changed == {}
        calls = outgoing(bot.api.calls)
        assert errors.describe() == [] and apologies(calls) == [] and bot.api.problems == []
        allowed = {chat, CADRE_B.id, GROUP_B} if own else {chat}  # B's own announcements
        assert {c.chat_id for c in calls if c.method != "answerCallbackQuery"} <= allowed
        shown = [c.text or str(c.params.get("text") or "") for c in calls]
        leaks = [s for s in shown for secret in (*A_SECRETS, ids.code_a) if secret in s]
        assert leaks == [], leaks
        if own:
            return
        assert [c for c in calls if c.method in ("sendDocument", "sendMediaGroup")] == []
        if action.data is not None:
            [answer] = popups(calls)
            assert answer.params.get("show_alert") is True, answer.params
            assert answer.params.get("text") in ISOLATION_REFUSALS, answer.params.get("text")
            assert [c for c in calls if c.method == "sendMessage"] == []
            return
        refused = (
            person is STRANGER
            or action.operator
            or action.chat == GROUP_CHAT_ID
            or (action.admin and person is CADRE_B)
        )
        sent = [c.text for c in calls if c.method == "sendMessage"]
        assert sent, "no answer at all"
        if refused:
            assert all(text in ISOLATION_REFUSALS for text in sent), sent
