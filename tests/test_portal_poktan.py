"""The portal post of a Poktan session (issue 19 item 1 with issue 18), through the real
Application: a chair records a session with a roll, speakers and photos; the post card
comes after Simpan with the portal's fields prefilled from the session; she answers
with buttons and types the captions the portal requires; the fields to paste and the
album follow; "✅ Sudah diposting" marks it once, even when pressed twice at once.
Stale, forged, other-group and other-kampung presses change nothing and show nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from models.poktan import groups, sessions
from models.poktan.kinds import USUAL_TOPICS, PoktanKind
from models.poktan.sessions import PoktanSession, PoktanSessionPhoto
from models.portal.posts import PortalPost, PortalPostPhoto
from runtime.config import Settings
from tests.conftest import ADMIN
from tests.fakeapi import Call
from tests.flows import appoint, create_kampung, join, register, register_active
from tests.harness import OPERATOR, FakeClock, Harness, Person, running_bot, with_operators
from tests.poktan_support import ANI, BUDI, CICI, DEDI, TwoGroups, melati_and_mawar, shown_data
from ui import keyboards as kb
from ui import keyboards_poktan as kbp

SECRETARY_B = Person(7401, "SekretarisB")
FAMILIES = "Ibu Sari - 01 - 2\nIbu Tini - 01 - 1\nIbu Rara - 01 - 1\nIbu Lina - 02 - 0"
TOPIC = USUAL_TOPICS[PoktanKind.BKB][1]


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    async with running_bot(with_operators(settings), clock) as harness:
        yield harness


async def setup(bot: Harness) -> TwoGroups:
    made = await melati_and_mawar(bot, FAMILIES)
    await register_active(bot, ADMIN, DEDI, "Dedi Kurnia", "04", "BKL")  # a cadre, no chair
    return made


async def record_session(bot: Harness, s: TwoGroups, *, photos: int = 2) -> PoktanSession:
    """Ani records today's session: three of four families, two speakers, photos."""
    await bot.press(ANI, f"{kb.CB_PKS_NEW}{s.melati}")
    await bot.press(ANI, f"{kb.CB_PKS_DAY}0")
    await bot.press(ANI, f"{kb.CB_PKS_TOPIC}1")
    for name in ("Ibu Sari", "Ibu Tini", "Ibu Lina"):
        await bot.press(ANI, f"{kb.CB_PKS_TOGGLE}{s.families[name]}")
    await bot.press(ANI, kb.CB_PKS_ROLL_DONE)
    await bot.send(ANI, "Bidan Puskesmas Sukamaju, PLKB Kecamatan")
    for number in range(1, photos + 1):
        await bot.send_photo(ANI, f"foto-bkb-{number}")
    await bot.press(ANI, kb.CB_PKS_PHOTOS_DONE)
    await bot.press(ANI, kb.CB_PKS_SAVE)
    async with bot.session() as session:
        record = await session.scalar(select(PoktanSession).order_by(PoktanSession.id.desc()))
    assert record is not None
    return record


def card_of(bot: Harness, person: Person) -> Call:
    return next(c for c in reversed(bot.api.sent(person.id)) if "Posting portal" in c.text)


def latest_card_text(bot: Harness, person: Person) -> str:
    """The card as it reads now (its latest edit, or as sent)."""
    edits = [c for c in bot.api.edits(person.id) if "Posting portal" in c.text]
    return edits[-1].text if edits else card_of(bot, person).text


async def post_rows(bot: Harness) -> tuple[PortalPost | None, list[PortalPostPhoto]]:
    async with bot.session() as session:
        post = await session.scalar(select(PortalPost))
        photos = list(
            await session.scalars(select(PortalPostPhoto).order_by(PortalPostPhoto.position))
        )
    return post, photos


def data(action: str, s: TwoGroups, record: PoktanSession, value: int | None = None) -> str:
    head = f"{action}{s.melati}:{record.id}"
    return head if value is None else f"{head}:{value}"


async def test_a_recorded_session_with_photos_and_speakers_to_the_fields_and_the_album(bot):
    s = await setup(bot)
    record = await record_session(bot, s)
    texts = bot.api.texts(ANI.id)
    assert any("tersimpan" in text for text in texts[-3:])
    card = card_of(bot, ANI)
    text = card.text
    assert f"1. Judul Kegiatan: Pertemuan BKB Melati Kampung KB Penyengat Rendah: {TOPIC}" in (text)
    assert "2. Tanggal: 01/07/2026" in text
    assert "3. Tempat: RT 01, RT 02, Kampung KB Penyengat Rendah" in text
    assert "Hadir 3 dari 4 keluarga anggota" in text  # the description, from the roll
    assert "Bina Keluarga Balita (BKB)" in text
    # Peserta from the group's kind: clear for BKB, so not asked.
    assert "7. Peserta Kegiatan: Keluarga yang memiliki Balita" in text
    assert "8. Instansi: Puskesmas; Instansi Lainnya: PLKB Kecamatan" in text
    assert "10. Gambar: 2 foto tersedia" in text
    assert "Pilih <b>Seksi Kegiatan</b>" in text
    assert card.button_data[0] == data(kbp.CB_PORTAL_POKTAN_SEKSI, s, record, 1)

    await bot.press(ANI, data(kbp.CB_PORTAL_POKTAN_SEKSI, s, record, 2), message=card)
    likely = bot.api.edits(ANI.id)[-1]
    assert likely.buttons[0][0] == "Bina Keluarga Balita (BKB)"  # the group's own category
    await bot.press(ANI, data(kbp.CB_PORTAL_POKTAN_KATEGORI, s, record, 5), message=card)
    assert "Pilih <b>Jenis Post</b>" in latest_card_text(bot, ANI)
    await bot.press(ANI, data(kbp.CB_PORTAL_POKTAN_JENIS, s, record, 2), message=card)
    # A session's photos carry no caption: the portal wants one for each Kegiatan photo.
    assert "2 foto Kegiatan: Foto 1 ❓, Foto 2 ❓" in latest_card_text(bot, ANI)
    _, photos = await post_rows(bot)
    assert [(p.meeting_photo_id, p.kind) for p in photos] == [(None, "Kegiatan")] * 2
    async with bot.session() as session:
        kept = list(
            await session.scalars(select(PoktanSessionPhoto.id).order_by(PoktanSessionPhoto.id))
        )
    assert [p.session_photo_id for p in photos] == kept
    asked = bot.api.edits(ANI.id)[-1]
    captions = [d for d in asked.button_data if d.startswith(kbp.CB_PORTAL_POKTAN_CAPTION)]
    assert len(captions) == 2

    await bot.press(ANI, captions[0], message=card)
    assert "Ketik keterangan untuk <b>Foto 1</b>" in bot.last_text(ANI)
    await bot.send(ANI, "Penyuluhan   tumbuh kembang")
    again = bot.api.last_sent(ANI.id)
    bot.api.clear()
    await bot.press(ANI, captions[1], message=again)
    await bot.send(ANI, "Praktik stimulasi balita")

    sent = bot.api.sent(ANI.id)
    fields = next(c for c in sent if "Isian portal" in c.text)
    for label, value in [
        ("Judul Kegiatan", "Pertemuan BKB Melati Kampung KB Penyengat Rendah"),
        ("Tanggal", "01/07/2026"),
        ("Tempat", "RT 01, RT 02, Kampung KB Penyengat Rendah"),
        ("Deskripsi", "Pada Rabu, 1 Juli 2026, kelompok BKB Melati"),
        ("Seksi Kegiatan", "Pendidikan"),
        ("Kategori Kegiatan", "Bina Keluarga Balita (BKB)"),
        ("Peserta Kegiatan", "Keluarga yang memiliki Balita"),
        ("Instansi", "Puskesmas"),
        ("Jenis Post", "Kegiatan"),
    ]:
        assert f"<b>{label}</b>" in fields.text and f"<code>{value}" in fields.text, label
    assert "<code>PLKB Kecamatan</code>" in fields.text
    [album] = bot.api.of("sendMediaGroup")
    assert sent.index(fields) < sent.index(album)
    assert [(item["media"], item.get("caption")) for item in album.media] == [
        ("foto-bkb-1", "Penyuluhan tumbuh kembang"),
        ("foto-bkb-2", "Praktik stimulasi balita"),
    ]
    done = next(c for c in reversed(sent) if "Posting portal" in c.text)
    assert data(kbp.CB_PORTAL_POKTAN_POSTED, s, record) in done.button_data

    # Budi, the group's other chair, may mark it; it is stored once, with who and when.
    await bot.press(BUDI, data(kbp.CB_PORTAL_POKTAN_POSTED, s, record), message=done)
    post, _ = await post_rows(bot)
    budi = await bot.member(BUDI.id)
    assert post is not None and post.poktan_session_id == record.id
    assert post.meeting_id is None
    assert post.posted_by_id == budi.id and post.posted_at == bot.clock()


async def test_the_secretary_opens_a_sessions_post_from_its_card_in_the_riwayat(bot):
    s = await setup(bot)
    record = await record_session(bot, s, photos=0)
    bot.api.clear()
    # /poktan → the group's card → Riwayat → the session → Posting portal.
    await bot.press(ADMIN, f"{kbp.CB_PKG_VIEW}{s.melati}")
    assert f"{kb.CB_PKS_LIST}{s.melati}" in shown_data(bot, ADMIN)
    await bot.press(ADMIN, f"{kb.CB_PKS_LIST}{s.melati}")
    assert f"{kb.CB_PKS_VIEW}{s.melati}:{record.id}" in shown_data(bot, ADMIN)
    await bot.press(ADMIN, f"{kb.CB_PKS_VIEW}{s.melati}:{record.id}")
    assert data(kbp.CB_PORTAL_POKTAN_OPEN, s, record) in bot.api.sent(ADMIN.id)[-1].button_data
    await bot.press(ADMIN, data(kbp.CB_PORTAL_POKTAN_OPEN, s, record))
    card = card_of(bot, ADMIN)
    assert "belum ada foto (tambahkan lewat Riwayat" in card.text
    # The same post as the chair's: one row per session, whoever opens it.
    async with bot.session() as session:
        assert len(list(await session.scalars(select(PortalPost)))) == 1
    await bot.press(ADMIN, data(kbp.CB_PORTAL_POKTAN_SEKSI, s, record, 4), message=card)
    assert "5. Seksi Kegiatan: Ekonomi" in latest_card_text(bot, ADMIN)


async def test_an_uppka_sessions_target_groups_are_asked(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "03", "Pokja")
    await register_active(bot, ADMIN, ANI, "Ani Lestari", "01", "UPPKS")
    kampung_id = bot.app.bot_data.kampung_id
    ani = await bot.member(ANI.id)
    async with bot.session() as session, session.begin():
        group = await groups.create_group(
            session, kampung_id, kind=PoktanKind.UPPKA, name="UPPKA Maju", rts=[], now=bot.clock()
        )
        await groups.add_chair(session, group, ani.id, now=bot.clock())
        group_id = group.id
    await bot.send(ANI, "/catat")
    await bot.send(ANI, "hari ini")
    await bot.send(ANI, "Pembukuan usaha")
    await bot.press(ANI, kb.CB_PKS_SKIP)  # no families yet: who came is skipped
    await bot.press(ANI, kb.CB_PKS_SKIP)
    await bot.press(ANI, kb.CB_PKS_PHOTOS_DONE)
    await bot.press(ANI, kb.CB_PKS_SAVE)
    card = card_of(bot, ANI)
    assert "7. Peserta Kegiatan: ❓ belum dipilih" in card.text
    assert "8. Instansi: — (tidak ada narasumber" in card.text
    async with bot.session() as session:
        record = await session.scalar(select(PoktanSession))
    assert record is not None
    head = f"{group_id}:{record.id}"
    await bot.press(ANI, f"{kbp.CB_PORTAL_POKTAN_SEKSI}{head}:4", message=card)
    await bot.press(ANI, f"{kbp.CB_PORTAL_POKTAN_KATEGORI}{head}:0", message=card)
    assert "Centang <b>Peserta Kegiatan</b>" in latest_card_text(bot, ANI)
    await bot.press(ANI, f"{kbp.CB_PORTAL_POKTAN_PESERTA}{head}:2", message=card)
    await bot.press(ANI, f"{kbp.CB_PORTAL_POKTAN_PESERTA_DONE}{head}", message=card)
    assert "7. Peserta Kegiatan: PUS" in latest_card_text(bot, ANI)


async def test_stale_forged_and_other_group_presses_change_nothing(bot):
    s = await setup(bot)
    record = await record_session(bot, s)
    card = card_of(bot, ANI)
    before = await post_rows(bot)
    for person, pressed in [
        (CICI, data(kbp.CB_PORTAL_POKTAN_SEKSI, s, record, 3)),  # chair of another group
        (DEDI, data(kbp.CB_PORTAL_POKTAN_SEKSI, s, record, 3)),  # a cadre, no chair
        (CICI, f"{kbp.CB_PORTAL_POKTAN_SEKSI}{s.mawar}:{record.id}:3"),  # her group's id
        (ANI, data(kbp.CB_PORTAL_POKTAN_SEKSI, s, record, 10)),  # no such Seksi
        (ANI, f"{kbp.CB_PORTAL_POKTAN_SEKSI}{s.melati}:{record.id + 1}:3"),  # no such session
        (ANI, data(kbp.CB_PORTAL_POKTAN_POSTED, s, record)),  # not complete yet
        (ANI, data(kbp.CB_PORTAL_POKTAN_SEBELUM, s, record, 1)),  # not a before-after post
        (CICI, data(kbp.CB_PORTAL_POKTAN_OPEN, s, record)),  # open another group's post
        (CICI, data(kbp.CB_PORTAL_POKTAN_CAPTION, s, record, 1)),
    ]:
        start = len(bot.api.calls)
        await bot.press(person, pressed, message=card)
        assert bot.api.last_answer().params.get("show_alert") is True, pressed
        calls = bot.api.calls[start:]
        assert not [c for c in calls if c.method in ("sendMessage", "editMessageText")], pressed
    after = await post_rows(bot)
    assert after[0] is not None and before[0] is not None
    assert (after[0].seksi_id, after[0].kategori_id, after[0].posted_at) == (None, None, None)
    assert after[0].updated_at == before[0].updated_at and after[1] == before[1] == []

    # A deleted session: its post goes with it, and the card's buttons are stale.
    await bot.press(ANI, f"{kb.CB_PKS_DELETE_YES}{s.melati}:{record.id}")
    assert (await post_rows(bot))[0] is None
    await bot.press(ANI, data(kbp.CB_PORTAL_POKTAN_SEKSI, s, record, 3), message=card)
    assert bot.api.last_answer().params.get("show_alert") is True


async def test_another_kampungs_secretary_cannot_see_or_touch_the_post(bot):
    s = await setup(bot)
    record = await record_session(bot, s)
    card = card_of(bot, ANI)
    b = await create_kampung(bot, OPERATOR, "Kampung KB Talang Banjar", "1, 2, 3")
    await appoint(bot, OPERATOR, b, SECRETARY_B)
    await join(bot, SECRETARY_B, b.invite_code, "Sari Sekretaris B", "01", "Pokja")
    before = await post_rows(bot)
    for pressed in (
        data(kbp.CB_PORTAL_POKTAN_OPEN, s, record),
        data(kbp.CB_PORTAL_POKTAN_SEKSI, s, record, 3),
        data(kbp.CB_PORTAL_POKTAN_REDO, s, record),
        data(kbp.CB_PORTAL_POKTAN_CAPTION, s, record, 1),
    ):
        start = len(bot.api.calls)
        await bot.press(SECRETARY_B, pressed, message=card)
        calls = bot.api.calls[start:]
        assert not [c for c in calls if c.method in ("sendMediaGroup", "editMessageText")]
        assert not any("Melati" in c.text or "Penyengat" in c.text for c in calls), pressed
    after = await post_rows(bot)
    assert after[0] is not None and before[0] is not None
    assert after[0].seksi_id is None and after[0].updated_at == before[0].updated_at


async def test_two_presses_of_sudah_diposting_at_once_record_one(bot):
    s = await setup(bot)
    record = await record_session(bot, s, photos=2)
    card = card_of(bot, ANI)
    for pressed in (
        data(kbp.CB_PORTAL_POKTAN_SEKSI, s, record, 2),
        data(kbp.CB_PORTAL_POKTAN_KATEGORI, s, record, 5),
        data(kbp.CB_PORTAL_POKTAN_JENIS, s, record, 1),
    ):
        await bot.press(ANI, pressed, message=card)
    ids = [d.rsplit(":", 1)[1] for d in bot.api.edits(ANI.id)[-1].button_data[:2]]
    await bot.press(
        ANI, f"{kbp.CB_PORTAL_POKTAN_SEBELUM}{s.melati}:{record.id}:{ids[0]}", message=card
    )
    await bot.press(
        ANI, f"{kbp.CB_PORTAL_POKTAN_SESUDAH}{s.melati}:{record.id}:{ids[1]}", message=card
    )
    [album] = bot.api.of("sendMediaGroup")
    assert [(i["media"], i.get("caption")) for i in album.media] == [
        ("foto-bkb-1", "Sebelum"),
        ("foto-bkb-2", "Sesudah"),
    ]
    message = card.result
    async with bot.started():
        await bot.feed(
            bot.press_update(ANI, data(kbp.CB_PORTAL_POKTAN_POSTED, s, record), message),
            bot.press_update(BUDI, data(kbp.CB_PORTAL_POKTAN_POSTED, s, record), message),
        )
        await bot.drain()
    answers = [a.params.get("text") or "" for a in bot.api.answers()[-2:]]
    assert sum("Ditandai sudah diposting" in a for a in answers) == 1
    assert sum("Sudah ditandai" in a for a in answers) == 1
    post, _ = await post_rows(bot)
    assert post is not None and post.posted_at is not None


async def test_the_operators_overview_counts_sessions_not_yet_posted(bot):
    s = await setup(bot)
    record = await record_session(bot, s, photos=0)
    await bot.send(OPERATOR, "/ringkasan")
    assert "Belum diposting di portal: 1 kegiatan" in " ".join(bot.api.texts(OPERATOR.id))
    card = card_of(bot, ANI)
    for pressed in (
        data(kbp.CB_PORTAL_POKTAN_SEKSI, s, record, 2),
        data(kbp.CB_PORTAL_POKTAN_KATEGORI, s, record, 5),
        data(kbp.CB_PORTAL_POKTAN_JENIS, s, record, 2),
        data(kbp.CB_PORTAL_POKTAN_POSTED, s, record),
    ):
        await bot.press(ANI, pressed, message=card)
    assert (await post_rows(bot))[0].posted_at is not None  # type: ignore[union-attr]
    bot.api.clear()
    await bot.send(OPERATOR, "/ringkasan")
    assert "Belum diposting" not in " ".join(bot.api.texts(OPERATOR.id))


async def test_the_chair_and_the_secretary_opening_a_post_at_once_make_one(bot):
    s = await setup(bot)
    async with bot.session() as session, session.begin():
        group = await session.get(groups.PoktanGroup, s.melati)
        assert group is not None
        record = await sessions.record_session(
            session,
            group,
            held_on=bot.clock().date(),
            today=bot.clock().date(),
            topic="Gizi balita",
            by_id=None,
            now=bot.clock(),
        )
    await bot.send(ANI, "/kelompok")  # a message in each chat to press on
    await bot.send(ADMIN, "/bantuan")
    opened = data(kbp.CB_PORTAL_POKTAN_OPEN, s, record)
    async with bot.started():
        await bot.feed(
            bot.press_update(ANI, opened, bot.api.sent(ANI.id)[-1].result),
            bot.press_update(ADMIN, opened, bot.api.sent(ADMIN.id)[-1].result),
        )
        await bot.drain()
    async with bot.session() as session:
        rows = list(await session.scalars(select(PortalPost)))
    assert [r.poktan_session_id for r in rows] == [record.id]
    assert "Posting portal" in card_of(bot, ANI).text
    assert "Posting portal" in card_of(bot, ADMIN).text
