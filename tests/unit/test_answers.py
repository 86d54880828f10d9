"""Typed answers read without a bot: RSVPs, check-ins, yes/no, Poktan, member lines."""

import pytest

from models.member import (
    InvalidName,
    MemberLineProblem,
    Poktan,
    clean_full_name,
    parse_member_lines,
    read_poktan,
)
from models.rules.answers import Greeting, ReplyKind, read_greeting, read_reply, read_yes_no

P, E, A, T, U = (
    ReplyKind.PRESENT,
    ReplyKind.EXCUSED,
    ReplyKind.ABSENT,
    ReplyKind.THANKS,
    ReplyKind.UNSURE,
)


@pytest.mark.parametrize(
    ("typed", "kind", "certain"),
    [
        ("hadir", P, True),
        ("Hadir", P, True),
        ("HADIR bu 🙏", P, True),
        ("hadir.", P, True),
        ("Siap hadir pak", P, True),
        ("insya allah hadir bu 🙏", P, False),
        ("Insya Allah hadir", P, False),
        ("InsyaAllah hadir bu", P, False),
        ("Inshaallah datang", P, False),
        ("insya allah bisa hadir", P, False),
        ("diusahakan hadir bu", P, False),
        ("hadir tapi agak telat", P, False),
        ("hadir, terima kasih bu", P, False),
        ("izin", E, False),
        ("Ijin bu, anak saya sakit", E, False),
        ("sakit", E, False),
        ("berhalangan", E, False),
        ("Mohon maaf bu saya izin tidak hadir", E, False),
        ("maaf ada acara keluarga", E, False),
        ("tidak bisa", A, False),
        ("tidak hadir", A, False),
        ("Mohon maaf tidak bisa hadir bu", A, False),
        ("gak bisa datang", A, False),
        ("tdk hadir", A, False),
        ("nggak ikut", A, False),
        ("belum tahu bu", U, False),
        ("belum pasti", U, False),
        ("terima kasih bu", T, True),
        ("Terima kasih bu 🙏", T, True),
        ("makasih", T, True),
        ("matur nuwun", T, True),
    ],
)
def test_recognised(typed, kind, certain):
    reply = read_reply(typed)
    assert reply is not None and (reply.kind, reply.certain) == (kind, certain)


@pytest.mark.parametrize(
    "typed",
    ["", "🙏", "halo", "ok", "Assalamualaikum", "kapan rapatnya?", "rumah saya di RT 4", "x" * 500],
)
def test_not_an_answer(typed):
    assert read_reply(typed) is None


def test_a_long_letter_is_not_taken_for_an_answer():
    assert read_reply("hadir " + "kata " * 40) is None


@pytest.mark.parametrize(
    ("typed", "meaning"),
    [
        ("ya", True),
        ("Ya", True),
        ("iya", True),
        ("benar", True),
        ("Betul bu", True),
        ("setuju", True),
        ("ya sudah benar", True),
        ("ok", True),
        ("tidak", False),
        ("Tidak", False),
        ("salah", False),
        ("ulangi", False),
        ("bu", None),
        ("ya tidak", None),
        ("mungkin", None),
        ("", None),
    ],
)
def test_yes_no(typed, meaning):
    assert read_yes_no(typed) is meaning


@pytest.mark.parametrize(
    ("typed", "poktan"),
    [
        ("bkr", Poktan.BKR),
        ("BKR", Poktan.BKR),
        ("Bkb", Poktan.BKB),
        ("PIK-R", Poktan.PIK_R),
        ("pik r", Poktan.PIK_R),
        ("Poktan UPPKS", Poktan.UPPKS),
        ("bina keluarga lansia", Poktan.BKL),
        ("pokja", Poktan.POKJA),
        ("lainnya", Poktan.OTHER),
        ("posyandu", None),
        ("", None),
    ],
)
def test_poktan_typed(typed, poktan):
    assert read_poktan(typed) is poktan


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("Hj. Nurhasanah, S.Pd.", "Hj. Nurhasanah, S.Pd."),
        ("Dr. H. Ahmad, M.Kes", "Dr. H. Ahmad, M.Kes"),
        ("Dr. H. Ahmad,M.Kes", "Dr. H. Ahmad, M.Kes"),
        ("Siti Rahma , S.Kep.,Ns", "Siti Rahma, S.Kep., Ns"),
        ("Budi Santoso,", "Budi Santoso"),
    ],
)
def test_names_with_titles_and_degrees(typed, clean):
    assert clean_full_name(typed) == clean


@pytest.mark.parametrize("typed", [",Budi", "Budi, 2", ", ,"])
def test_commas_do_not_make_a_bad_name_good(typed):
    with pytest.raises(InvalidName):
        clean_full_name(typed)


def test_member_lines_report_bad_lines_by_number():
    good, bad = parse_member_lines(
        "1. Bu Wati - 4 - bkl\n\nHj. Nurhasanah, S.Pd. | RT 05 | PIK-R\n"
        "Tanpa Pemisah\nAni - 99 - BKB\nAni - 3 - posyandu\nBu2 - 3 - BKB\nbu wati - 04 - BKB",
        ["01", "02", "03", "04", "05"],
    )
    assert [(m.full_name, m.rt, m.poktan) for m in good] == [
        ("Bu Wati", "04", Poktan.BKL),
        ("Hj. Nurhasanah, S.Pd.", "05", Poktan.PIK_R),
    ]
    assert [(number, problem) for number, _, problem in bad] == [
        (4, MemberLineProblem.NO_SEPARATOR),
        (5, MemberLineProblem.RT),
        (6, MemberLineProblem.POKTAN),
        (7, MemberLineProblem.NAME),
        (8, MemberLineProblem.DUPLICATE),
    ]


# --- greetings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "greeting"),
    [
        ("Assalamualaikum", Greeting.SALAM),
        ("Assalamu'alaikum wr. wb.", Greeting.SALAM),
        ("assalamualaikum warahmatullahi wabarakatuh bu", Greeting.SALAM),
        ("Asalamualaikum bu 🙏", Greeting.SALAM),
        ("Samlekom", Greeting.SALAM),
        ("Halo", Greeting.OTHER),
        ("hallo bu", Greeting.OTHER),
        ("Haiii kak", Greeting.OTHER),
        ("Selamat pagi", Greeting.OTHER),
        ("selamat siang ibu", Greeting.OTHER),
        ("Met malam semua", Greeting.OTHER),
        ("Permisi bu", Greeting.OTHER),
        ("Punten", Greeting.OTHER),
        ("Salam kenal bu", Greeting.OTHER),
        ("P", Greeting.OTHER),
    ],
)
def test_greetings_are_read(typed, greeting):
    assert read_greeting(typed) is greeting


@pytest.mark.parametrize(
    "typed",
    [
        "Siti Aminah",
        "Halo, saya Siti Aminah",  # says more than hello
        "Selamat",  # a name, too (and Slamet, Sugeng, Salam)
        "Sugeng",
        "Salam",
        "Bu Siti",
        "ya",
        "Ibu",
        "",
        "🙏",
    ],
)
def test_names_and_other_words_are_no_greeting(typed):
    assert read_greeting(typed) is None
