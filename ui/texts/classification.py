"""Texts of ``/klasifikasi`` (Bahasa Indonesia), in the portal's own vocabulary.

Indicator titles, question labels and lists are the portal's (docs/portal.md); what
the bot adds is said as the bot's ("menurut rumus portal Kampung KB").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from models.classification.agencies import INSTANSI
from models.classification.formula import (
    BY_KEY,
    INDEX_INDICATORS,
    Category,
    Ind,
    Index,
    IndexResult,
    PokjaFacts,
    Raise,
    next_value,
)
from models.classification.participation import ShareSource, kind_shares
from models.classification.questions import (
    DATA_USES,
    FUNDS,
    NEEDS,
    OPERATIONS,
    QUESTION,
    Kind,
    Problem,
    Q,
    count_for_percent,
    mkjp_more_needed,
)
from models.classification.store import KampungClassification
from ui.formatting import format_date, format_month
from ui.texts.common import esc

KLS_NOT_PRIVATE = "Perintah /klasifikasi hanya di chat pribadi dengan bot."
KLS_ONLY_SECRETARY = "Klasifikasi hanya untuk sekretaris Pokja kampung ini (atau operator)."
KLS_BELUM = "belum diisi"
KLS_TIMED_OUT = "Waktu mengisi jawaban habis. Ketik /klasifikasi untuk melanjutkan."
KLS_CANCELLED = (
    "Pengisian dibatalkan; tidak ada yang diubah. Ketik /klasifikasi untuk melihat lagi."
)
KLS_SAVED = "✅ Tersimpan."

KLS_BTN_ANSWER = "✏️ Isi / perbarui jawaban"
KLS_BTN_BACK = "« Kembali ke klasifikasi"
KLS_BTN_MENU = "« Daftar pertanyaan"
KLS_BTN_YES = "Ya"
KLS_BTN_NO = "Tidak"
KLS_BTN_NONE = "Tidak ada satu pun"

# The portal's labels (docs/portal.md 2.1–2.3); the figures' labels say what to add up.
KLS_LABEL: Mapping[Q, str] = {
    Q.POKJA: "Kepengurusan/Pokja Kampung KB",
    Q.POKJA_TRAINING: "Pelatihan/Sosialisasi Pengelolaan Kampung KB",
    Q.FUNDS: "Sumber Dana",
    Q.SECRETARIAT: "Sekretariat Kampung KB",
    Q.DATA_HOUSE: "Rumah Data Kependudukan Kampung KB (Rumah DataKu)",
    Q.PLKB: "PLKB/PKB Sebagai Pendamping dan Pengarah Kegiatan",
    Q.REGULATION: "Regulasi dari Pemerintah Daerah",
    Q.DATA_USE: "Penggunaan Data Dalam Perencanaan dan Evaluasi Kegiatan",
    Q.OPERATIONS: "Mekanisme Operasional",
    Q.POKTAN_SHARE: "Jumlah keluarga ikut Poktan",
    Q.PUS: "Pasangan Usia Subur (PUS)",
    Q.KB_USERS: "Jumlah PUS yang menggunakan Kontrasepsi (semua metode)",
    Q.MKJP_USERS: "PUS Menggunakan IUD, MOW, MOP atau Implan (MKJP)",
    Q.UNMET: "PUS tidak ber-KB karena Ingin Anak Tunda (IAT) atau Tidak Ingin Anak Lagi",
}
OPTIONS: Mapping[Q, Sequence[str]] = {
    Q.FUNDS: FUNDS,
    Q.DATA_USE: DATA_USES,
    Q.OPERATIONS: OPERATIONS,
}

KLS_ASK_TYPED: Mapping[Q, str] = {
    Q.PUS: "Ketik jumlah <b>Pasangan Usia Subur (PUS)</b> di kampung (angka dari PKB/PLKB).",
    Q.KB_USERS: (
        "Ketik jumlah <b>PUS yang menggunakan kontrasepsi</b>, semua metode dijumlahkan "
        "(IUD, MOW, MOP, Kondom, Implan, Suntik, PIL)."
    ),
    Q.MKJP_USERS: (
        "Ketik jumlah <b>PUS yang menggunakan IUD, MOW, MOP atau Implan</b> (metode "
        "kontrasepsi jangka panjang), dijumlahkan."
    ),
    Q.UNMET: (
        "Ketik jumlah <b>PUS yang tidak ber-KB</b> karena <i>Ingin Anak Kemudian/Ingin Anak "
        "Tunda (IAT)</i> ditambah karena <i>Tidak Ingin Anak Lagi</i>."
    ),
    Q.POKTAN_SHARE: (
        "Ketik keikutsertaan tiap Poktan, satu baris per Poktan: jumlah keluarga ikut / "
        "jumlah keluarga sasaran. Contoh:\n"
        "<code>BKB 30/120\nBKR 12/80\nBKL 20/60\nUPPKA 8/400\nPIK R 5/90</code>\n"
        "Sasaran: BKB = keluarga yang memiliki balita, BKR = keluarga yang memiliki remaja, "
        "BKL = keluarga yang memiliki lansia, UPPKA = jumlah keluarga, PIK R = jumlah "
        "remaja. Poktan yang tidak ditulis dihitung 0, seperti di portal.\n"
        "Jumlah keluarga ikut diambil bot dari pertemuan Poktan bulan lalu yang tercatat "
        "(jika ada); jumlah sasaran selalu dari isian ini."
    ),
}
KLS_TYPE_HINT = "\n\nKetik /batal untuk membatalkan."

KLS_PROBLEM: Mapping[Problem, str] = {
    Problem.NOT_A_NUMBER: "Mohon ketik angka saja, misalnya <code>240</code>.",
    Problem.TOO_LARGE: "Angkanya terlalu besar. Periksa lagi, lalu ketik ulang.",
    Problem.ZERO_PUS: "Jumlah PUS tidak boleh 0.",
    Problem.MORE_THAN_PUS: "Angka ini (ditambah yang sudah diisi) melebihi jumlah PUS.",
    Problem.MORE_THAN_USERS: "Pengguna MKJP tidak boleh melebihi jumlah PUS ber-KB.",
    Problem.LESS_THAN_PARTS: "Angka ini lebih kecil dari rincian yang sudah diisi.",
    Problem.POKTAN_FORMAT: (
        "Baris tidak terbaca. Tulis seperti <code>BKB 30/120</code> (BKB, BKR, BKL, UPPKA, PIK R)."
    ),
    Problem.POKTAN_PART_ABOVE: "Jumlah keluarga ikut tidak boleh melebihi jumlah sasaran.",
}


def kls_problem(which: Problem, detail: str = "") -> str:
    text = KLS_PROBLEM[which]
    if detail:
        text += f"\n<i>{esc(detail)}</i>"
    return text + "\nTidak ada yang diubah; silakan ketik lagi."


def kls_number(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _yes(value: object) -> str:
    return "Ya" if value else "Tidak"


def _category(category: Category) -> str:
    return f"<b>{category.label}</b>"


def _detail(key: Ind, kc: KampungClassification) -> str:
    """What the bot knows behind one indicator (empty when nothing)."""
    given = {k: g.answer for k, g in kc.given.items()}
    value = kc.values[key]
    if key is Ind.POKJA:
        members = f"anggota Pokja di bot: {kc.records.pokja_members}"
        if isinstance(value, PokjaFacts):
            if not value.pengurusan:
                return "Kepengurusan/Pokja: Tidak"
            return f"Kepengurusan/Pokja: Ya; {members}; Pelatihan: {_yes(value.pelatihan)}"
        return members
    if key is Ind.POKTAN:
        kinds = ", ".join(sorted(kc.records.poktan_kinds)) or "belum ada"
        return f"{len(kc.records.poktan_kinds)} jenis, dari kader dan kelompok di bot: {kinds}"
    if key is Ind.LINTAS_SEKTOR:
        names = ", ".join(INSTANSI[n] for n in kc.agencies.entries) or "belum ada"
        return f"{kc.agencies.count} instansi dari pertemuan yang sudah berlangsung: {names}"
    if key is Ind.OUTPUT_POKTAN:
        return _poktan_detail(kc)
    if value is None:
        return ""
    if key in (Ind.SUMBER_DANA, Ind.PENGGUNAAN_DATA, Ind.OPERASIONAL):
        [q] = NEEDS[key]
        return f"{value} dari {len(QUESTION[q].options)}"
    if key is Ind.SARANA:
        return (
            f"Sekretariat: {_yes(given[Q.SECRETARIAT])}, Rumah DataKu: {_yes(given[Q.DATA_HOUSE])}"
        )
    if key is Ind.PKB:
        return f"PLKB/PKB pendamping: {_yes(given[Q.PLKB])}, Regulasi: {_yes(given[Q.REGULATION])}"
    if key is Ind.CPR:
        return f"{value}% ({given[Q.KB_USERS]} dari {given[Q.PUS]} PUS)"
    if key is Ind.MKJP:
        return f"{value}% ({given[Q.MKJP_USERS]} dari {given[Q.KB_USERS]} peserta KB)"
    return f"{value}% ({given[Q.UNMET]} dari {given[Q.PUS]} PUS)"


def _poktan_detail(kc: KampungClassification) -> str:
    """Output Poktan's figures per kind and where each came from: the Poktan month's
    sessions (families who came) or the secretary's answer; the eligible families are
    always hers."""
    records = kc.records
    recorded = records.poktan_recorded
    month = records.poktan_month
    month_name = format_month(month.year, month.month) if month is not None else ""
    given = kc.given.get(Q.POKTAN_SHARE)
    answered = given.answer if given is not None else None
    found = kind_shares(answered if isinstance(answered, dict) else None, recorded)
    if found is None:
        if not recorded:
            return ""
        came = ", ".join(f"{kind} {n} keluarga" for kind, n in recorded.items())
        return f"ikut pertemuan Poktan {month_name}: {came}; jumlah keluarga sasaran belum diisi"
    parts = []
    for share in found:
        figure = f"{share.kind} {share.part}/{share.whole}"
        if share.source is ShareSource.SESSIONS:
            parts.append(f"{figure} (dari pertemuan {month_name})")
        elif share.recorded_above_eligible:
            parts.append(
                f"{figure} (isian sekretaris; pertemuan {month_name} mencatat "
                f"{share.recorded} keluarga, melebihi sasaran)"
            )
        else:
            parts.append(f"{figure} (isian sekretaris)")
    named = {share.kind for share in found}
    parts += [
        f"{kind}: {n} keluarga ikut pertemuan {month_name}, sasaran belum diisi (dihitung 0)"
        for kind, n in recorded.items()
        if kind not in named
    ]
    value = kc.values[Ind.OUTPUT_POKTAN]
    return f"rata-rata {value}%: " + "; ".join(parts) if parts else f"rata-rata {value}%"


def _index_line(result: IndexResult) -> str:
    if result.complete:
        mark = "✅" if result.low >= 3 else "▫️"
        return f"{mark} <b>Index {result.index.value}: {kls_number(result.low)}</b>"
    return (
        f"▫️ <b>Index {result.index.value}: belum lengkap</b> "
        f"(antara {kls_number(result.low)} dan {kls_number(result.high)})"
    )


def _step(key: Ind, kc: KampungClassification) -> str:
    """The smallest change that gives this indicator one more point."""
    value = kc.values[key]
    given = {k: g.answer for k, g in kc.given.items()}
    if key is Ind.POKJA:
        assert isinstance(value, PokjaFacts)
        if not value.pengurusan:
            return "bentuk Kepengurusan/Pokja Kampung KB"
        if value.jumlah == 0 and not value.pelatihan:
            return (
                "daftarkan anggota Pokja di bot, atau ikuti Pelatihan/Sosialisasi "
                "Pengelolaan Kampung KB"
            )
        if value.jumlah == 0:
            return "daftarkan anggota Pokja di bot (Poktan: Pokja)"
        return "ikuti Pelatihan/Sosialisasi Pengelolaan Kampung KB"
    if key is Ind.SARANA:
        missing = [KLS_LABEL[q] for q in (Q.SECRETARIAT, Q.DATA_HOUSE) if not given.get(q)]
        return "sediakan " + " atau ".join(missing)
    if key is Ind.PKB:
        missing = [KLS_LABEL[q] for q in (Q.PLKB, Q.REGULATION) if not given.get(q)]
        return "dapatkan " + " atau ".join(missing)
    assert isinstance(value, int)
    target = next_value(key, value)
    assert target is not None
    more = abs(target - value)
    if key is Ind.SUMBER_DANA:
        return f"tambah {more} sumber dana lagi"
    if key is Ind.POKTAN:
        return f"bentuk {more} jenis Poktan lagi dan daftarkan kadernya di bot"
    if key is Ind.PENGGUNAAN_DATA:
        return f"gunakan {more} jenis data lagi dalam perencanaan dan evaluasi"
    if key is Ind.OPERASIONAL:
        return f"jalankan {more} mekanisme operasional lagi"
    if key is Ind.LINTAS_SEKTOR:
        return (
            f"catat {more} instansi lagi (dari daftar portal, yang belum pernah) "
            "di kegiatan berikutnya"
        )
    if key is Ind.OUTPUT_POKTAN:
        return f"naikkan rata-rata keikutsertaan Poktan ke {target}%"
    if key is Ind.CPR:
        pus, users = given[Q.PUS], given[Q.KB_USERS]
        assert isinstance(pus, int)
        assert isinstance(users, int)
        return f"tambah {count_for_percent(target, pus) - users} peserta KB (CPR {target}%)"
    if key is Ind.MKJP:
        users, mkjp = given[Q.KB_USERS], given[Q.MKJP_USERS]
        assert isinstance(users, int)
        assert isinstance(mkjp, int)
        return f"tambah {mkjp_more_needed(target, mkjp, users)} peserta MKJP (MKJP {target}%)"
    pus, unmet = given[Q.PUS], given[Q.UNMET]
    assert isinstance(pus, int)
    assert isinstance(unmet, int)
    fewer = unmet - count_for_percent(target, pus, at_least=False)
    return f"ajak {fewer} PUS IAT/TIAL ber-KB (unmet need {target}%)"


def _raise(way: Raise, kc: KampungClassification, shown: set[Index]) -> list[str]:
    """One way up; an index already explained above is only named."""
    lines = [f"→ {_category(way.category)}:"]
    for lift in way.lifts:
        head = f"Index {lift.index.value} perlu {lift.points} poin lagi untuk mencapai 3"
        if lift.index in shown:
            lines.append(head + " (lihat di atas)")
            continue
        shown.add(lift.index)
        head += " — salah satu cukup:" if lift.points == 1 else ", dari:"
        lines.append(head)
        for key in lift.open:
            now = kc.scores[key]
            lines.append(
                f"  • {esc(_step(key, kc))} → {BY_KEY[key].title} naik ke {(now or 0) + 1}"
            )
    return lines


def kls_view(
    name: str, kc: KampungClassification, ways: Sequence[Raise], now: datetime, tz: ZoneInfo
) -> str:
    result = kc.result
    lines = [f"<b>Klasifikasi {esc(name)}</b>", "<i>menurut rumus portal Kampung KB</i>", ""]
    if result.category is not None:
        lines.append(f"Kategori: {_category(result.category)}")
    else:
        lines.append(
            f"Kategori: <b>belum pasti</b> — antara {_category(result.low)} dan "
            f"{_category(result.high)}, tergantung yang {KLS_BELUM}."
        )
    for index in Index:
        lines += ["", _index_line(result.indices[index])]
        for key in INDEX_INDICATORS[index]:
            got = kc.scores[key]
            detail = _detail(key, kc)
            shown = KLS_BELUM if got is None else f"{got}"
            line = f"• {BY_KEY[key].title}: <b>{shown}</b>"
            if detail:
                line += f" — {esc(detail)}"
            lines.append(line)
    lines.append("")
    missing = [k for k in Ind if kc.scores[k] is None]
    if missing:
        lines.append(
            f"<b>Lengkapi dulu yang {KLS_BELUM}</b> ({len(missing)} indikator) agar bot bisa "
            "menghitung kategori dan langkah naik kategori. Tekan tombol di bawah."
        )
    elif ways:
        lines.append("<b>Langkah terkecil untuk naik kategori</b>")
        shown: set[Index] = set()
        for way in ways:
            lines += _raise(way, kc, shown)
    else:
        lines.append("Kategori tertinggi sudah tercapai. 🎉")
    stale = kc.stale(now)
    if stale:
        lines.append("")
        lines.append(
            f"⏳ {len(stale)} jawaban sudah lebih dari setahun; mohon periksa dan perbarui."
        )
    dates = [g.answered_at for g in kc.given.values()]
    if dates:
        latest = max(dates).astimezone(tz).date()
        lines += ["", f"<i>Jawaban terakhir diisi {format_date(latest)}.</i>"]
    return "\n".join(lines)


def kls_menu(kc: KampungClassification) -> str:
    count = len(QUESTION) - len(kc.given)
    head = "<b>Pertanyaan klasifikasi</b> (sekali setahun)\n"
    head += f"{count} {KLS_BELUM}. " if count else "Semua sudah diisi. "
    return (
        head + "Pilih satu untuk mengisi atau memperbarui. Yang dihitung bot sendiri "
        "(jumlah jenis Poktan, instansi, anggota Pokja) tidak ditanyakan."
    )


# Short enough for a button.
KLS_BUTTON: Mapping[Q, str] = {
    Q.POKJA: "Kepengurusan/Pokja",
    Q.POKJA_TRAINING: "Pelatihan Pengelolaan Kampung KB",
    Q.FUNDS: "Sumber Dana",
    Q.SECRETARIAT: "Sekretariat Kampung KB",
    Q.DATA_HOUSE: "Rumah DataKu",
    Q.PLKB: "PLKB/PKB Pendamping",
    Q.REGULATION: "Regulasi dari Pemerintah Daerah",
    Q.DATA_USE: "Penggunaan Data",
    Q.OPERATIONS: "Mekanisme Operasional",
    Q.POKTAN_SHARE: "Keluarga ikut Poktan",
    Q.PUS: "Jumlah PUS",
    Q.KB_USERS: "PUS ber-KB (semua metode)",
    Q.MKJP_USERS: "PUS ber-KB MKJP",
    Q.UNMET: "PUS IAT + TIAL (unmet need)",
}


def kls_menu_button(key: Q, answered: bool) -> str:
    return ("✅ " if answered else "▫️ ") + KLS_BUTTON[key]


def kls_question(key: Q, kc: KampungClassification, tz: ZoneInfo) -> str:
    text = f"<b>{esc(KLS_LABEL[key])}</b>\n"
    given = kc.given.get(key)
    if given is None:
        text += f"Jawaban: {KLS_BELUM}."
    else:
        text += f"Jawaban: {esc(kls_answer_text(key, given.answer))}\n"
        by = f" oleh {esc(given.answered_by)}" if given.answered_by else ""
        text += f"<i>Diisi {format_date(given.answered_at.astimezone(tz).date())}{by}.</i>"
    kind = QUESTION[key].kind
    if kind is Kind.MULTI:
        text += "\n\nCentang semua yang ada (tekan lagi untuk menghapus centang)."
    elif kind is Kind.YESNO:
        text += "\n\nPilih Ya atau Tidak."
    return text


def kls_answer_text(key: Q, answer: object) -> str:
    kind = QUESTION[key].kind
    if kind is Kind.YESNO:
        return _yes(answer)
    if kind is Kind.MULTI:
        assert isinstance(answer, frozenset)
        chosen = [QUESTION[key].options[i] for i in sorted(answer)]
        return ", ".join(chosen) if chosen else "tidak ada"
    if kind is Kind.NUMBER:
        return f"{answer}"
    assert isinstance(answer, dict)
    return "; ".join(f"{kind} {p}/{w}" for kind, (p, w) in answer.items())


def kls_option_button(label: str, chosen: bool) -> str:
    return ("✅ " if chosen else "◻️ ") + label[:45]


def kls_refresh_reminder(name: str, keys: Sequence[Q]) -> str:
    listed = "\n".join(f"• {esc(KLS_LABEL[k])}" for k in keys)
    return (
        f"⏳ <b>Klasifikasi {esc(name)}</b>: jawaban berikut diisi lebih dari setahun lalu. "
        f"Mohon periksa dan perbarui agar kategorinya tetap benar:\n{listed}\n\n"
        "Ketik /klasifikasi atau tekan tombol di bawah."
    )


KLS_BTN_OPEN = "📊 Buka klasifikasi"


# --- the operator's overview --------------------------------------------------------------


def kls_overview_line(kc: KampungClassification) -> str:
    result = kc.result
    scores = " · ".join(
        f"{i.value} {kls_number(result.indices[i].low)}"
        if result.indices[i].complete
        else f"{i.value} –"
        for i in Index
    )
    if result.category is not None:
        return f"Klasifikasi: {result.category.label} ({scores})"
    return f"Klasifikasi: belum pasti, {result.low.label}–{result.high.label} ({scores})"


KLS_OVERVIEW_HEADER = ("Klasifikasi", "Index Input", "Index Proses", "Index Output", "Belum diisi")


def kls_overview_cells(kc: KampungClassification) -> tuple[str | float, ...]:
    result = kc.result
    category = (
        result.category.label
        if result.category is not None
        else f"belum pasti ({result.low.label}–{result.high.label})"
    )
    indices = tuple(
        float(result.indices[i].low) if result.indices[i].complete else "" for i in Index
    )
    missing = sum(1 for s in kc.scores.values() if s is None)
    return (category, *indices, missing)
