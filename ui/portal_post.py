"""The portal post of a meeting: its facts in the portal's terms and its buttons.

``meeting_facts`` fills the plain ``PostFacts`` from a meeting's recap (a Poktan
session will fill the same dataclass); the keyboards ask only what the bot cannot
know, one step at a time (models/portal/posts.py ``next_step``).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from models.attendance import Recap
from models.portal.lists import (
    JENIS_KEGIATAN,
    JENIS_POST,
    KATEGORI,
    KATEGORI_LAINNYA,
    KATEGORI_LAINNYA_NAME,
    KEGIATAN_PHOTOS_MAX,
    PESERTA,
    PESERTA_LAINNYA,
    SEKSI,
)
from models.portal.posts import PostView, Step
from models.portal.prefill import TITLE_MAX, PostFacts, clip, kategori_page, likely_kategori
from ui import keyboards as kb
from ui.keyboards import button
from ui.texts import attendance as recap_texts
from ui.texts import portal as t
from ui.texts.common import rt_label

KATEGORI_PAGE_SIZE = 8
KATEGORI_PAGES = -(-len(KATEGORI) // KATEGORI_PAGE_SIZE)
BUTTON_CHARS = 60  # longer names are cut on the button (the card shows them whole)
PHOTO_BUTTONS_MAX = 20  # Sebelum/Sesudah and picking offer the first 20 photos


def meeting_facts(recap: Recap, kampung_name: str, tz: ZoneInfo) -> PostFacts:
    """What the bot knows of a quarterly meeting, in the portal's fields."""
    meeting = recap.meeting
    quarter = meeting.quarter(tz)
    title = f"Pertemuan Rutin Triwulan {quarter.roman} {kampung_name}: {meeting.topic}"
    return PostFacts(
        title=clip(" ".join(title.split()), TITLE_MAX),
        day=meeting.local_start(tz).date(),
        place=f"{meeting.venue}, {rt_label(meeting.host_rt)}",
        description=recap_texts.portal_paragraph(recap, kampung_name, tz),
        speaker_agencies=tuple(s.institution for s in meeting.speakers),
        guest_roles=tuple(g.role for g in recap.guests),
        poktan_present=tuple(sorted({str(row.poktan) for row in recap.present_rows})),
        about=meeting.topic,
    )


def _rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def _data(prefix: str, meeting_id: int, value: int | None = None) -> str:
    return f"{prefix}{meeting_id}" if value is None else f"{prefix}{meeting_id}:{value}"


def kategori_keyboard(
    meeting_id: int, facts: PostFacts, page: int
) -> list[list[InlineKeyboardButton]]:
    """The likely categories (page -1) or one page of all 59, with "* Lainnya"."""
    if page < 0:
        names = dict(KATEGORI)
        entries = [(key, names[key]) for key in likely_kategori(facts)]
    else:
        entries = list(kategori_page(page, KATEGORI_PAGE_SIZE))
    rows = [
        [button(clip(name, BUTTON_CHARS), _data(kb.CB_PORTAL_KATEGORI, meeting_id, key))]
        for key, name in entries
    ]
    if page < 0:
        rows.append([button(t.BTN_ALL_KATEGORI, _data(kb.CB_PORTAL_KATEGORI_PAGE, meeting_id, 0))])
    else:
        moves = [button(t.BTN_LIKELY_KATEGORI, _data(kb.CB_PORTAL_KATEGORI_PAGE, meeting_id, -1))]
        if page > 0:
            moves.insert(
                0,
                button(
                    recap_texts.BTN_PREV, _data(kb.CB_PORTAL_KATEGORI_PAGE, meeting_id, page - 1)
                ),
            )
        if page + 1 < KATEGORI_PAGES:
            moves.append(
                button(
                    recap_texts.BTN_NEXT, _data(kb.CB_PORTAL_KATEGORI_PAGE, meeting_id, page + 1)
                )
            )
        rows.append(moves)
    rows.append(
        [
            button(
                KATEGORI_LAINNYA_NAME,
                _data(kb.CB_PORTAL_KATEGORI, meeting_id, KATEGORI_LAINNYA),
            )
        ]
    )
    return rows


def _photo_buttons(view: PostView, prefix: str, meeting_id: int) -> list[InlineKeyboardButton]:
    chosen = {p.photo_id for p in view.chosen}
    buttons = []
    for number, photo in enumerate(view.available[:PHOTO_BUTTONS_MAX], start=1):
        mark = "✅ " if photo.id in chosen and prefix == kb.CB_PORTAL_PICK else ""
        buttons.append(button(f"{mark}Foto {number}", _data(prefix, meeting_id, photo.id)))
    return buttons


def post_keyboard(
    view: PostView, facts: PostFacts, *, kategori_page_shown: int = -1
) -> InlineKeyboardMarkup:
    """The buttons for the next answer (or, when complete, Sudah diposting)."""
    post = view.post
    meeting_id = post.meeting_id or 0
    step = view.step
    rows: list[list[InlineKeyboardButton]] = []
    if post.posted_at is not None:
        rows.append([button(t.BTN_SEND_AGAIN, _data(kb.CB_PORTAL_SEND, meeting_id))])
        return InlineKeyboardMarkup(rows)
    if step is Step.SEKSI:
        rows = _rows(
            [button(name, _data(kb.CB_PORTAL_SEKSI, meeting_id, key)) for key, name in SEKSI], 2
        )
    elif step is Step.KATEGORI:
        rows = kategori_keyboard(meeting_id, facts, kategori_page_shown)
    elif step is Step.PESERTA:
        ticked = set(post.peserta_ids)
        rows = [
            [
                button(
                    ("✅ " if key in ticked else "▫️ ") + name,
                    _data(kb.CB_PORTAL_PESERTA, meeting_id, key),
                )
            ]
            for key, name in PESERTA
            if key != PESERTA_LAINNYA
        ]
        rows.append([button(t.BTN_PESERTA_DONE, _data(kb.CB_PORTAL_PESERTA_DONE, meeting_id))])
    elif step is Step.JENIS:
        rows = [
            [button(name, _data(kb.CB_PORTAL_JENIS, meeting_id, key)) for key, name in JENIS_POST]
        ]
    elif step is Step.SEBELUM:
        rows = _rows(_photo_buttons(view, kb.CB_PORTAL_SEBELUM, meeting_id), 4)
    elif step is Step.SESUDAH:
        rows = _rows(_photo_buttons(view, kb.CB_PORTAL_SESUDAH, meeting_id), 4)
    elif step is Step.CAPTION:
        numbers = {photo.id: n for n, photo in enumerate(view.available, start=1)}
        rows = [
            [
                button(
                    f"✍️ Keterangan Foto {numbers[p.photo_id]}",
                    _data(kb.CB_PORTAL_CAPTION, meeting_id, p.photo_id),
                )
            ]
            for p in view.chosen
            if not p.caption
        ]
    else:
        rows = [
            [button(t.BTN_POSTED, _data(kb.CB_PORTAL_POSTED, meeting_id))],
            [button(t.BTN_SEND_AGAIN, _data(kb.CB_PORTAL_SEND, meeting_id))],
        ]
    if (
        post.jenis_post_id == JENIS_KEGIATAN
        and len(view.available) > KEGIATAN_PHOTOS_MAX
        and step in (Step.CAPTION, Step.DONE)
    ):
        rows += _rows(_photo_buttons(view, kb.CB_PORTAL_PICK, meeting_id), 5)
    if step is not Step.SEKSI:
        rows.append([button(t.BTN_PORTAL_REDO, _data(kb.CB_PORTAL_REDO, meeting_id))])
    return InlineKeyboardMarkup(rows)
