"""What every keyboard is made of: a callback button (its data at most 64 bytes) and rows.

Callback data is a short prefixed string that any client can forge: every handler
re-checks rights and state on the server.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton

MAX_CALLBACK_BYTES = 64


def button(text: str, data: str) -> InlineKeyboardButton:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return InlineKeyboardButton(text, callback_data=data)


def rows(buttons: Iterable[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    result: list[list[InlineKeyboardButton]] = []
    for item in buttons:
        if not result or len(result[-1]) == per_row:
            result.append([])
        result[-1].append(item)
    return result
