import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.rules.rotation import (
    RtListProblem,
    next_host_rt,
    normalize_rt,
    parse_rt_list,
    rotation_order_from,
)

RTS = [f"{n:02d}" for n in range(1, 13)]


@pytest.mark.parametrize(
    "text",
    [
        "7",
        "07",
        "007",
        "RT07",
        "RT 07",
        "rt.7",
        "RT-07",
        "Rt 007",
        "rt7",
        "RT. 07",
        " RT 7 ",
        "RT:7",
    ],
)
def test_normalize_accepted_forms(text):
    assert normalize_rt(text, RTS) == "07"


@pytest.mark.parametrize(
    "text", ["", "   ", "RT", "13", "RT 13", "0", "RT00", "abc", "-7", "7a", "RW 07", "٧"]
)
def test_normalize_rejects(text):
    assert normalize_rt(text, RTS) is None


@pytest.mark.parametrize(
    ("rt_list", "text", "expected"),
    [
        (["1", "2", "3"], "RT 02", "2"),
        (["001", "002"], "2", "002"),
        (["01", "07A", "07B"], "rt 7b", "07B"),
        (["Khusus", "01"], "khusus", "Khusus"),
    ],
)
def test_normalize_other_list_styles(rt_list, text, expected):
    assert normalize_rt(text, rt_list) == expected


@pytest.mark.parametrize(
    ("last", "expected"),
    [(None, "01"), ("01", "02"), ("07", "08"), ("12", "01"), ("99", "01"), ("7", "08")],
)
def test_next_host_rt(last, expected):
    assert next_host_rt(RTS, last) == expected


def test_next_host_rt_single_entry_wraps_to_itself():
    assert next_host_rt(["05"], "05") == "05"


def test_next_host_rt_empty_list():
    with pytest.raises(ValueError, match="empty"):
        next_host_rt([], None)


def test_rotation_order_from():
    assert rotation_order_from(["01", "02", "03", "04"], "03") == ["03", "04", "01", "02"]
    assert rotation_order_from(["01", "02", "03"], "01") == ["01", "02", "03"]
    assert rotation_order_from(["01", "02", "03"], "3") == ["03", "01", "02"]


def test_rotation_order_drops_duplicates():
    assert rotation_order_from(["01", "02", "01", "03"], "02") == ["02", "01", "03"]


@pytest.mark.parametrize(("rt_list", "proposed"), [([], "01"), (["01", "02"], "05")])
def test_rotation_order_invalid(rt_list, proposed):
    with pytest.raises(ValueError):  # noqa: PT011
        rotation_order_from(rt_list, proposed)


@settings(database=None)
@given(st.lists(st.integers(min_value=1, max_value=999), min_size=1, max_size=30, unique=True))
def test_next_host_rt_cycles_through_whole_list(numbers):
    rt_list = [f"{n:02d}" for n in numbers]
    host = next_host_rt(rt_list, None)
    seen = []
    for _ in rt_list:
        seen.append(host)
        host = next_host_rt(rt_list, host)
    assert seen == rt_list
    assert host == rt_list[0]


@settings(database=None)
@given(
    st.integers(min_value=1, max_value=99),
    st.sampled_from(["{n}", "{n:02d}", "RT{n:02d}", "RT {n}", "rt.{n}", "RT-{n:03d}"]),
)
def test_normalize_any_spelling(n, template):
    rt_list = [f"{k:02d}" for k in range(1, 100)]
    assert normalize_rt(template.format(n=n), rt_list) == f"{n:02d}"


@settings(database=None)
@given(st.lists(st.text(min_size=1, max_size=4), min_size=1, max_size=10, unique=True), st.data())
def test_rotation_order_is_a_rotation(rt_list, data):
    proposed = data.draw(st.sampled_from(rt_list))
    order = rotation_order_from(rt_list, proposed)
    assert order[0] == proposed
    assert sorted(order) == sorted(set(rt_list))


# --- an operator's RT list (/kampung) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1, 2, 3", ["01", "02", "03"]),
        ("01,02,03", ["01", "02", "03"]),
        ("RT01 RT 2 rt.3", None),  # "RT 2" splits into "RT" and "2": "RT" is no number
        ("RT01 RT02 rt.3", ["01", "02", "03"]),
        ("7a; 07B, 10", ["07A", "07B", "10"]),
        ("3, 1, 2", ["03", "01", "02"]),  # the rotation order is the order typed
    ],
)
def test_parse_rt_list(text, expected):
    if expected is None:
        with pytest.raises(RtListProblem):
            parse_rt_list(text)
    else:
        assert parse_rt_list(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        (" , ", "empty"),
        ("1, 01", "duplicate"),
        ("07a, 7A", "duplicate"),
        ("1, dua", "bad"),
        ("1, 2/3", "bad"),
        (",".join(str(n) for n in range(1, 70)), "too_many"),
    ],
)
def test_parse_rt_list_refuses(text, reason):
    with pytest.raises(RtListProblem) as caught:
        parse_rt_list(text)
    assert caught.value.reason == reason


@given(st.lists(st.integers(min_value=1, max_value=99), min_size=1, max_size=20, unique=True))
@settings(max_examples=50)
def test_parse_rt_list_keeps_numbers_and_order(numbers):
    assert parse_rt_list(", ".join(str(n) for n in numbers)) == [f"{n:02d}" for n in numbers]
