"""The send window counts a message when Telegram most likely received it: halfway
through its round trip (an estimate while it is in flight), plus a safety margin."""

import pytest

from delivery.limiter import Limits, SendWindow


def test_a_send_counts_from_the_middle_of_its_round_trip():
    window = SendWindow(Limits(per_second=3, margin=0))
    first = window.record(1, now=0.0)
    window.record(2, now=0.1)
    window.record(3, now=0.2)
    assert window.delay(4, now=0.5) == pytest.approx(0.5)  # the first left at 0.0: free at 1.0
    window.settle(first, now=0.4)  # answered at 0.4: Telegram had it at about 0.2
    # A new send is now expected to arrive 0.2 s after it leaves; the window holds
    # arrivals 0.1, 0.2, 0.2, so a send leaving at 0.9 arrives at 1.1: in time.
    assert window.half_trip == pytest.approx(0.2)
    assert window.delay(4, now=0.5) == pytest.approx(0.4)


def test_a_round_trip_does_not_slow_the_steady_rate():
    """With 150 ms round trips, 30 sends are still free to go every second."""
    window = SendWindow(Limits(margin=0))
    now, sent = 0.0, 0
    while now < 10.0:
        if window.delay(sent + 1, now) <= 0:
            send = window.record(sent + 1, now)
            window.settle(send, now + 0.15)  # the answer comes 150 ms later
            sent += 1
        else:
            now += 0.001
    assert sent >= 29 * 10


def test_a_chat_waits_a_second_after_its_last_message_surely_arrived():
    """One chat's 1 per second is judged on the latest arrival: the answer.

    A request held up in the HTTP client's queue reaches Telegram later than half its
    round trip says; waiting for its answer costs only this chat, never the others.
    """
    window = SendWindow(Limits(margin=0.02))
    send = window.record(42, now=10.0)
    window.settle(send, now=10.3)  # arrived by 10.3 at the latest
    # The next one would arrive 0.15 s after it leaves: it may leave at 11.17.
    assert window.delay(42, now=10.5) == pytest.approx(0.67)
    assert window.delay(43, now=10.5) == 0


def test_a_chat_whose_last_message_is_in_flight_waits_a_whole_round_trip_more():
    window = SendWindow(Limits(margin=0.0))
    first = window.record(1, now=0.0)
    window.settle(first, now=0.2)  # round trips of 0.2 s: half a trip is 0.1
    window.record(42, now=1.0)  # no answer yet: it may arrive as late as 1.2
    assert window.delay(42, now=1.5) == pytest.approx(1.2 + 1.0 - (1.5 + 0.1))


def test_a_429_widens_the_margin_which_fades_back_over_calm_down():
    window = SendWindow(Limits(margin=0.04, flood_step=0.02, flood_max=0.05, calm_down=60.0))
    assert window.margin(now=0.0) == pytest.approx(0.04)
    window.flooded(now=10.0)
    assert window.margin(now=10.0) == pytest.approx(0.06)
    assert window.margin(now=40.0) == pytest.approx(0.05)  # half-way through the calm-down
    window.flooded(now=40.0)  # another 429 adds to what is left, up to the cap
    assert window.margin(now=40.0) == pytest.approx(0.07)
    window.flooded(now=40.0)
    assert window.margin(now=40.0) == pytest.approx(0.09)  # capped at 0.04 + 0.05
    assert window.margin(now=100.0) == pytest.approx(0.04)
    assert window.margin(now=1000.0) == pytest.approx(0.04)


def test_after_a_429_the_next_sends_to_a_chat_and_overall_wait_longer():
    window = SendWindow(Limits(per_second=2, margin=0.0, flood_step=0.1, flood_max=0.1))
    window.record(1, now=0.0)
    window.record(2, now=0.0)
    assert window.delay(3, now=0.5) == pytest.approx(0.5)
    assert window.delay(1, now=0.5) == pytest.approx(0.5)
    window.flooded(now=0.5)
    assert window.delay(3, now=0.5) == pytest.approx(0.6)
    assert window.delay(1, now=0.5) == pytest.approx(0.6)
