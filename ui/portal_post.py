"""The portal post of an activity: its facts in the portal's terms and its buttons.

``meeting_facts`` fills the plain ``PostFacts`` from a meeting's recap, ``session_facts``
from a Poktan session; the keyboards (the same for both, their data naming the
activity through ``PostRef``) ask only what the bot cannot know, one step at a time
(models/portal/posts.py ``next_step``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from models.attendance import Recap
from models.poktan.groups import PoktanGroup
from models.poktan.sessions import PoktanSession
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
from models.portal.posts import PortalPost, PostView, Step
from models.portal.prefill import TITLE_MAX, PostFacts, clip, kategori_page, likely_kategori
from ui import keyboards as kb
from ui import keyboards_poktan as kbp
from ui.keyboards import button
from ui.texts import attendance as recap_texts
from ui.texts import portal as t
from ui.texts import portal_poktan as tp
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


@dataclass(frozen=True)
class PostRef:
    """Which activity a post's buttons act on: a meeting (``pp:<action>:<meeting>``)
    or a Poktan session (``pq:<action>:<group>:<session>``)."""

    meeting_id: int | None = None
    group_id: int | None = None
    session_id: int | None = None

    @property
    def is_session(self) -> bool:
        return self.session_id is not None

    def data(self, prefix: str, value: int | None = None) -> str:
        """``prefix`` is the meeting's (``kb.CB_PORTAL_*``); a session's post uses the
        same button's ``pq:`` prefix."""
        if self.is_session:
            head = f"{kbp.PORTAL_POKTAN_PREFIX[prefix]}{self.group_id}:{self.session_id}"
        else:
            head = f"{prefix}{self.meeting_id}"
        return head if value is None else f"{head}:{value}"

    def open_data(self) -> str:
        return f"{kbp.CB_PORTAL_POKTAN_OPEN}{self.group_id}:{self.session_id}"


_MEETING_DATA = re.compile(r"^pp:([a-z]{1,4}):(\d{1,9})(?::(-?\d{1,9}))?\Z")
_SESSION_DATA = re.compile(r"^pq:([a-z]{1,4}):(\d{1,9}):(\d{1,9})(?::(-?\d{1,9}))?\Z")


@dataclass(frozen=True)
class Pressed:
    """A post button's data read back: the activity, the action, its value if any."""

    ref: PostRef
    action: str
    value: int | None


def read_press(data: str | None) -> Pressed | None:
    """A post button's data (either kind), or None when it is not one."""
    if (found := _MEETING_DATA.match(data or "")) is not None:
        action, meeting, value = found.groups()
        return Pressed(PostRef(meeting_id=int(meeting)), action, _int(value))
    if (found := _SESSION_DATA.match(data or "")) is not None:
        action, group, session, value = found.groups()
        return Pressed(PostRef(group_id=int(group), session_id=int(session)), action, _int(value))
    return None


def _int(text: str | None) -> int | None:
    return int(text) if text is not None else None


def session_facts(
    record: PoktanSession,
    group: PoktanGroup,
    kampung_name: str,
    *,
    present: int,
    families: int,
    photos: int,
) -> PostFacts:
    """What the bot knows of a Poktan session held, in the portal's fields.

    Speakers/agencies are typed by the chair as one text ("Bidan Desa, PLKB
    Kecamatan"): each part between commas, semicolons or lines is an agency (a list
    entry where its name is in it, otherwise typed), as a meeting speaker's institution.
    """
    day: date = record.held_on
    title = tp.session_title(group.kind, group.name, kampung_name, record.topic)
    parts = tuple(p.strip() for p in re.split(r"[,;\n]", record.speakers or "") if p.strip())
    return PostFacts(
        title=clip(" ".join(title.split()), TITLE_MAX),
        day=day,
        place=tp.session_place(record.place, group.rt_list, kampung_name),
        description=tp.session_description(
            kind=group.kind,
            group_name=group.name,
            kampung_name=kampung_name,
            day=day,
            topic=record.topic,
            present=present,
            families=families,
            typed_count=record.present_count is not None,
            speakers=record.speakers,
            photos=photos,
        ),
        speaker_agencies=parts,
        poktan_present=(group.kind.value,),
        about=f"{group.kind.value} {record.topic or ''}",
    )


def _rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def ref_of(post: PortalPost, group_id: int | None = None) -> PostRef:
    """The activity of ``post`` (a session's post needs its group's id)."""
    if post.poktan_session_id is not None:
        return PostRef(group_id=group_id, session_id=post.poktan_session_id)
    return PostRef(meeting_id=post.meeting_id)


def kategori_keyboard(
    ref: PostRef, facts: PostFacts, page: int
) -> list[list[InlineKeyboardButton]]:
    """The likely categories (page -1) or one page of all 59, with "* Lainnya"."""
    if page < 0:
        names = dict(KATEGORI)
        entries = [(key, names[key]) for key in likely_kategori(facts)]
    else:
        entries = list(kategori_page(page, KATEGORI_PAGE_SIZE))
    rows = [
        [button(clip(name, BUTTON_CHARS), ref.data(kb.CB_PORTAL_KATEGORI, key))]
        for key, name in entries
    ]
    if page < 0:
        rows.append([button(t.BTN_ALL_KATEGORI, ref.data(kb.CB_PORTAL_KATEGORI_PAGE, 0))])
    else:
        moves = [button(t.BTN_LIKELY_KATEGORI, ref.data(kb.CB_PORTAL_KATEGORI_PAGE, -1))]
        if page > 0:
            moves.insert(
                0,
                button(recap_texts.BTN_PREV, ref.data(kb.CB_PORTAL_KATEGORI_PAGE, page - 1)),
            )
        if page + 1 < KATEGORI_PAGES:
            moves.append(
                button(recap_texts.BTN_NEXT, ref.data(kb.CB_PORTAL_KATEGORI_PAGE, page + 1))
            )
        rows.append(moves)
    rows.append(
        [
            button(
                KATEGORI_LAINNYA_NAME,
                ref.data(kb.CB_PORTAL_KATEGORI, KATEGORI_LAINNYA),
            )
        ]
    )
    return rows


def _photo_buttons(view: PostView, prefix: str, ref: PostRef) -> list[InlineKeyboardButton]:
    chosen = {p.photo_id for p in view.chosen}
    buttons = []
    for number, photo in enumerate(view.available[:PHOTO_BUTTONS_MAX], start=1):
        mark = "✅ " if photo.id in chosen and prefix == kb.CB_PORTAL_PICK else ""
        buttons.append(button(f"{mark}Foto {number}", ref.data(prefix, photo.id)))
    return buttons


def post_keyboard(
    view: PostView, facts: PostFacts, *, kategori_page_shown: int = -1, ref: PostRef | None = None
) -> InlineKeyboardMarkup:
    """The buttons for the next answer (or, when complete, Sudah diposting)."""
    post = view.post
    ref = ref or ref_of(post)
    step = view.step
    rows: list[list[InlineKeyboardButton]] = []
    if post.posted_at is not None:
        rows.append([button(t.BTN_SEND_AGAIN, ref.data(kb.CB_PORTAL_SEND))])
        return InlineKeyboardMarkup(rows)
    if step is Step.SEKSI:
        rows = _rows([button(name, ref.data(kb.CB_PORTAL_SEKSI, key)) for key, name in SEKSI], 2)
    elif step is Step.KATEGORI:
        rows = kategori_keyboard(ref, facts, kategori_page_shown)
    elif step is Step.PESERTA:
        ticked = set(post.peserta_ids)
        rows = [
            [
                button(
                    ("✅ " if key in ticked else "▫️ ") + name,
                    ref.data(kb.CB_PORTAL_PESERTA, key),
                )
            ]
            for key, name in PESERTA
            if key != PESERTA_LAINNYA
        ]
        rows.append([button(t.BTN_PESERTA_DONE, ref.data(kb.CB_PORTAL_PESERTA_DONE))])
    elif step is Step.JENIS:
        rows = [[button(name, ref.data(kb.CB_PORTAL_JENIS, key)) for key, name in JENIS_POST]]
    elif step is Step.SEBELUM:
        rows = _rows(_photo_buttons(view, kb.CB_PORTAL_SEBELUM, ref), 4)
    elif step is Step.SESUDAH:
        rows = _rows(_photo_buttons(view, kb.CB_PORTAL_SESUDAH, ref), 4)
    elif step is Step.CAPTION:
        numbers = {photo.id: n for n, photo in enumerate(view.available, start=1)}
        rows = [
            [
                button(
                    f"✍️ Keterangan Foto {numbers[p.photo_id]}",
                    ref.data(kb.CB_PORTAL_CAPTION, p.photo_id),
                )
            ]
            for p in view.chosen
            if not p.caption
        ]
    else:
        rows = [
            [button(t.BTN_POSTED, ref.data(kb.CB_PORTAL_POSTED))],
            [button(t.BTN_SEND_AGAIN, ref.data(kb.CB_PORTAL_SEND))],
        ]
    if (
        post.jenis_post_id == JENIS_KEGIATAN
        and len(view.available) > KEGIATAN_PHOTOS_MAX
        and step in (Step.CAPTION, Step.DONE)
    ):
        rows += _rows(_photo_buttons(view, kb.CB_PORTAL_PICK, ref), 5)
    if step is not Step.SEKSI:
        rows.append([button(t.BTN_PORTAL_REDO, ref.data(kb.CB_PORTAL_REDO))])
    return InlineKeyboardMarkup(rows)
