import contextlib
import pickle
import unicodedata
from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.rules.parsing import (
    MAX_FIELD_LENGTH,
    ONE_LINE_GRAMMAR,
    MeetingPart,
    OneLineMeeting,
    ParseError,
    ParseErrorReason,
    clean_kampung_name,
    month_number,
    parse_date,
    parse_one_line,
    parse_time,
    strip_control,
)

TODAY = date(2026, 7, 1)
AUG_15 = date(2026, 8, 15)
RTS = [f"{n:02d}" for n in range(1, 13)]
R = ParseErrorReason


# --------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    "text",
    [
        "15-08-2026",
        "15/8/2026",
        "15.08.2026",
        "15-8-26",
        "15/08/26",
        "2026-08-15",
        "2026/8/15",
        "15 Agustus 2026",
        "15 agustus",
        "15 AGUSTUS",
        "15 Agu 2026",
        "15 agu",
        "15 Agt",
        "15 Ags",
        "15 Agst 2026",
        "15 Agus",
        "15 Aug",
        "15 August 2026",
        "15 Agu. 2026",
        "15-Agu-2026",
        "15agu2026",
        "15 Agu 26",
        "Sabtu, 15 Agustus 2026",
        "Sabtu 15 Agustus 2026",
        "sabtu,15-08-2026",
        "Sab, 15 Agu",
        "Saturday, 15 Aug 2026",
        "tgl 15 Agustus",
        "Sabtu, tanggal 15-08-2026",
        "  15    Agustus   2026  ",
        "15-08",
        "15/8",
    ],
)
def test_parse_date_accepted_forms(text):
    assert parse_date(text, TODAY) == AUG_15


@pytest.mark.parametrize(
    ("month_text", "month"),
    [
        ("Januari", 1), ("Jan", 1), ("Februari", 2), ("Feb", 2), ("Peb", 2), ("Pebruari", 2),
        ("Maret", 3), ("Mar", 3), ("Mrt", 3), ("April", 4), ("Apr", 4), ("Mei", 5),
        ("May", 5), ("Juni", 6), ("Jun", 6), ("June", 6), ("Juli", 7), ("Jul", 7),
        ("Agustus", 8), ("Agu", 8), ("Agt", 8), ("Ags", 8), ("Agst", 8), ("Aug", 8),
        ("September", 9), ("Sep", 9), ("Sept", 9), ("Oktober", 10), ("Okt", 10),
        ("Oct", 10), ("November", 11), ("Nov", 11), ("Nop", 11), ("Nopember", 11),
        ("Desember", 12), ("Des", 12), ("Dec", 12), ("DESEMBER", 12), ("des.", 12),
    ],
)  # fmt: skip
def test_month_names(month_text, month):
    assert month_number(month_text) == month
    assert parse_date(f"2 {month_text} 2027", TODAY) == date(2027, month, 2)


@pytest.mark.parametrize("word", ["", "j", "ju", "ma", "foo", "agustusan", "rt"])
def test_month_number_unknown(word):
    assert month_number(word) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hari ini", TODAY),
        ("Hari  Ini", TODAY),
        ("besok", TODAY + timedelta(days=1)),
        ("BESOK", TODAY + timedelta(days=1)),
        ("lusa", TODAY + timedelta(days=2)),
    ],
)
def test_parse_date_relative_words(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("1 Juli", TODAY, TODAY),  # today itself counts
        ("30 Juni", TODAY, date(2027, 6, 30)),  # already passed this year
        ("5 Jan", date(2026, 12, 20), date(2027, 1, 5)),  # across the year boundary
        ("31 Des", date(2026, 12, 31), date(2026, 12, 31)),
        ("15-08", date(2026, 9, 1), date(2027, 8, 15)),
        ("29 Feb", TODAY, date(2028, 2, 29)),  # the next leap day
        ("29 Peb", TODAY, date(2028, 2, 29)),
    ],
)
def test_parse_date_without_year_is_next_occurrence(text, today, expected):
    assert parse_date(text, today) == expected


def test_yearless_leap_day_can_be_too_far():
    with pytest.raises(ParseError) as info:
        parse_date("29-02", date(2028, 3, 1))  # next one is 2032-02-29
    assert info.value.reason is R.TOO_FAR


def test_leap_day():
    assert parse_date("29-02-2028", TODAY) == date(2028, 2, 29)
    with pytest.raises(ParseError) as info:
        parse_date("29-02-2027", TODAY)
    assert info.value.reason is R.NO_SUCH_DAY


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", R.EMPTY),
        ("   ", R.EMPTY),
        (",", R.EMPTY),
        ("abc", R.BAD_DATE_FORMAT),
        ("15 Foo 2026", R.BAD_DATE_FORMAT),
        ("15", R.BAD_DATE_FORMAT),
        ("Agustus", R.BAD_DATE_FORMAT),
        ("Sabtu", R.BAD_DATE_FORMAT),
        ("15.08", R.BAD_DATE_FORMAT),  # reads as a time
        ("15-08/2026", R.BAD_DATE_FORMAT),  # mixed separators
        ("15-08-202", R.BAD_DATE_FORMAT),
        ("123-08-2026", R.BAD_DATE_FORMAT),
        ("15 Agustus 2026 09.00", R.BAD_DATE_FORMAT),
        ("minggu depan", R.BAD_DATE_FORMAT),
        ("١٥-٠٨-٢٠٢٦", R.BAD_DATE_FORMAT),  # non-ASCII digits
        ("31-02-2027", R.NO_SUCH_DAY),
        ("30 Feb", R.NO_SUCH_DAY),
        ("32-08-2026", R.NO_SUCH_DAY),
        ("00-08-2026", R.NO_SUCH_DAY),
        ("15-13-2026", R.NO_SUCH_DAY),
        ("15-00-2026", R.NO_SUCH_DAY),
        ("31 Juni 2026", R.NO_SUCH_DAY),
        ("2026-02-30", R.NO_SUCH_DAY),
        ("30-06-2026", R.IN_PAST),
        ("kemarin", R.BAD_DATE_FORMAT),
        ("15-08-2025", R.IN_PAST),
        ("15-8-25", R.IN_PAST),
        ("1 Jan 1999", R.IN_PAST),
        ("2-07-2028", R.TOO_FAR),
        ("15-08-2099", R.TOO_FAR),
        ("15-8-99", R.TOO_FAR),
        ("1 Jan 9999", R.TOO_FAR),
    ],
)
def test_parse_date_errors(text, reason):
    with pytest.raises(ParseError) as info:
        parse_date(text, TODAY)
    assert info.value.reason is reason
    assert isinstance(info.value, ValueError)


def test_parse_date_limit_is_two_years_inclusive():
    assert parse_date("01-07-2028", TODAY) == date(2028, 7, 1)


def test_parse_date_error_fragment_is_original_text():
    with pytest.raises(ParseError) as info:
        parse_date(" 15 Foo ", TODAY)
    assert info.value.fragment == "15 Foo"


def test_parse_date_weekday_is_not_checked():
    # 16 August 2026 is a Sunday; the day name is ignored, as documented.
    assert parse_date("Sabtu, 16 Agustus 2026", TODAY) == date(2026, 8, 16)


def test_parse_date_rejects_datetime_today():
    from datetime import datetime, timezone

    with pytest.raises(TypeError):
        parse_date("15-08-2026", datetime(2026, 7, 1, tzinfo=timezone.utc))  # noqa: UP017


@settings(database=None)
@given(st.integers(min_value=0, max_value=730))
def test_parse_date_round_trips_dd_mm_yyyy(offset):
    d = TODAY + timedelta(days=offset)
    assert parse_date(d.strftime("%d-%m-%Y"), TODAY) == d
    assert parse_date(d.isoformat(), TODAY) == d
    assert parse_date(f"{d.day}/{d.month}/{d.year % 100:02d}", TODAY) == d


@settings(database=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_parse_date_without_year_is_never_in_the_past(today):
    result = parse_date(f"{today.day} {today.strftime('%b')}", today)
    assert result == today


# --------------------------------------------------------------------------- parse_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09.00", time(9, 0)),
        ("9:00", time(9, 0)),
        ("9.30", time(9, 30)),
        ("09.30 WIB", time(9, 30)),
        ("09.30 wita", time(9, 30)),
        ("09.30 WIT", time(9, 30)),
        ("09.30WIB", time(9, 30)),
        ("9", time(9, 0)),
        ("0", time(0, 0)),
        ("23.59", time(23, 59)),
        ("14.00", time(14, 0)),
        ("jam 9", time(9, 0)),
        ("Jam 09.00", time(9, 0)),
        ("pukul 09.00", time(9, 0)),
        ("Pukul 09.00 WIB", time(9, 0)),
        ("pkl. 9.00", time(9, 0)),
        ("9 pagi", time(9, 0)),
        ("9.30 pagi", time(9, 30)),
        ("jam 10 pagi WIB", time(10, 0)),
        ("2 siang", time(14, 0)),
        ("11 siang", time(11, 0)),
        ("12 siang", time(12, 0)),
        ("3 sore", time(15, 0)),
        ("4.30 sore", time(16, 30)),
        ("7 malam", time(19, 0)),
        ("19.00 malam", time(19, 0)),
        ("12 malam", time(0, 0)),
        ("09.00 WIB pagi", time(9, 0)),
        ("  09.00  ", time(9, 0)),
        ("09.00,", time(9, 0)),
    ],
)
def test_parse_time_accepted_forms(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", R.EMPTY),
        ("  ", R.EMPTY),
        ("abc", R.BAD_TIME_FORMAT),
        ("jam", R.BAD_TIME_FORMAT),
        ("WIB", R.BAD_TIME_FORMAT),
        ("0930", R.BAD_TIME_FORMAT),  # ambiguous with a year; documented
        ("930", R.BAD_TIME_FORMAT),
        ("9.5", R.BAD_TIME_FORMAT),
        ("9.00.00", R.BAD_TIME_FORMAT),
        ("9,30", R.BAD_TIME_FORMAT),
        ("9 pagi siang", R.BAD_TIME_FORMAT),
        ("-1", R.BAD_TIME_FORMAT),
        ("24.00", R.TIME_OUT_OF_RANGE),
        ("25", R.TIME_OUT_OF_RANGE),
        ("9.60", R.TIME_OUT_OF_RANGE),
        ("9.75", R.TIME_OUT_OF_RANGE),
        ("25 malam", R.TIME_OUT_OF_RANGE),
        ("13 pagi", R.TIME_PERIOD_MISMATCH),
        ("12 pagi", R.TIME_PERIOD_MISMATCH),
        ("9 siang", R.TIME_PERIOD_MISMATCH),
        ("9 sore", R.TIME_PERIOD_MISMATCH),
        ("3 malam", R.TIME_PERIOD_MISMATCH),
    ],
)
def test_parse_time_errors(text, reason):
    with pytest.raises(ParseError) as info:
        parse_time(text)
    assert info.value.reason is reason


@settings(database=None)
@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_parse_time_round_trips(hour, minute):
    assert parse_time(f"{hour:02d}.{minute:02d}") == time(hour, minute)
    assert parse_time(f"{hour}:{minute:02d} WIB") == time(hour, minute)


# --------------------------------------------------------------------------- one line


def test_one_line_example_from_brief():
    result = parse_one_line("15-08-2026 09.00 RT07 Rumah Data RT 07 | Pembinaan Poktan", RTS, TODAY)
    assert result == OneLineMeeting(
        date=AUG_15,
        time=time(9, 0),
        host_rt="07",
        venue="Rumah Data RT 07",
        topic="Pembinaan Poktan",
    )


@pytest.mark.parametrize(
    "text",
    [
        "15-08-2026 09.00 RT07 Balai RW | Materi",
        "15/8/2026 9:00 RT 07 Balai RW | Materi",
        "2026-08-15 09.00 rt.7 Balai RW | Materi",
        "15.08.2026 09.00 RT-07 Balai RW|Materi",
        "15 Agustus 2026 09.00 RT07 Balai RW | Materi",
        "15 agu 09.00 RT 7 Balai RW | Materi",
        "15 Agu 26 09.00 RT07 Balai RW | Materi",
        "Sabtu, 15 Agustus 2026 09.00 RT07 Balai RW | Materi",
        "Sabtu , 15 Agustus 2026 09.00 RT07 Balai RW | Materi",
        "Sabtu 15-08-2026 09.00 RT07 Balai RW | Materi",
        "15 Agustus 2026, 09.00 WIB, RT07, Balai RW | Materi",
        "15 Agustus 2026 jam 9 RT07 Balai RW | Materi",
        "15 Agustus 2026 pukul 09.00 WIB RT07 Balai RW | Materi",
        "15 Agustus 2026 9 pagi RT07 Balai RW | Materi",
        "15 Agustus 2026 9 pagi WIB RT 007 Balai RW | Materi",
        "15 Agustus 9 RT07 Balai RW | Materi",
        "  15-08-2026   09.00\tRT07   Balai    RW   |   Materi  ",
        "15-08-2026\n09.00 RT07 Balai RW\n| Materi",
    ],
)
def test_one_line_accepted_forms(text):
    result = parse_one_line(text, RTS, TODAY)
    assert (result.date, result.time, result.host_rt) == (AUG_15, time(9, 0), "07")
    assert result.venue.rstrip(",") == "Balai RW"
    assert result.topic == "Materi"


def test_one_line_time_with_period():
    result = parse_one_line("15 Agu 10 siang RT07 Balai | Materi", RTS, TODAY)
    assert result.time == time(10, 0)
    result = parse_one_line("15 Agu 2 siang RT07 Balai | Materi", RTS, TODAY)
    assert result.time == time(14, 0)
    result = parse_one_line("15 Agu 9 malam RT07 Balai | Materi", RTS, TODAY)
    assert result.time == time(21, 0)


def test_one_line_two_digit_token_after_month_without_time_following_is_time():
    result = parse_one_line("15 Agu 10 RT07 Balai | Materi", RTS, TODAY)
    assert result.date == AUG_15
    assert result.time == time(10, 0)


def test_one_line_relative_dates():
    assert parse_one_line("besok 9 RT01 X | Y", RTS, TODAY).date == date(2026, 7, 2)
    assert parse_one_line("hari ini 19.00 RT01 X | Y", RTS, TODAY).date == TODAY
    assert parse_one_line("lusa 9 RT01 X | Y", RTS, TODAY).date == date(2026, 7, 3)


def test_one_line_topic_keeps_later_bars_and_venue_keeps_case():
    result = parse_one_line("15-08-2026 09.00 RT12 Masjid Al-Ikhlas | BKB | BKR", RTS, TODAY)
    assert result.host_rt == "12"
    assert result.venue == "Masjid Al-Ikhlas"
    assert result.topic == "BKB | BKR"


def test_one_line_other_rt_list_style():
    result = parse_one_line("15-08-2026 09.00 RT07 X | Y", ["1", "7", "9"], TODAY)
    assert result.host_rt == "7"


def test_one_line_max_lengths():
    venue = "v" * MAX_FIELD_LENGTH
    topic = "t" * MAX_FIELD_LENGTH
    result = parse_one_line(f"15-08-2026 09.00 RT07 {venue} | {topic}", RTS, TODAY)
    assert result.venue == venue
    assert result.topic == topic


@pytest.mark.parametrize(
    ("text", "reason", "part"),
    [
        ("", R.EMPTY, None),
        ("   \n ", R.EMPTY, None),
        ("| Materi", R.MISSING_PARTS, MeetingPart.DATE),
        ("09.00 RT07 Balai | Materi", R.BAD_DATE_FORMAT, MeetingPart.DATE),
        ("kemarin 09.00 RT07 Balai | Materi", R.BAD_DATE_FORMAT, MeetingPart.DATE),
        ("15 Agustis 2026 09.00 RT07 Balai | Materi", R.BAD_DATE_FORMAT, MeetingPart.DATE),
        ("31-02-2027 09.00 RT07 Balai | Materi", R.NO_SUCH_DAY, MeetingPart.DATE),
        ("29-02-2027 09.00 RT07 Balai | Materi", R.NO_SUCH_DAY, MeetingPart.DATE),
        ("15-08-2025 09.00 RT07 Balai | Materi", R.IN_PAST, MeetingPart.DATE),
        ("15-08-2030 09.00 RT07 Balai | Materi", R.TOO_FAR, MeetingPart.DATE),
        ("15-08-2026", R.MISSING_PARTS, MeetingPart.TIME),
        ("15-08-2026 RT07 Balai | Materi", R.MISSING_PARTS, MeetingPart.TIME),
        ("15-08-2026 pagi RT07 Balai | Materi", R.BAD_TIME_FORMAT, MeetingPart.TIME),
        ("15-08-2026 0900 RT07 Balai | Materi", R.BAD_TIME_FORMAT, MeetingPart.TIME),
        ("15-08-2026 Balai RT07 | Materi", R.BAD_TIME_FORMAT, MeetingPart.TIME),
        ("15-08-2026 25.00 RT07 Balai | Materi", R.TIME_OUT_OF_RANGE, MeetingPart.TIME),
        ("15-08-2026 3 malam RT07 Balai | Materi", R.TIME_PERIOD_MISMATCH, MeetingPart.TIME),
        ("15-08-2026 09.00", R.MISSING_PARTS, MeetingPart.RT),
        ("15-08-2026 09.00 Balai RW | Materi", R.MISSING_PARTS, MeetingPart.RT),
        ("15-08-2026 09.00 07 Balai RW | Materi", R.MISSING_PARTS, MeetingPart.RT),
        ("15-08-2026 09.00 RT13 Balai | Materi", R.BAD_RT, MeetingPart.RT),
        ("15-08-2026 09.00 RT 00 Balai | Materi", R.BAD_RT, MeetingPart.RT),
        ("15-08-2026 09.00 RT Balai | Materi", R.BAD_RT, MeetingPart.RT),
        ("15-08-2026 09.00 RTx Balai | Materi", R.BAD_RT, MeetingPart.RT),
        ("15-08-2026 09.00 RT07 | Materi", R.MISSING_PARTS, MeetingPart.VENUE),
        ("15-08-2026 09.00 RT07", R.MISSING_PARTS, MeetingPart.VENUE),
        ("15-08-2026 09.00 RT07 Balai RW", R.MISSING_PARTS, MeetingPart.TOPIC),
        ("15-08-2026 09.00 RT07 Balai RW |", R.MISSING_PARTS, MeetingPart.TOPIC),
        ("15-08-2026 09.00 RT07 Balai RW |   ", R.MISSING_PARTS, MeetingPart.TOPIC),
        (f"15-08-2026 09.00 RT07 {'v' * 201} | Materi", R.TOO_LONG, MeetingPart.VENUE),
        (f"15-08-2026 09.00 RT07 Balai | {'t' * 201}", R.TOO_LONG, MeetingPart.TOPIC),
    ],
)
def test_one_line_errors(text, reason, part):
    with pytest.raises(ParseError) as info:
        parse_one_line(text, RTS, TODAY)
    assert info.value.reason is reason
    assert info.value.part is part


def test_one_line_bad_rt_fragment_is_what_was_typed():
    with pytest.raises(ParseError) as info:
        parse_one_line("15-08-2026 09.00 RT 13 Balai | Materi", RTS, TODAY)
    assert info.value.fragment == "RT 13"


def test_one_line_first_failure_wins():
    # Both the date and the topic are wrong: the date is reported.
    with pytest.raises(ParseError) as info:
        parse_one_line("15-08-2025 09.00 RT07 Balai", RTS, TODAY)
    assert info.value.reason is R.IN_PAST


def test_parse_error_is_picklable_and_readable():
    error = ParseError(R.BAD_RT, MeetingPart.RT, "RT 13")
    clone = pickle.loads(pickle.dumps(error))
    assert (clone.reason, clone.part, clone.fragment) == (R.BAD_RT, MeetingPart.RT, "RT 13")
    assert str(error) == "bad_rt (rt): 'RT 13'"
    assert str(ParseError(R.EMPTY)) == "empty"


def test_reasons_are_stable_string_codes():
    assert R.IN_PAST == "in_past"
    assert {reason.value for reason in R} >= {
        "empty",
        "bad_date_format",
        "no_such_day",
        "in_past",
        "too_far",
        "bad_time_format",
        "time_out_of_range",
        "bad_rt",
        "missing_parts",
    }


def test_grammar_constant_mentions_every_part():
    for word in ("<date>", "<time>", "RT", "<venue>", "<topic>", "|"):
        assert word in ONE_LINE_GRAMMAR


@settings(database=None)
@given(
    st.integers(min_value=0, max_value=730),
    st.integers(min_value=0, max_value=23),
    st.integers(min_value=0, max_value=59),
    st.sampled_from(RTS),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABC-.,'/()0123456789", min_size=1, max_size=60),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABC-.,'/()|0123456789", min_size=1, max_size=60),
)
def test_one_line_round_trip(offset, hour, minute, rt, venue, topic):
    venue_clean = " ".join(venue.split())
    topic_clean = " ".join(topic.split())
    if not venue_clean or not topic_clean:
        return
    d = TODAY + timedelta(days=offset)
    text = f"{d:%d-%m-%Y} {hour:02d}.{minute:02d} RT{rt} {venue_clean} | {topic_clean}"
    result = parse_one_line(text, RTS, TODAY)
    assert result == OneLineMeeting(d, time(hour, minute), rt, venue_clean, topic_clean)


@settings(database=None, max_examples=300)
@given(st.text(max_size=80))
def test_arbitrary_input_only_raises_parse_error(text):
    for parse in (
        lambda: parse_date(text, TODAY),
        lambda: parse_time(text),
        lambda: parse_one_line(text, RTS, TODAY),
    ):
        with contextlib.suppress(ParseError):
            parse()


@settings(database=None, max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            ["15", "08", "2026", "26", "Agu", "Sabtu,", "9", "09.00", "pagi", "WIB", "jam",
             "RT", "RT07", "07", ",", "besok", "hari", "ini", "Balai", "|", "Materi", "tgl"]
        ),
        max_size=10,
    )
)  # fmt: skip
def test_token_soup_only_raises_parse_error(tokens):
    with contextlib.suppress(ParseError):
        parse_one_line(" ".join(tokens), RTS, TODAY)


# --------------------------------------------------------------------------- strip_control


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Balai RW\x00 07\x1b", "Balai RW 07"),
        ("Rumah Data\u0085 RT 07", "Rumah Data RT 07"),  # C1 control
        ("Rumah\u200b Data\u200c\u200d\u200e\u200f", "Rumah Data"),  # zero width, marks
        ("\u202aA\u202bB\u202cC\u202dD\u202eE", "ABCDE"),  # embeddings and overrides
        ("\u2066Gizi\u2067 \u2068Balita\u2069", "Gizi Balita"),  # isolates
        ("\ufeffPKK\u2060 & Karang\u061c Taruna\u180e", "PKK & Karang Taruna"),
        ("Baris satu\nBaris\tdua", "Baris satu\nBaris\tdua"),  # line breaks and tabs stay
        ("Kader 👩‍👧 BKB · Ñoño", "Kader 👩👧 BKB · Ñoño"),  # visible text stays
    ],
)
def test_strip_control_drops_controls_and_invisible_formatting(typed, kept):
    assert strip_control(typed) == kept


@given(st.text())
def test_strip_control_leaves_no_format_or_control_character(text):
    cleaned = strip_control(text)
    for ch in cleaned:
        if ch in "\n\t":
            continue
        assert unicodedata.category(ch) != "Cc", repr(ch)
        assert not 0x200B <= ord(ch) <= 0x200F and not 0x202A <= ord(ch) <= 0x202E, repr(ch)
        assert not 0x2066 <= ord(ch) <= 0x2069 and ch != "\ufeff", repr(ch)


# --- a kampung's name (operator's /kampung_baru and rename) -----------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Kampung KB   Melati\n Indah ", "Kampung KB Melati Indah"),
        ("Kampung\u200b KB Mawar\u202e", "Kampung KB Mawar"),
        ("RW 05", "RW 05"),
        ("Abc", "Abc"),
        ("A" * 120, "A" * 120),
        ("Ab", None),
        ("A" * 121, None),
        ("12345", None),
        ("   \u200b\u200b  ", None),
    ],
)
def test_a_kampung_name_is_tidied_or_refused(typed: str, kept: str | None) -> None:
    assert clean_kampung_name(typed) == kept
