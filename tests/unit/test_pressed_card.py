"""The rule of a stale RSVP card (``models.pressed_card.card_state``), at its bounds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.pressed_card import PressedCard, card_state

CHANGED_AT = datetime(2026, 8, 10, 3, 0, tzinfo=UTC)
MEETING = 7


def test_a_broadcast_card_is_stale_only_when_a_change_came_after_it():
    assert card_state(MEETING, 10, MEETING, None, None, CHANGED_AT) == PressedCard(10, False)
    assert card_state(MEETING, 10, MEETING, 9, CHANGED_AT, CHANGED_AT) == PressedCard(10, False)
    assert card_state(MEETING, 10, MEETING, 10, CHANGED_AT, CHANGED_AT) == PressedCard(10, False)
    assert card_state(MEETING, 10, MEETING, 11, CHANGED_AT, CHANGED_AT) == PressedCard(10, True)


def test_a_broadcast_of_another_meeting_counts_as_a_plain_message():
    before = CHANGED_AT - timedelta(minutes=1)
    assert card_state(MEETING, 10, 8, 11, CHANGED_AT, before) == PressedCard(None, True)
    assert card_state(MEETING, 10, 8, None, None, before) == PressedCard(None, False)


def test_a_jadwal_card_is_stale_when_dated_a_whole_second_before_the_change():
    # Telegram dates are whole seconds: a message dated in the change's own second may
    # be the card shown after it.
    same_second = CHANGED_AT.replace(microsecond=0)
    late = CHANGED_AT + timedelta(milliseconds=400)
    assert card_state(MEETING, None, None, 11, late, same_second) == PressedCard(None, False)
    second_before = same_second - timedelta(seconds=1)
    assert card_state(MEETING, None, None, 11, late, second_before) == PressedCard(None, True)
    assert card_state(MEETING, None, None, None, None, second_before) == PressedCard(None, False)
