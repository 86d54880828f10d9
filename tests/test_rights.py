"""The rights matrix: every admin command and button, tried by those who may not use it.

A cadre, a pending registrant and a stranger each try every admin command and
press every admin button (real callback data with real ids, so only the
server-side check stands in the way). Each try is refused — a refusal message,
or a popup for a button — and leaves every row of every table as it was, and
nothing is sent to anyone but the one who tried.

The admin's own flows are left open while the others try (a plan waiting for
"Simpan"), so a forged press cannot ride on the admin's conversation either.
A control row checks that the admin is *not* refused: the ids and the world are
real, and a refusal in the matrix is not an accident of a stale setup.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from tests.conftest import ADMIN
from tests.fuzzing import (
    CADRE,
    PENDING,
    REFUSALS,
    STRANGER,
    Template,
    World,
    apologies,
    bot_in_world,
    build_template,
    changes,
    outgoing,
    popups,
    record_errors,
    snapshot,
)
from tests.harness import Harness, Person

# A group other than the bound one: a successful /ikat_grup there would change the row.
OTHER_GROUP = -1009876543210
ADMIN_PLAN = "/jadwal baru 12-12-2026 09.00 RT05 Balai RW 05 | Materi rahasia"


@dataclass(frozen=True)
class Action:
    """A command typed or a button pressed; ``{meeting}``-style fields are world ids."""

    name: str
    text: str | None = None
    data: str | None = None
    chat: int | None = None  # None: the actor's private chat
    admin_can: bool = True  # the admin, outside any flow, gets more than a refusal

    def payload(self, world: World) -> str:
        template = self.text if self.text is not None else self.data
        assert template is not None
        return world.fill(template)


COMMANDS = [
    Action("cmd-menunggu", text="/menunggu"),
    Action("cmd-jadwal-baru", text="/jadwal baru"),
    Action("cmd-jadwal-baru-satu-baris", text=ADMIN_PLAN),
    Action("cmd-jadwal-ubah", text="/jadwal ubah"),
    Action("cmd-jadwal-batal-alasan", text="/jadwal batal Bentrok dengan acara kelurahan"),
    Action("cmd-jadwal-batal", text="/jadwal batal"),
    Action("cmd-tamu-tambah", text="/tamu Pak Rahmat - Ketua RT 07"),
    Action("cmd-tamu-banyak", text="/tamu\nUstaz Fauzi - Tokoh Agama\nIbu Wati - PLKB"),
    Action("cmd-tamu-daftar", text="/tamu"),
    Action("cmd-hadir-rekap", text="/hadir rekap"),
    # The recap names who was absent: never in a group, not even for the admin.
    Action("cmd-hadir-rekap-di-grup", text="/hadir rekap", chat=OTHER_GROUP, admin_can=False),
    Action("cmd-ikat_grup-di-grup", text="/ikat_grup", chat=OTHER_GROUP),
    Action("cmd-anggota", text="/anggota"),
    Action("cmd-anggota-tambah", text="/anggota tambah Bu Wati - 4 - BKL"),
    Action("cmd-anggota_tambah", text="/anggota_tambah Bu Wati - 4 - BKL\nBu Sri - 5 - BKB"),
    Action("cmd-laporan", text="/laporan"),
    Action("cmd-laporan-tahun", text="/laporan 2026"),
    # The year report names cadres to follow up: never in a group either.
    Action("cmd-laporan-di-grup", text="/laporan", chat=OTHER_GROUP, admin_can=False),
    Action("cmd-poktan", text="/poktan"),
]
BUTTONS = [
    Action("btn-adm:reg:ok", data="adm:reg:ok:{pending}"),
    Action("btn-adm:reg:no", data="adm:reg:no:{pending}"),
    Action("btn-mtg:new", data="mtg:new:{kampung}"),
    Action("btn-mtg:save", data="mtg:save", admin_can=False),
    Action("btn-mtg:edit", data="mtg:edit", admin_can=False),
    Action("btn-mtg:abort", data="mtg:abort", admin_can=False),
    Action("btn-mtg:host", data="mtg:host:05", admin_can=False),
    Action("btn-mtg:venue", data="mtg:venue:default", admin_can=False),
    Action("btn-mtg:spk:none", data="mtg:spk:none", admin_can=False),
    Action("btn-mtg:spk:done", data="mtg:spk:done", admin_can=False),
    Action("btn-mtg:spk:clear", data="mtg:spk:clear", admin_can=False),
    Action("btn-mtg:spk:past", data="mtg:spk:past:1", admin_can=False),
    Action("btn-mtg:sector", data="mtg:sector:pemerintah", admin_can=False),
    Action("btn-mtg:field", data="mtg:field:date", admin_can=False),
    Action("btn-mtg:second:yes", data="mtg:second:yes", admin_can=False),
    Action("btn-mtg:second:no", data="mtg:second:no", admin_can=False),
    Action("btn-mtg:pick:ubah", data="mtg:pick:ubah:{meeting}", admin_can=False),
    Action("btn-mtg:pick:batal", data="mtg:pick:batal:{later}", admin_can=False),
    Action("btn-mtg:cancel:yes", data="mtg:cancel:yes:{meeting}", admin_can=False),
    Action("btn-mtg:cancel:yes-lain", data="mtg:cancel:yes:{later}", admin_can=False),
    Action("btn-mtg:cancel:no", data="mtg:cancel:no", admin_can=False),
    Action("btn-mtg:year", data="mtg:year:{kampung}:2026"),
    Action("btn-mtg:year-depan", data="mtg:year:{kampung}:2027"),
    Action("btn-att:tg-kader", data="att:tg:{meeting}:{cadre}:0"),
    Action("btn-att:tg-admin", data="att:tg:{meeting}:{admin}:0"),
    Action("btn-att:pg", data="att:pg:{meeting}:0"),
    Action("btn-att:pg-lain", data="att:pg:{later}:0"),
    Action("btn-att:close", data="att:close:{meeting}"),
    Action("btn-att:close-lain", data="att:close:{later}"),
    Action("btn-att:rekap", data="att:rekap:{meeting}"),
    Action("btn-att:gdel", data="att:gdel:{guest}"),
    Action("btn-att:closeok", data="att:closeok:{meeting}"),
    Action("btn-att:closeno", data="att:closeno"),
    Action("btn-att:reopen", data="att:reopen:{meeting}"),
    Action("btn-att:undo", data="att:undo:{meeting}:{cadre}"),
    Action("btn-att:grest", data="att:grest:{guest}"),
    # The portal post: the world's meeting has no post yet, so even the admin is refused.
    Action("btn-pp:s", data="pp:s:{meeting}:3", admin_can=False),
    Action("btn-pp:ok", data="pp:ok:{meeting}", admin_can=False),
    Action("btn-pp:c", data="pp:c:{meeting}:1", admin_can=False),
    Action("btn-adm:reg:all", data="adm:reg:all:{kampung}:{pending}"),
    Action("btn-mbr:pg", data="mbr:pg:{kampung}:0", admin_can=False),  # turns the page silently
    Action("btn-mbr:v", data="mbr:v:{cadre}"),
    Action("btn-mbr:lnk", data="mbr:lnk:{cadre}"),
    Action("btn-mbr:set:rt", data="mbr:set:rt:{cadre}"),
    Action("btn-mbr:ask:pk", data="mbr:ask:pk:{cadre}:BKR"),
    Action("btn-mbr:ask:del", data="mbr:ask:del:{cadre}"),
    Action("btn-mbr:do:rt", data="mbr:do:rt:{cadre}:05"),
    Action("btn-mbr:do:pk", data="mbr:do:pk:{cadre}:BKR"),
    Action("btn-mbr:do:off", data="mbr:do:off:{cadre}"),
    Action("btn-mbr:do:on", data="mbr:do:on:{cadre}"),
    Action("btn-mbr:do:del", data="mbr:do:del:{cadre}"),
    Action("btn-mbr:keep", data="mbr:keep"),
    Action("btn-mbr:rsvp", data="mbr:rsvp:{later}:{cadre}:izin"),
    Action("btn-pkg:new", data="pkg:new:{kampung}"),
    Action("btn-pkg:ls", data="pkg:ls:{kampung}"),
]
ROLES = {"kader": CADRE, "menunggu": PENDING, "orang-asing": STRANGER}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Template:
    """The world, built once through the real flows (see ``tests.fuzzing.build_world``)."""
    return asyncio.run(build_template(tmp_path_factory.mktemp("rights")))


@pytest.fixture
async def world(template, tmp_path):
    """Per test: a fresh copy of the world's database and a freshly started bot.

    Copying the world costs a fraction of replaying its flows, and every test
    still starts from the same rows with nothing in memory (no open conversation).
    """
    async with bot_in_world(template, tmp_path) as bot:
        yield bot, template.world


async def _act(bot: Harness, person: Person, action: Action, world: World) -> int:
    """Do ``action`` as ``person``; return the chat it happened in."""
    chat = action.chat if action.chat is not None else person.id
    if action.text is not None:
        await bot.send(person, action.payload(world), chat_id=chat)
    else:
        await bot.press(person, action.payload(world), chat_id=chat)
    return chat


@pytest.mark.parametrize("action", [pytest.param(a, id=a.name) for a in COMMANDS + BUTTONS])
@pytest.mark.parametrize("role", list(ROLES))
async def test_refused_and_nothing_changes(world, role, action):
    bot, ids = world
    person = ROLES[role]
    await bot.send(ADMIN, ADMIN_PLAN)  # the admin's own plan waits for "Simpan"
    assert "Periksa jadwal" in bot.last_text(ADMIN)
    errors = record_errors(bot)
    engine = bot.app.bot_data.engine
    before = await snapshot(engine)
    start = len(bot.api.calls)

    chat = await _act(bot, person, action, ids)

    assert changes(before, await snapshot(engine)) == {}
    calls = outgoing(bot.api.calls[start:])
    assert errors.describe() == [] and apologies(calls) == [] and bot.api.problems == []
    assert {c.chat_id for c in calls if c.method != "answerCallbackQuery"} <= {chat}, (
        "something went to someone other than the one who tried"
    )
    assert [c.method for c in calls if c.method.startswith("editMessage")] == []
    assert [c for c in calls if c.method in ("sendDocument", "sendMediaGroup")] == []
    if action.data is not None:
        [answer] = popups(calls)
        assert answer.params.get("show_alert") is True, answer.params
        assert answer.params.get("text") in REFUSALS, answer.params.get("text")
        assert [c.text for c in calls if c.method == "sendMessage"] == []
    else:
        sent = [c.text for c in calls if c.method == "sendMessage"]
        assert sent and all(text in REFUSALS for text in sent), sent


@pytest.mark.parametrize(
    "action", [pytest.param(a, id=a.name) for a in COMMANDS + BUTTONS if a.admin_can]
)
async def test_the_admin_is_not_refused(world, action):
    """The control row: the same try by the admin does what it says."""
    bot, ids = world
    errors = record_errors(bot)
    start = len(bot.api.calls)

    await _act(bot, ADMIN, action, ids)

    calls = outgoing(bot.api.calls[start:])
    assert errors.describe() == [] and apologies(calls) == [] and bot.api.problems == []
    said = [c.text or str(c.params.get("text") or "") for c in calls]
    assert said, "the admin got no answer at all"
    assert not all(text in REFUSALS for text in said if text), said
