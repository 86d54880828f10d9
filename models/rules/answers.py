"""What a typed private message means, without a bot.

Cadres often type instead of pressing a button: "insya allah hadir bu 🙏", "izin ya
bu, anak sakit", "terima kasih bu". ``read_reply`` recognises an RSVP (or a check-in)
in such a message; ``read_yes_no`` reads a yes or no typed at a button step of a flow
(``models.member.read_poktan`` reads a Poktan). Everything here is a pure function of the text.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass


class ReplyKind(enum.StrEnum):
    PRESENT = "present"  # "hadir", "insya allah hadir", "datang"
    EXCUSED = "excused"  # "izin", "sakit", "berhalangan"
    ABSENT = "absent"  # "tidak hadir", "tidak bisa", "tidak datang"
    THANKS = "thanks"  # "terima kasih bu", "makasih", "siap bu"
    UNSURE = "unsure"  # "belum tahu", "belum pasti"


@dataclass(frozen=True)
class TypedReply:
    kind: ReplyKind
    certain: bool  # the message says only that (e.g. "hadir", "Hadir bu 🙏"): no hedge


def _words(text: str) -> list[str]:
    """Lower-case words of ``text``: accents, emoji and punctuation gone."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.split()


def _phrase(words: list[str]) -> str:
    return " " + " ".join(words) + " "


# Forms of address: "bu", "pak", "kak" … carry no answer and are no name.
_ADDRESS = frozenset(
    {"bu", "ibu", "bunda", "pak", "bapak", "kak", "kakak", "mbak", "mba", "dik", "dek"}
)
# Words that carry no answer: greetings, forms of address, politeness, fillers.
_FILLERS = _ADDRESS | frozenset(
    {
        "sus",
        "sekretaris",
        "sekre",
        "ya",
        "iya",
        "yah",
        "ok",
        "oke",
        "siap",
        "nggih",
        "njih",
        "injih",
        "gih",
        "ustadzah",
        "sayang",
        "kakanda",
        "mohon",
        "maaf",
        "saya",
        "aku",
        "sy",
        "sya",
        "kami",
        "nanti",
        "besok",
        "insyaallah",
        "amin",
        "aamiin",
        "alhamdulillah",
        "dan",
        "juga",
        "lah",
        "deh",
        "kok",
        "assalamualaikum",
        "wassalam",
        "salam",
        "sehat",
        "selalu",
        "semua",
        "rekan",
        "teman",
    }
)
# Hedges: the answer is meant, but not yet a firm one ("insya allah hadir").
_HEDGES = (
    " insya allah ",
    " insyaallah ",
    " insha allah ",
    " inshaallah ",
    " insyallah ",
    " isya allah ",
    " in sya allah ",
    " insya ",
    " insyaa allah ",
    " usahakan ",
    " diusahakan ",
    " mudah mudahan ",
    " semoga ",
    " kalau ",
    " kalo ",
    " mungkin ",
    " sepertinya ",
    " kayaknya ",
    " agak telat ",
    " terlambat ",
    " telat ",
)
_NEGATIONS = (" tidak ", " tdk ", " tak ", " gak ", " ga ", " nggak ", " enggak ", " ngga ")
_NEGATED_VERBS = ("hadir", "bisa", "dapat", "datang", "ikut", "sempat", "mampu")
_NEGATIVE = (
    *(f"{neg}{verb} " for neg in _NEGATIONS for verb in _NEGATED_VERBS),
    " absen ",
    " belum bisa ",
    " ndak bisa ",
    " gabisa ",
    " gbs ",
)
_UNSURE = (
    " belum tahu ",
    " belum tau ",
    " blm tau ",
    " belum pasti ",
    " belum bisa pastikan ",
    " belum bisa memastikan ",
    " lihat nanti ",
    " lihat dulu ",
    " nanti dikabari ",
    " nanti saya kabari ",
    " ragu ",
)
_EXCUSED = (
    " izin ",
    " ijin ",
    " permisi ",
    " sakit ",
    " berhalangan ",
    " halangan ",
    " ada acara ",
    " ada keperluan ",
    " keluar kota ",
    " mudik ",
    " melahirkan ",
    " dirawat ",
    " berduka ",
    " takziah ",
)
_PRESENT = (" hadir ", " datang ", " ikut ", " insya allah bisa ", " bisa hadir ", " on the way ")
_PRESENT_WORDS = frozenset({"hadir", "datang", "ikut", "hadiir", "hadirr", "otw", "siap hadir"})
_THANKS = (
    " terima kasih ",
    " terimakasih ",
    " trima kasih ",
    " trimakasih ",
    " makasih ",
    " makasi ",
    " mksh ",
    " thanks ",
    " thank you ",
    " tq ",
    " tks ",
    " nuhun ",
    " matur nuwun ",
    " maturnuwun ",
)
_LONGEST = 25  # words: a longer message is a letter, not an answer


def read_reply(text: str) -> TypedReply | None:
    """The RSVP (or check-in) answer a typed message gives, or None if it gives none.

    Negations win over the verb they negate ("tidak hadir" is absent, never present);
    an excuse ("izin", "sakit") wins over "hadir" ("izin tidak hadir" is excused).
    ``certain`` is True when nothing but fillers surrounds the answer word.
    """
    words = _words(text)
    if not words or len(words) > _LONGEST:
        return None
    phrase = _phrase(words)
    hedged = any(hedge in phrase for hedge in _HEDGES)
    if any(unsure in phrase for unsure in _UNSURE):
        return TypedReply(ReplyKind.UNSURE, certain=False)
    if any(excuse in phrase for excuse in _EXCUSED):
        return TypedReply(ReplyKind.EXCUSED, certain=False)
    if any(negative in phrase for negative in _NEGATIVE):
        return TypedReply(ReplyKind.ABSENT, certain=False)
    if any(present in phrase for present in _PRESENT) or "otw" in words:
        meaningful = [word for word in words if word not in _FILLERS]
        certain = not hedged and bool(meaningful) and set(meaningful) <= _PRESENT_WORDS
        return TypedReply(ReplyKind.PRESENT, certain=certain)
    if any(thanks in phrase for thanks in _THANKS):
        return TypedReply(ReplyKind.THANKS, certain=True)
    return None


_YES = frozenset(
    {
        "ya",
        "iya",
        "y",
        "yes",
        "ok",
        "oke",
        "okay",
        "benar",
        "betul",
        "bener",
        "setuju",
        "sudah",
        "sdh",
        "udah",
        "sip",
        "siap",
        "lanjut",
        "simpan",
        "boleh",
        "bu",
        "pak",
    }
)
_NO = frozenset(
    {"tidak", "tdk", "gak", "ga", "nggak", "enggak", "no", "bukan", "salah", "ulangi", "jangan"}
)


def read_yes_no(text: str) -> bool | None:
    """True for a plain yes ("ya", "benar", "ya sudah benar", "setuju"), False for a plain
    no ("tidak", "salah", "ulangi"), None for anything else (including a mix of both)."""
    words = _words(text)
    if not words:
        return None
    if all(word in _YES for word in words) and not all(word in {"bu", "pak"} for word in words):
        return True
    if words[0] in _NO and all(word in _NO or word in _YES for word in words[1:]):
        return False
    return None


# --- greetings ------------------------------------------------------------------------------


class Greeting(enum.StrEnum):
    SALAM = "salam"  # "Assalamualaikum": answered "Wa'alaikumsalam"
    OTHER = "other"  # "Halo", "Selamat pagi", "Permisi bu"


# Words (with runs of one letter written once: "hallo" is "halo", "assalamualaikum"
# is "asalamualaikum") that greet in Indonesian chats, in their usual spellings.
_SALAM_WORDS = frozenset(
    {
        "asalamualaikum",
        "asalamu",
        "asalamualaikom",
        "asalamuallaikum",
        "asalamualaykum",
        "salamualaikum",
        "samlekom",
        "samlikum",
        "askum",
        "aslm",
        "aslmkm",
        "as",
        "alaikum",
        "alaykum",
        "mualaikum",
        "warahmatulahi",
        "warahmatulah",
        "wabarakatuh",
        "wabarokatuh",
        "wr",
        "wb",
        "wrwb",
    }
)
_GREETING_WORDS = frozenset(
    {
        "halo",
        "helo",
        "hai",
        "hi",
        "hy",
        "hey",
        "hei",
        "selamat",
        "slamat",
        "slmt",
        "met",
        "pagi",
        "siang",
        "sore",
        "malam",
        "malem",
        "permisi",
        "misi",
        "punten",
        "sampurasun",
        "sugeng",
        "enjing",
        "sonten",
        "dalu",
        "om",
        "swastiastu",
        "horas",
        "salam",
        "kenal",
        "sejahtera",
        "shalom",
        "salom",
        "p",
        "ping",
        "tes",
        "test",
    }
)
# Greeting words that are also names ("Selamat", "Sugeng", "Salam"): a greeting only
# together with another ("Selamat pagi", "Sugeng enjing", "Salam kenal").
_GREETING_PARTS = frozenset({"selamat", "slamat", "slmt", "met", "sugeng", "om", "salam"})
# Words said along with a greeting that are no name: forms of address and politeness.
_WITH_GREETING = _ADDRESS | frozenset(
    {
        "mas",
        "min",
        "admin",
        "bot",
        "sekretaris",
        "semua",
        "semuanya",
        "sekalian",
        "ya",
        "iya",
        "juga",
        "dan",
        "maaf",
        "mohon",
        "izin",
        "ijin",
        "nih",
        "ni",
        "dong",
        "kk",
        "sis",
        "gan",
    }
)


def _collapsed(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def read_greeting(text: str) -> Greeting | None:
    """The greeting a message is, when it is nothing but a greeting ("Assalamualaikum",
    "Halo bu", "Selamat pagi", "Permisi bu", "P"); None when it says anything else,
    e.g. a name ("Halo, saya Siti" is not only a greeting)."""
    words = [_collapsed(word) for word in _words(text)]
    if not words:
        return None
    if not all(w in _SALAM_WORDS or w in _GREETING_WORDS or w in _WITH_GREETING for w in words):
        return None
    if any(w in _SALAM_WORDS and w not in {"as", "wr", "wb"} for w in words):
        return Greeting.SALAM
    if any(w in _GREETING_WORDS and w not in _GREETING_PARTS for w in words):
        return Greeting.OTHER
    return None
