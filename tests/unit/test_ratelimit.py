"""The send window counts a message when Telegram received it: between its departure
and its answer, bounded by the fastest half round trip seen lately, plus a margin."""

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


def test_a_send_held_up_on_its_way_counts_from_its_answer_less_the_fastest_way_back():
    """A request queued in the HTTP client (or on a busy machine) for 0.3 s arrives
    late: the middle of its long round trip would count it 0.15 s too early, and the
    window would then let the 31st message of a second arrive with it (a 429)."""
    window = SendWindow(Limits(per_second=1, margin=0))
    quick = window.record(1, now=0.0)
    window.settle(quick, now=0.2)  # the network's own round trip: 0.2 s
    held_up = window.record(2, now=1.0)
    window.settle(held_up, now=1.5)  # answered 0.5 s after it left
    assert held_up.at == pytest.approx(1.4)  # not the middle, 1.25
    # The next one arrives at the earliest 0.1 s after it leaves: from 2.3 on.
    assert window.delay(3, now=1.6) == pytest.approx(2.3 - 1.6)


def test_a_new_send_is_judged_at_the_earliest_it_can_arrive():
    window = SendWindow(Limits(per_second=1, margin=0))
    for n, trip in enumerate([0.2, 0.6, 0.6, 0.6]):  # slower answers raise the average
        send = window.record(n, now=float(n))
        window.settle(send, now=n + trip)
    assert window.half_trip > 0.19  # the average: 0.1, 0.3, 0.3, 0.3
    assert window.fastest_half(now=3.6) == pytest.approx(0.1)
    # The last one arrived by 3.5 at the latest; a new one may arrive 0.1 s after it
    # leaves, so it may leave at 4.4 (at the average half trip, 4.3).
    assert window.delay(9, now=3.6) == pytest.approx(4.4 - 3.6)


def test_the_fastest_round_trip_is_forgotten_after_a_while():
    window = SendWindow(Limits(fastest_memory=30.0))
    first = window.record(1, now=0.0)
    window.settle(first, now=0.1)
    later = window.record(2, now=10.0)
    window.settle(later, now=10.3)
    assert window.fastest_half(now=20.0) == pytest.approx(0.05)
    assert window.fastest_half(now=31.0) == pytest.approx(0.15)  # the network got slower
    assert window.fastest_half(now=41.0) == 0.0  # nothing seen lately: assume no delay


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
