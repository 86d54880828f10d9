"""Helpers every text module uses: HTML escaping, Telegram's message length, labels.

Texts are sent as HTML: anything a user typed must go through ``esc()`` first.
"""

from __future__ import annotations

import re
from html import escape, unescape

from models.member import MemberRole, Poktan

MAX_MESSAGE_LENGTH = 4096


def esc(text: str | None) -> str:
    return escape(text or "", quote=False)


def plain(html: str) -> str:
    """The text Telegram shows for ``html``: tags dropped, entities read ("&amp;" is "&").

    For popups (``answerCallbackQuery``), which are plain text: an HTML text shown there
    as is would read "PKK &amp; Karang Taruna" or "<code>…</code>".
    """
    return unescape(re.sub(r"<[^>]+>", "", html))


def visible_length(html: str) -> int:
    """Length as Telegram counts it: after the HTML tags and entities are parsed."""
    return len(plain(html))


def _cut_point(line: str, limit: int) -> int:
    """Where to cut an over-long line: at a space, never inside a tag or an entity.

    A raw prefix of ``limit`` characters is never longer than ``limit`` as
    Telegram counts it, so the cut is searched for inside that prefix.
    """
    prefix = line[:limit]
    cut = prefix.rfind(" ")
    if cut <= limit // 2:
        cut = limit  # no space near the end: cut the word, but not a tag or entity
    for opening, closing in (("<", ">"), ("&", ";")):
        start = prefix.rfind(opening, 0, cut)
        if start > prefix.rfind(closing, 0, cut):
            cut = start
    return max(cut, 1)


def split_message(html: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Split a long text at line breaks into messages Telegram accepts.

    Lines are never cut inside, so HTML tags (which never span lines here) stay
    balanced; a single over-long line is cut at the limit as a last resort.
    """
    chunks: list[str] = []
    current: list[str] = []
    for line in html.split("\n"):
        while visible_length(line) > limit:
            cut = _cut_point(line, limit)
            chunks.append(line[:cut])
            line = line[cut:].lstrip(" ")
        candidate = "\n".join([*current, line])
        if current and visible_length(candidate) > limit:
            chunks.append("\n".join(current))
            current = [line]
        else:
            current.append(line)
    if current:
        chunks.append("\n".join(current))
    return chunks


POKTAN_LABELS: dict[Poktan, str] = {
    Poktan.BKB: "BKB (Bina Keluarga Balita)",
    Poktan.BKR: "BKR (Bina Keluarga Remaja)",
    Poktan.BKL: "BKL (Bina Keluarga Lansia)",
    Poktan.UPPKS: "UPPKS (ekonomi keluarga)",
    Poktan.PIK_R: "PIK-R (remaja)",
    Poktan.POKJA: "Pokja Kampung KB",
    Poktan.OTHER: "Lainnya",
}


def rt_label(rt: str | None) -> str:
    return f"RT {rt}" if rt else "-"


def poktan_label(poktan: Poktan | None) -> str:
    return poktan.value if poktan else "-"


def role_label(role: MemberRole) -> str:
    return "Admin (sekretaris Pokja)" if role is MemberRole.ADMIN else "Kader"
