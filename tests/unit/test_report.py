"""The year report's numbers, on a year worked out by hand (models/report.py)."""

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest

from models.meeting import MeetingStatus, RsvpAnswer, Sector
from models.member import Poktan
from models.report import (
    BadYear,
    Expected,
    HeldMeeting,
    Presence,
    Rate,
    SpeakerEntry,
    longest_missed_run,
    report_year,
    year_report,
)
from models.speakers import registry_of

YES, EXCUSED, NO = RsvpAnswer.YES, RsvpAnswer.EXCUSED, RsvpAnswer.NO
P, E, A, S = Presence.PRESENT, Presence.EXCUSED, Presence.ABSENT, Presence.SILENT

# The hand-computed year (one meeting per quarter of 2026):
#                  Q1          Q2          Q3            Q4
# Ani   RT01 BKB   Hadir✓      Hadir✓      Hadir✓        izin          3/4 = 75%
# Budi  RT01 BKR   Hadir✓      (silent)    said Tidak    Hadir✓        2/4, missed 2 in a row
# Citra RT02 BKB   came        came        came          came          4/4
# Dewi  RT02 BKL   -           -           said Hadir ✗  Hadir✓        1/2 (joined for Q3)
ANI = (1, "Ani", "01", Poktan.BKB)
BUDI = (2, "Budi", "01", Poktan.BKR)
CITRA = (3, "Citra", "02", Poktan.BKB)
DEWI = (4, "Dewi", "02", Poktan.BKL)


def row(who: tuple, rsvp: RsvpAnswer | None, present: bool) -> Expected:
    member_id, name, rt, poktan = who
    return Expected(member_id, name, rt, poktan, rsvp, present)


def held(number: int, roster: list[Expected], speakers: list[SpeakerEntry]) -> HeldMeeting:
    return HeldMeeting(
        meeting_id=number,
        starts_at=datetime(2026, 3 * number - 1, 14, 2, 0, tzinfo=UTC),
        quarter=number,
        host_rt=f"0{number}",
        topic="Pembinaan",
        speakers=tuple(speakers),
        roster=tuple(roster),
    )


GOV = SpeakerEntry("dr. Rahmat", "Puskesmas", Sector.GOVERNMENT)
BUMN = SpeakerEntry("Ibu Sari", "Bank BRI", Sector.BUMN)
PRIVATE = SpeakerEntry("Pak Joko", "Apotek Sehat", Sector.PRIVATE)

YEAR = [
    held(1, [row(ANI, YES, True), row(BUDI, YES, True), row(CITRA, None, True)], [GOV]),
    held(2, [row(ANI, YES, True), row(BUDI, None, False), row(CITRA, None, True)], [BUMN, GOV]),
    held(
        3,
        [row(ANI, YES, True), row(BUDI, NO, False), row(CITRA, None, True), row(DEWI, YES, False)],
        [PRIVATE],
    ),
    held(
        4,
        [
            row(ANI, EXCUSED, False),
            row(BUDI, YES, True),
            row(CITRA, None, True),
            row(DEWI, YES, True),
        ],
        [],
    ),
]


@pytest.fixture
def report():
    # Given out of order: the report orders the meetings itself.
    return year_report(2026, list(reversed(YEAR)))


def test_each_cadre_rate_is_exact(report):
    rates = {c.name: c.rate for c in report.cadres}
    assert rates == {"Ani": Rate(3, 4), "Budi": Rate(2, 4), "Citra": Rate(4, 4), "Dewi": Rate(1, 2)}
    assert rates["Ani"].fraction == Fraction(3, 4)
    assert rates["Ani"].ratio == 0.75
    presences = {c.name: c.presences for c in report.cadres}
    assert presences == {
        "Ani": (P, P, P, E),
        "Budi": (P, S, A, P),
        "Citra": (P, P, P, P),
        "Dewi": (A, P),
    }


def test_rates_per_quarter_poktan_and_rt(report):
    assert report.by_quarter == [(1, Rate(3, 3)), (2, Rate(2, 3)), (3, Rate(2, 4)), (4, Rate(3, 4))]
    assert report.overall == Rate(10, 14)
    assert report.by_poktan == [("BKB", Rate(7, 8)), ("BKR", Rate(2, 4)), ("BKL", Rate(1, 2))]
    assert report.by_rt == [("01", Rate(5, 8)), ("02", Rate(5, 6))]
    assert report.present_by_quarter_poktan[3] == {"BKB": 2}
    assert report.present_by_quarter_poktan[4] == {"BKB": 1, "BKR": 1, "BKL": 1}


def test_missed_two_in_a_row_are_named_for_follow_up(report):
    assert [c.name for c in report.follow_up] == ["Budi"]
    assert {c.name: c.longest_missed_run for c in report.cadres} == {
        "Ani": 1,
        "Budi": 2,
        "Citra": 0,
        "Dewi": 1,
    }


def test_rsvp_reliability_said_hadir_and_came(report):
    assert [rate for _, rate in report.rsvp_by_meeting] == [
        Rate(2, 2),
        Rate(1, 1),
        Rate(1, 2),
        Rate(2, 2),
    ]
    assert report.rsvp == Rate(6, 7)


def test_speakers_by_sector_lists_every_sector(report):
    assert report.speakers_by_sector == [
        (Sector.GOVERNMENT, 2),
        (Sector.BUMN, 1),
        (Sector.PRIVATE, 1),
        (Sector.OTHER, 0),
    ]


def test_a_year_without_meetings_has_nothing_to_count():
    empty = year_report(2026, [])
    assert empty.overall == Rate(0, 0)
    assert empty.overall.ratio is None
    assert empty.by_quarter == [(q, Rate(0, 0)) for q in range(1, 5)]
    assert empty.follow_up == []


@pytest.mark.parametrize(
    ("presences", "run"),
    [((), 0), ((P,), 0), ((A,), 1), ((A, E), 2), ((S, P, A, S, E), 3), ((A, P, A, P), 1)],
)
def test_longest_missed_run(presences, run):
    assert longest_missed_run(presences) == run


@pytest.mark.parametrize(
    ("argument", "year"), [("", 2026), (" 2025 ", 2025), ("2016", 2016), ("2026", 2026)]
)
def test_report_year(argument, year):
    assert report_year(argument, date(2026, 11, 30)) == year


@pytest.mark.parametrize("argument", ["2027", "2015", "26", "tahun", "2026 2025", "２０２６"])
def test_report_year_refuses_what_is_not_a_year_to_report(argument):
    with pytest.raises(BadYear):
        report_year(argument, date(2026, 11, 30))


def test_registry_remembers_each_speaker_once_as_last_invited():
    now = datetime(2026, 11, 30, tzinfo=UTC)
    day = timedelta(days=1)
    scheduled, cancelled = MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED
    rows = [
        (1, "dr. Rahmat", "Puskesmas", Sector.GOVERNMENT, now - 200 * day, scheduled),
        (2, "DR.  rahmat", "puskesmas", Sector.OTHER, now - 100 * day, scheduled),
        (3, "Ibu Sari", "Bank BRI", Sector.BUMN, now - 50 * day, cancelled),
        (4, "Pak Joko", "Apotek Sehat", Sector.PRIVATE, now + 10 * day, scheduled),
    ]
    entries = registry_of(rows, now)
    assert [(e.speaker_id, e.name, e.sector, e.times) for e in entries] == [
        (4, "Pak Joko", Sector.PRIVATE, 0),  # invited for a meeting still to come
        (3, "Ibu Sari", Sector.BUMN, 0),  # her meeting was cancelled: asked, never came
        (2, "DR.  rahmat", Sector.OTHER, 2),  # one person, twice; described as last invited
    ]
    assert entries[2].last_at == now - 100 * day
