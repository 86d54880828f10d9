"""What the bot fills in on the portal's form by itself (models/portal/prefill.py), and
the pure step rule of a post (models/portal/posts.py ``next_step``): no bot, no database."""

from __future__ import annotations

from datetime import date

import pytest

from models.portal import lists
from models.portal.posts import PortalPost, PostPhoto, PostView, Step, next_step
from models.portal.prefill import (
    Agency,
    PostFacts,
    agencies,
    clean_caption,
    likely_kategori,
    match_instansi,
    peserta_from_poktan,
)


def facts(**extra: object) -> PostFacts:
    base: dict[str, object] = {
        "title": "Pertemuan Rutin Triwulan III Kampung KB Melati: Pembinaan Poktan",
        "day": date(2026, 8, 15),
        "place": "Balai RW 02, RT 03",
        "description": "…",
    }
    base.update(extra)
    return PostFacts(**base)  # type: ignore[arg-type]


def test_the_lists_are_the_portals_seeders():
    assert len(lists.KATEGORI) == 59 and [k for k, _ in lists.KATEGORI] == list(range(1, 60))
    assert len(lists.INSTANSI) == 37 and lists.name_of(lists.INSTANSI, 37) == "Lainnya"
    assert [name for _, name in lists.SEKSI][-1] == "Lainnya" and len(lists.SEKSI) == 9
    assert lists.name_of(lists.JENIS_POST, 1) == "Sebelum - Sesudah"
    assert lists.kategori_name(0) == "* Lainnya"
    assert all(name == name.strip() for _, name in lists.KATEGORI)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Puskesmas Penyengat", 30),
        ("Bidan Puskesmas Sukamaju", 30),
        ("Dinas Kesehatan Kab. Bantul", 19),
        ("dinas   kesehatan", 19),  # case and spaces do not matter
        ("Perwakilan BKKBN Provinsi Riau", 34),
        ("TNI - POLRI", 6),  # the list's en dash or a hyphen
        ("BPS Kota Dumai", 33),
        ("PKB Kecamatan", None),  # not a name of the list
        ("Apotek Sehat", None),
        ("Pemerintahan Desa/Lurah Sukamaju", 27),
        ("Puskesmasku", None),  # whole words only
        ("Lainnya", None),  # 37 is never matched, only typed
    ],
)
def test_agency_names_match_the_portals_list_as_whole_words(text, expected):
    assert match_instansi(text) == expected


def test_agencies_from_speakers_and_guests():
    found = agencies(
        facts(
            speaker_agencies=("Puskesmas Penyengat", "Apotek  Sehat", "apotek sehat", ""),
            guest_roles=("Bidan Dinas Kesehatan", "Ketua RT 07", "Kepala Puskesmas"),
        )
    )
    assert found == [
        Agency(30, "Puskesmas"),
        Agency(37, "Apotek Sehat"),  # typed: "Instansi Lainnya: Apotek Sehat", once
        Agency(19, "Dinas Kesehatan"),  # a guest's role naming an agency of the list
    ]  # "Ketua RT 07" is a job, not an agency; the second Puskesmas is not repeated
    assert found[1].typed and not found[0].typed


@pytest.mark.parametrize(
    ("poktan", "ids", "unclear"),
    [
        (["BKB"], (6,), False),
        (["BKB", "BKR", "BKL"], (6, 7, 8), False),
        (["PIK-R", "Pokja"], (3,), False),  # Pokja organises: not a target group
        (["BKL", "UPPKS"], (8,), True),  # UPPKS names no group of its own: ask
        (["UPPKA"], (), True),  # a Poktan session's kind
        (["Pokja", "Lainnya"], (), True),
        ([], (), True),
    ],
)
def test_target_groups_from_the_poktan_present(poktan, ids, unclear):
    guess = peserta_from_poktan(poktan)
    assert (guess.ids, guess.unclear) == (ids, unclear)


def test_likely_categories_put_the_poktans_own_first_then_words_of_the_title():
    assert likely_kategori(facts(poktan_present=("BKL", "BKB")))[:2] == [7, 5]
    words = likely_kategori(facts(title="Penyuluhan calon pengantin", about="Bimbingan"))
    assert words[0] == 10  # Bimbingan Calon Pengantin
    assert len(likely_kategori(facts(poktan_present=("BKB", "BKR", "BKL", "PIK-R")))) <= 6
    assert likely_kategori(facts(title="Arisan", about="")) == []


def test_captions_are_trimmed_and_cut_to_the_portals_limit():
    assert clean_caption("  Penimbangan \n balita ") == "Penimbangan balita"
    assert clean_caption("   ") is None and clean_caption(None) is None
    assert len(clean_caption("x" * 300) or "") == lists.CAPTION_MAX


def _view(jenis: int | None, chosen: tuple[PostPhoto, ...] = (), **post: object) -> PostView:
    values: dict[str, object] = {
        "seksi_id": 3,
        "kategori_id": 5,
        "peserta": "6",
        "peserta_confirmed": True,
        "jenis_post_id": jenis,
    }
    values.update(post)
    return PostView(PortalPost(**values), chosen, ())


def test_steps_follow_the_portals_order_of_fields():
    assert next_step(_view(None, seksi_id=None, kategori_id=None)) is Step.SEKSI
    assert next_step(_view(None, kategori_id=None, peserta_confirmed=False)) is Step.KATEGORI
    assert next_step(_view(None, peserta_confirmed=False)) is Step.PESERTA
    assert next_step(_view(None)) is Step.JENIS
    assert next_step(_view(1)) is Step.SEBELUM
    sebelum = PostPhoto(1, "f1", "Sebelum", None)
    assert next_step(_view(1, (sebelum,))) is Step.SESUDAH
    assert next_step(_view(1, (sebelum, PostPhoto(2, "f2", "Sesudah", None)))) is Step.DONE
    captioned, bare = PostPhoto(1, "f1", "Kegiatan", "Ada"), PostPhoto(2, "f2", "Kegiatan", None)
    assert next_step(_view(2, (captioned, bare))) is Step.CAPTION
    assert next_step(_view(2, (captioned,))) is Step.DONE
    assert next_step(_view(2)) is Step.DONE  # no photos: the portal allows it
