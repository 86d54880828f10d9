"""The portal post's texts fit Telegram's messages whatever the minutes' length."""

from __future__ import annotations

from datetime import date

from models.portal.posts import PortalPost, PostPhoto, PostView
from models.portal.prefill import Agency, PostFacts
from ui import texts
from ui.texts import portal as t
from ui.texts.common import MAX_MESSAGE_LENGTH, visible_length


def _view() -> PostView:
    post = PortalPost(
        meeting_id=1,
        seksi_id=3,
        kategori_id=5,
        peserta="6,7",
        peserta_confirmed=True,
        jenis_post_id=2,
        posted_at=None,
    )
    return PostView(post, (PostPhoto(1, "f1", "Kegiatan", "Ada"),), ())


def test_a_long_description_with_line_breaks_still_makes_valid_messages():
    minutes = "\n".join(f"Baris notulen nomor {n} <penting> & lanjut." for n in range(150))
    facts = PostFacts("Judul", date(2026, 8, 15), "Balai RW 02", "Pertemuan. " + minutes)
    agencies = [Agency(30, "Puskesmas"), Agency(37, "Apotek Sehat")]
    card = t.post_card(facts, _view(), agencies)
    assert visible_length(card) <= MAX_MESSAGE_LENGTH
    assert "<i>" in card and "\n" not in card.split("<i>")[1].split("</i>")[0]
    messages = [
        c for text in t.post_fields(facts, _view(), agencies) for c in texts.split_message(text)
    ]
    assert all(visible_length(m) <= MAX_MESSAGE_LENGTH for m in messages)
    assert all(m.count("<code>") == m.count("</code>") for m in messages)
    joined = "\n".join(messages)
    assert "Baris notulen nomor 149 &lt;penting&gt; &amp; lanjut." in joined  # nothing lost
    assert "<code>Reproduksi</code>" in joined and "Instansi Lainnya" not in joined
    assert "<code>Apotek Sehat</code>" in joined


def test_a_short_post_is_one_message_of_fields():
    facts = PostFacts("Judul", date(2026, 8, 15), "Balai", "Singkat.")
    [message] = t.post_fields(facts, _view(), [])
    assert "<code>15/08/2026</code>" in message and "tidak ada narasumber/tamu" in message
