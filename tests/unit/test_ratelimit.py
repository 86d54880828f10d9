"""The send window counts a message until its answer came back."""

from bot.ratelimit import Limits, SendWindow


def test_a_send_counts_from_its_answer_not_from_its_departure():
    window = SendWindow(Limits(per_second=3))
    first = window.record(1, now=0.0)
    window.record(2, now=0.1)
    window.record(3, now=0.2)
    assert round(window.delay(4, now=0.5), 6) == 0.5  # the first left at 0.0: free at 1.0
    window.settle(first, now=0.4)  # but Telegram may have had it only at 0.4
    # Then three sends stand in the second before 1.1 (0.1, 0.2, 0.4): wait for the 0.1 one.
    assert round(window.delay(4, now=0.5), 6) == 0.6


def test_a_chat_waits_a_second_after_the_answer_to_its_last_message():
    window = SendWindow()
    send = window.record(42, now=10.0)
    window.settle(send, now=10.3)
    assert round(window.delay(42, now=10.5), 6) == 0.8
    assert window.delay(43, now=10.5) == 0
