"""The portal post of a meeting (issue 19, part 1), driven through the real Application.

A meeting with speakers, guests, cadres of three Poktan, minutes and photos is
recorded; the recap brings the post card with every portal field in the portal's
order, prefilled; the secretary answers with buttons (and types two captions); the
complete post comes as one message of fields and one album of photos; "✅ Sudah
diposting" marks it once. Forged, stale and other-kampung presses change nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from models.meeting import Meeting, Sector, Speaker
from models.portal.posts import PortalPost, PortalPostPhoto
from runtime.config import Settings
from tests.conftest import ADMIN
from tests.fakeapi import Call
from tests.flows import appoint, create_kampung, join, register, register_active
from tests.harness import (
    GROUP_CHAT_ID,
    OPERATOR,
    FakeClock,
    Harness,
    Person,
    running_bot,
    with_operators,
)
from tests.test_meetings import AUG_15_0900_WIB, CADRES, create_one_line
from ui import keyboards as kb

SECRETARY_B = Person(7301, "SekretarisB")
PORTAL_ORDER = [
    "1. Judul Kegiatan",
    "2. Tanggal",
    "3. Tempat",
    "4. Deskripsi",
    "5. Seksi Kegiatan",
    "6. Kategori Kegiatan",
    "7. Peserta Kegiatan",
    "8. Instansi",
    "9. Jenis Post",
    "10. Gambar",
]


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    async with running_bot(with_operators(settings), clock) as harness:
        yield harness


async def recorded_meeting(bot: Harness) -> Meeting:
    """15 Aug: BKB and BKR cadres present (BKL excused), two speakers, two guests,
    minutes, three photos (the second with a caption)."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    for cadre, name, rt, poktan in zip(
        CADRES, ["Siti Aminah", "Budi Santoso", "Ani Lestari"], ["03", "05", "07"],
        ["BKB", "BKR", "BKL"], strict=True,
    ):  # fmt: skip
        await register_active(bot, ADMIN, cadre, name, rt, poktan)
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    meeting = await create_one_line(bot)
    async with bot.session() as session, session.begin():
        session.add_all(
            [
                Speaker(
                    meeting_id=meeting.id,
                    position=0,
                    name="dr. Maya Putri",
                    institution="Puskesmas Penyengat",
                    sector=Sector.GOVERNMENT,
                ),
                Speaker(
                    meeting_id=meeting.id,
                    position=1,
                    name="Pak Joko",
                    institution="Apotek Sehat",
                    sector=Sector.PRIVATE,
                ),
            ]
        )
    bot.clock.set(AUG_15_0900_WIB - timedelta(minutes=10))
    await bot.send(ADMIN, "/hadir")
    await bot.press(CADRES[0], f"att:me:{meeting.id}:y")
    await bot.press(CADRES[1], f"att:me:{meeting.id}:y")
    await bot.send(ADMIN, "/tamu Bu Dewi - Bidan Dinas Kesehatan\nPak Rahmat - Ketua RT 07")
    bot.clock.set(AUG_15_0900_WIB + timedelta(hours=2))
    await bot.send(ADMIN, "/notulen Disepakati kelas BKB tiap bulan")
    await bot.send_photo(ADMIN, "ph-1")
    await bot.send_photo(ADMIN, "ph-2", caption="Penyuluhan KB oleh bidan")
    await bot.send_photo(ADMIN, "ph-3")
    bot.api.clear()
    return meeting


async def recap(bot: Harness) -> Call:
    """``/rekap`` of the one meeting held; the post card it brought."""
    await bot.send(ADMIN, "/rekap")
    return next(c for c in bot.api.sent(ADMIN.id) if "Posting portal" in c.text)


async def post_rows(bot: Harness) -> tuple[PortalPost | None, list[PortalPostPhoto]]:
    async with bot.session() as session:
        post = await session.scalar(select(PortalPost))
        photos = list(
            await session.scalars(select(PortalPostPhoto).order_by(PortalPostPhoto.position))
        )
    return post, photos


def card_text(bot: Harness) -> str:
    """The card as it reads after its latest edit."""
    edits = [c for c in bot.api.edits(ADMIN.id) if "Posting portal" in c.text]
    return edits[-1].text


async def test_from_a_recorded_meeting_to_the_pasted_fields_and_the_album(bot):
    meeting = await recorded_meeting(bot)
    card = await recap(bot)

    # The recap is four messages: recap, this post, WhatsApp text, one album of files.
    sent = bot.api.sent(ADMIN.id)
    assert [c.method for c in sent] == ["sendMessage"] * 3 + ["sendMediaGroup"]
    assert "Teks untuk portal" not in " ".join(c.text for c in sent)
    text = card.text
    assert [text.index(label) for label in PORTAL_ORDER] == sorted(
        text.index(label) for label in PORTAL_ORDER
    )
    assert "Pertemuan Rutin Triwulan III Kampung KB Penyengat Rendah: Pembinaan Poktan" in text
    assert "2. Tanggal: 15/08/2026" in text
    assert "3. Tempat: Rumah Data RT 07, RT 07" in text
    assert "Disepakati kelas BKB tiap bulan" in text  # the description, from the recap
    # Peserta from the Poktan present (BKB, BKR; the BKL cadre was absent; Pokja organises).
    assert "7. Peserta Kegiatan: Keluarga yang memiliki Balita, Keluarga yang memiliki Remaja" in (
        text
    )
    # Agencies: a speaker's institution matched by name, one typed, a guest's role naming one.
    assert "8. Instansi: Puskesmas; Instansi Lainnya: Apotek Sehat; Dinas Kesehatan" in text
    assert "Ketua RT" not in text.split("8. Instansi")[1].split("\n")[0]
    assert "Pilih <b>Seksi Kegiatan</b>" in text
    assert card.buttons[0][0] == "Keagamaan" and len(card.button_data) == 9

    await bot.press(ADMIN, f"{kb.CB_PORTAL_SEKSI}{meeting.id}:3", message=card)
    text = card_text(bot)
    assert "5. Seksi Kegiatan: Reproduksi" in text
    likely = bot.api.edits(ADMIN.id)[-1]
    assert likely.buttons[0][0] == "Bina Keluarga Balita (BKB)"
    assert likely.buttons[1][0] == "Bina Keluarga Remaja (BKR)"
    await bot.press(ADMIN, f"{kb.CB_PORTAL_KATEGORI_PAGE}{meeting.id}:7", message=card)
    last_page = bot.api.edits(ADMIN.id)[-1]
    assert "Pengendalian vektor dan binatang pembawa penyakit" in [b for b, _ in last_page.buttons]
    await bot.press(ADMIN, f"{kb.CB_PORTAL_KATEGORI}{meeting.id}:5", message=card)
    text = card_text(bot)
    assert "6. Kategori Kegiatan: Bina Keluarga Balita (BKB)" in text
    assert "Pilih <b>Jenis Post</b>" in text  # the target groups were clear: not asked

    await bot.press(ADMIN, f"{kb.CB_PORTAL_JENIS}{meeting.id}:2", message=card)
    text = card_text(bot)
    assert "3 foto Kegiatan: Foto 1 ❓, Foto 2 (Penyuluhan KB oleh bidan), Foto 3 ❓" in text
    asked = bot.api.edits(ADMIN.id)[-1]
    post, photos = await post_rows(bot)
    first, _, third = (p.meeting_photo_id for p in photos)
    assert asked.button_data[:2] == [
        f"{kb.CB_PORTAL_CAPTION}{meeting.id}:{first}",
        f"{kb.CB_PORTAL_CAPTION}{meeting.id}:{third}",
    ]

    # A caption is required by the portal: typed, at most 255 characters.
    await bot.press(ADMIN, asked.button_data[0], message=card)
    assert "Ketik keterangan untuk <b>Foto 1</b>" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "x" * 256)
    assert "terlalu panjang" in bot.last_text(ADMIN)
    assert (await post_rows(bot))[1][0].caption is None
    await bot.send(ADMIN, "Penimbangan   balita")
    assert (await post_rows(bot))[1][0].caption == "Penimbangan balita"
    again = bot.api.last_sent(ADMIN.id)
    assert "Posting portal" in again.text and len(again.button_data) == 2  # Foto 3, Ubah
    bot.api.clear()
    await bot.press(ADMIN, f"{kb.CB_PORTAL_CAPTION}{meeting.id}:{third}", message=again)
    await bot.send(ADMIN, "Diskusi kader")

    # Complete: the fields to paste, then the photos as one album in the portal's order.
    sent = bot.api.sent(ADMIN.id)
    fields = next(c for c in sent if "Isian portal" in c.text)
    for label, value in [
        ("Judul Kegiatan", "Pertemuan Rutin Triwulan III Kampung KB Penyengat Rendah"),
        ("Tanggal", "15/08/2026"),
        ("Tempat", "Rumah Data RT 07, RT 07"),
        ("Deskripsi", "Pertemuan rutin triwulan III"),
        ("Seksi Kegiatan", "Reproduksi"),
        ("Kategori Kegiatan", "Bina Keluarga Balita (BKB)"),
        ("Peserta Kegiatan", "Keluarga yang memiliki Balita, Keluarga yang memiliki Remaja"),
        ("Instansi", "Puskesmas"),
        ("Jenis Post", "Kegiatan"),
    ]:
        assert f"<b>{label}</b>" in fields.text and f"<code>{value}" in fields.text, label
    assert "<code>Apotek Sehat</code>" in fields.text
    [album] = bot.api.of("sendMediaGroup")
    assert sent.index(fields) < sent.index(album)
    assert [(item["type"], item["media"], item.get("caption")) for item in album.media] == [
        ("photo", "ph-1", "Penimbangan balita"),
        ("photo", "ph-2", "Penyuluhan KB oleh bidan"),
        ("photo", "ph-3", "Diskusi kader"),
    ]
    done = next(c for c in reversed(sent) if "Posting portal" in c.text)
    assert f"{kb.CB_PORTAL_POSTED}{meeting.id}" in done.button_data

    # Sudah diposting: stored once, with who and when; a second press is harmless.
    await bot.press(ADMIN, f"{kb.CB_PORTAL_POSTED}{meeting.id}", message=done)
    post, _ = await post_rows(bot)
    member = await bot.member(ADMIN.id)
    assert post.posted_by_id == member.id and post.posted_at == bot.clock()
    assert "Sudah diposting oleh Rina Sekretaris" in card_text(bot)
    bot.clock.advance(timedelta(minutes=5))
    await bot.press(ADMIN, f"{kb.CB_PORTAL_POSTED}{meeting.id}", message=done)
    assert "Sudah ditandai" in bot.api.last_answer().params["text"]
    assert (await post_rows(bot))[0].posted_at == post.posted_at


async def test_before_after_post_takes_exactly_two_photos_without_captions(bot):
    meeting = await recorded_meeting(bot)
    card = await recap(bot)
    for data in (f"{kb.CB_PORTAL_SEKSI}{meeting.id}:8", f"{kb.CB_PORTAL_KATEGORI}{meeting.id}:0"):
        await bot.press(ADMIN, data, message=card)
    await bot.press(ADMIN, f"{kb.CB_PORTAL_JENIS}{meeting.id}:1", message=card)
    assert "Foto mana yang <b>Sebelum</b>" in card_text(bot)
    _, photos = await post_rows(bot)
    assert photos == []
    asked = bot.api.edits(ADMIN.id)[-1]
    sebelum = [d for d in asked.button_data if d.startswith(kb.CB_PORTAL_SEBELUM)]
    assert len(sebelum) == 3
    third = sebelum[2].rsplit(":", 1)[1]
    first = sebelum[0].rsplit(":", 1)[1]
    await bot.press(ADMIN, sebelum[2], message=card)
    await bot.press(ADMIN, f"{kb.CB_PORTAL_SESUDAH}{meeting.id}:{third}", message=card)
    assert "Sebelum" in bot.api.last_answer().params["text"]  # the same photo twice: refused
    bot.api.clear()
    await bot.press(ADMIN, f"{kb.CB_PORTAL_SESUDAH}{meeting.id}:{first}", message=card)
    [album] = bot.api.of("sendMediaGroup")
    assert [(item["media"], item.get("caption")) for item in album.media] == [
        ("ph-3", "Sebelum"),
        ("ph-1", "Sesudah"),
    ]
    fields = next(c for c in bot.api.sent(ADMIN.id) if "Isian portal" in c.text)
    assert "<code>Sebelum - Sesudah</code>" in fields.text
    assert "<code>* Lainnya</code>" in fields.text
    _, photos = await post_rows(bot)
    assert [(p.kind, p.caption) for p in photos] == [("Sebelum", None), ("Sesudah", None)]


async def test_forged_stale_and_bad_answers_change_nothing(bot):
    meeting = await recorded_meeting(bot)
    card = await recap(bot)
    before = await post_rows(bot)
    for person, data in [
        (CADRES[0], f"{kb.CB_PORTAL_SEKSI}{meeting.id}:3"),  # a cadre: not the secretary
        (ADMIN, f"{kb.CB_PORTAL_SEKSI}{meeting.id}:10"),  # no such Seksi
        (ADMIN, f"{kb.CB_PORTAL_KATEGORI}{meeting.id}:60"),  # no such Kategori
        (ADMIN, f"{kb.CB_PORTAL_SEKSI}{meeting.id + 1}:3"),  # no such meeting
        (ADMIN, f"{kb.CB_PORTAL_POSTED}{meeting.id}"),  # not complete yet
        (ADMIN, f"{kb.CB_PORTAL_SEBELUM}{meeting.id}:1"),  # not a before-after post
    ]:
        await bot.press(person, data, message=card)
        assert bot.api.last_answer().params.get("show_alert") is True, data
    after = await post_rows(bot)
    assert (after[0].seksi_id, after[0].kategori_id, after[0].posted_at) == (None, None, None)
    assert after[1] == before[1] == []


async def test_unclear_target_groups_are_asked_and_need_one(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, CADRES[0], "Siti Aminah", "03", "UPPKS")
    meeting = await create_one_line(bot)
    bot.clock.set(AUG_15_0900_WIB - timedelta(minutes=10))
    await bot.send(ADMIN, "/hadir")
    await bot.press(CADRES[0], f"att:me:{meeting.id}:y")
    bot.clock.set(AUG_15_0900_WIB + timedelta(hours=2))
    card = await recap(bot)
    assert "7. Peserta Kegiatan: ❓ belum dipilih" in card.text
    assert "8. Instansi: — (tidak ada narasumber/tamu" in card.text
    for data in (f"{kb.CB_PORTAL_SEKSI}{meeting.id}:4", f"{kb.CB_PORTAL_KATEGORI}{meeting.id}:49"):
        await bot.press(ADMIN, data, message=card)
    assert "Centang <b>Peserta Kegiatan</b>" in card_text(bot)
    await bot.press(ADMIN, f"{kb.CB_PORTAL_PESERTA_DONE}{meeting.id}", message=card)
    assert "minimal satu" in bot.api.last_answer().params["text"]
    await bot.press(ADMIN, f"{kb.CB_PORTAL_PESERTA}{meeting.id}:2", message=card)
    await bot.press(ADMIN, f"{kb.CB_PORTAL_PESERTA}{meeting.id}:9", message=card)  # typed in portal
    assert bot.api.last_answer().params.get("show_alert") is True
    await bot.press(ADMIN, f"{kb.CB_PORTAL_PESERTA_DONE}{meeting.id}", message=card)
    assert "7. Peserta Kegiatan: PUS" in card_text(bot)
    # No photos at all: a Kegiatan post without photos is allowed by the portal, and
    # Sebelum - Sesudah is refused with the reason.
    await bot.press(ADMIN, f"{kb.CB_PORTAL_JENIS}{meeting.id}:1", message=card)
    assert "perlu dua foto" in bot.api.last_answer().params["text"]
    await bot.press(ADMIN, f"{kb.CB_PORTAL_JENIS}{meeting.id}:2", message=card)
    assert "Semua isian lengkap" in card_text(bot)
    assert bot.api.of("sendMediaGroup")[-1].media[0]["type"] == "document"  # no photo album


async def test_another_kampungs_secretary_cannot_touch_the_post(bot):
    meeting = await recorded_meeting(bot)
    card = await recap(bot)
    b = await create_kampung(bot, OPERATOR, "Kampung KB Talang Banjar", "1, 2, 3")
    await appoint(bot, OPERATOR, b, SECRETARY_B)
    await join(bot, SECRETARY_B, b.invite_code, "Sari Sekretaris B", "01", "Pokja")
    before = await post_rows(bot)
    for data in (
        f"{kb.CB_PORTAL_SEKSI}{meeting.id}:3",
        f"{kb.CB_PORTAL_REDO}{meeting.id}",
        f"{kb.CB_PORTAL_CAPTION}{meeting.id}:1",
    ):
        start = len(bot.api.calls)
        await bot.press(SECRETARY_B, data, message=card)
        calls = bot.api.calls[start:]
        assert not [c for c in calls if c.method in ("sendMediaGroup", "editMessageText")]
        assert not any("Penyengat" in c.text or "Pembinaan" in c.text for c in calls)
    after = await post_rows(bot)
    assert after[0].seksi_id is None and after[0].updated_at == before[0].updated_at


async def test_two_presses_of_sudah_diposting_at_once_record_one(bot):
    meeting = await recorded_meeting(bot)
    card = await recap(bot)
    for data in (
        f"{kb.CB_PORTAL_SEKSI}{meeting.id}:1",
        f"{kb.CB_PORTAL_KATEGORI}{meeting.id}:11",
        f"{kb.CB_PORTAL_JENIS}{meeting.id}:1",
    ):
        await bot.press(ADMIN, data, message=card)
    _, photos = await post_rows(bot)
    ids = [d.rsplit(":", 1)[1] for d in bot.api.edits(ADMIN.id)[-1].button_data[:2]]
    await bot.press(ADMIN, f"{kb.CB_PORTAL_SEBELUM}{meeting.id}:{ids[0]}", message=card)
    await bot.press(ADMIN, f"{kb.CB_PORTAL_SESUDAH}{meeting.id}:{ids[1]}", message=card)
    message = card.result
    async with bot.started():
        await bot.feed(
            bot.press_update(ADMIN, f"{kb.CB_PORTAL_POSTED}{meeting.id}", message),
            bot.press_update(ADMIN, f"{kb.CB_PORTAL_POSTED}{meeting.id}", message),
        )
        await bot.drain()
    answers = [a.params.get("text") or "" for a in bot.api.answers()[-2:]]
    assert sum("Ditandai sudah diposting" in a for a in answers) == 1
    assert sum("Sudah ditandai" in a for a in answers) == 1
    post, _ = await post_rows(bot)
    assert post.posted_at is not None and photos == []


async def test_operator_overview_counts_meetings_not_yet_posted(bot):
    meeting = await recorded_meeting(bot)
    await bot.send(OPERATOR, "/ringkasan")
    assert "Belum diposting di portal: 1 kegiatan" in " ".join(bot.api.texts(OPERATOR.id))
    card = await recap(bot)
    for data in (
        f"{kb.CB_PORTAL_SEKSI}{meeting.id}:1",
        f"{kb.CB_PORTAL_KATEGORI}{meeting.id}:11",
        f"{kb.CB_PORTAL_JENIS}{meeting.id}:2",
    ):
        await bot.press(ADMIN, data, message=card)
    for data in list(bot.api.edits(ADMIN.id)[-1].button_data):
        if data.startswith(kb.CB_PORTAL_CAPTION):
            await bot.press(ADMIN, data, message=card)
            await bot.send(ADMIN, "Kegiatan")
    await bot.press(ADMIN, f"{kb.CB_PORTAL_POSTED}{meeting.id}")
    bot.api.clear()
    await bot.send(OPERATOR, "/ringkasan")
    assert "Belum diposting" not in " ".join(bot.api.texts(OPERATOR.id))
