"""Keyboards of what a meeting leaves behind: the recap of any meeting, its minutes and
photos, and the callback prefixes of its portal post."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup

from ui import texts
from ui.keyboards.common import button

# --- recaps of any meeting, minutes and photos ----------------------------------------------

CB_RECAP_PICK = "rekap:m:"  # + meeting id
CB_RECAP_PHOTOS = "rekap:foto:"  # + meeting id
CB_MINUTES_PICK = "mnt:m:"  # + meeting id


def recap_choice(choices: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(label, f"{CB_RECAP_PICK}{meeting_id}")] for meeting_id, label in choices]
    )


def recap_photos(meeting_id: int, count: int) -> InlineKeyboardMarkup | None:
    if not count:
        return None
    return InlineKeyboardMarkup(
        [[button(texts.photos_button(count), f"{CB_RECAP_PHOTOS}{meeting_id}")]]
    )


def minutes_choice(choices: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(label, f"{CB_MINUTES_PICK}{meeting_id}")] for meeting_id, label in choices]
    )


# --- the portal post of a meeting (ui/portal_post.py builds the keyboards) ----------------------
# Each is followed by the meeting id, then ":" and the answer where there is one.

CB_PORTAL_SEKSI = "pp:s:"  # + meeting id : seksi id
CB_PORTAL_KATEGORI = "pp:k:"  # + meeting id : kategori id (0: Lainnya)
CB_PORTAL_KATEGORI_PAGE = "pp:kp:"  # + meeting id : page (-1: the likely ones)
CB_PORTAL_PESERTA = "pp:p:"  # + meeting id : peserta id (tick/untick)
CB_PORTAL_PESERTA_DONE = "pp:po:"  # + meeting id
CB_PORTAL_JENIS = "pp:j:"  # + meeting id : jenis post id
CB_PORTAL_SEBELUM = "pp:sb:"  # + meeting id : meeting photo id
CB_PORTAL_SESUDAH = "pp:ss:"  # + meeting id : meeting photo id
CB_PORTAL_PICK = "pp:f:"  # + meeting id : meeting photo id (in/out of a Kegiatan album)
CB_PORTAL_CAPTION = "pp:c:"  # + meeting id : meeting photo id (starts the caption flow)
CB_PORTAL_REDO = "pp:redo:"  # + meeting id
CB_PORTAL_SEND = "pp:send:"  # + meeting id
CB_PORTAL_POSTED = "pp:ok:"  # + meeting id
