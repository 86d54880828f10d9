"""The register's PDF and .xlsx, read back (pypdf, openpyxl): columns in the form's order,
totals, the correction mark, a month without session, and a form changed as data only."""

import io
import tomllib
from datetime import date
from importlib import resources

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from models.forms import (
    BLANK,
    FORM_FILES,
    KINDS,
    FormError,
    card_form,
    load_form,
    parse_form,
    register_form,
)
from models.register_data import (
    AreaEntry,
    GroupInfo,
    RegisterFamily,
    RegisterMonth,
    RegisterSession,
    RegisterYear,
)
from tests.unit.test_register_data import FAMILIES, GROUP, S5, S15, S25
from ui.registers import card_filename, card_files, register_filename, register_files
from ui.registers.cells import filled_values
from ui.registers.xlsx import area_xlsx


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squeezed(text: str) -> str:
    """Without whitespace: a two-line column head reads as one word."""
    return "".join(text.split())


def assert_in_order(text: str, labels: list[str]) -> None:
    """Each label found after the one before it (whitespace ignored)."""
    flat, at = squeezed(text), 0
    for label in labels:
        found = flat.find(squeezed(label), at)
        assert found >= 0, f"{label!r} not found after position {at}"
        at = found + len(squeezed(label))


def november(*sessions: RegisterSession, **kwargs: object) -> RegisterMonth:
    defaults: dict[str, object] = {"place": "Sukamaju", "signed_on": date(2026, 12, 1)}
    return RegisterMonth(GROUP, 2026, 11, FAMILIES, sessions, **{**defaults, **kwargs})  # type: ignore[arg-type]


# --- the forms as data ---------------------------------------------------------------------------


def test_every_form_file_loads_and_every_value_is_filled_by_the_compiler():
    filled = filled_values()
    for file in FORM_FILES.values():
        form = load_form(file)
        assert form.kind in KINDS
        parts = {
            "header": form.header,
            "session_columns": form.session_columns,
            "family_columns": form.family_columns,
            "totals": form.totals,
            "card_fields": form.card_fields,
        }
        for part, columns in parts.items():
            for column in columns:
                value = column.value
                if value == BLANK or ".field." in value or ".field_sum." in value:
                    continue
                assert value in filled[part], (file, part, value)


def test_no_form_claims_an_official_layout_it_has_not_got():
    """Nothing is verified yet (docs/registers.md): titled as the chair's recap, not the form."""
    for file in FORM_FILES.values():
        form = load_form(file)
        assert not form.verified
        assert form.heading.startswith(("Rekap bulanan ketua Poktan untuk", "Draf data potensi"))
        assert form.code in form.heading and "Bukan formulir resmi" in form.notice
        columns = (*form.header, *form.session_columns, *form.family_columns, *form.totals)
        assert all(c.source.status != "verified" for c in (*columns, *form.card_fields))


def test_bkb_asks_the_number_of_balita_uppka_and_pik_r_nothing_more():
    balita = register_form("BKB").field("balita")
    assert (balita.type, balita.required, balita.source.status) == ("int", True, "issue")
    assert register_form("UPPKA").family_fields == ()
    assert register_form("PIK-R").member_unit == "remaja"


def test_a_data_file_with_an_unknown_value_is_refused():
    data = tomllib.loads(resources.files("models.forms").joinpath("ri_bkr.toml").read_text())
    data["family_columns"][1]["value"] = "family.nik"
    with pytest.raises(FormError, match=r"family\.nik"):
        parse_form(data, "ri_bkr.toml")
    data["family_columns"][1]["value"] = "family.field.balita"  # BKR has no balita field
    with pytest.raises(FormError):
        parse_form(data, "ri_bkr.toml")


# --- the register ---------------------------------------------------------------------------------


def test_pdf_has_the_columns_in_the_forms_order_and_the_totals():
    month = november(S5, S15, S25)
    pdf, _ = register_files(month)
    text = pdf_text(pdf)
    form = register_form("BKB")
    assert "Rekap bulanan ketua Poktan untuk R/I/BKB/20" in text
    assert "BKB Melati - November 2026" in text  # Babel's Indonesian month
    assert "Bukan formulir resmi R/I/BKB/20" in text
    assert "PERBAIKAN" not in text
    assert_in_order(text, [c.label for c in form.header])
    assert_in_order(text, [c.label for c in form.session_columns])
    families = []
    for column in form.family_columns:
        if column.value == "family.attendance":
            families += ["5/11", "15/11", "25/11"]
        else:
            families.append(column.label)
    assert_in_order(text, families)
    # Session rows: date, topic, present of expected, share, how counted.
    assert_in_order(text, ["5 Nov 2026", "Tumbuh kembang", "2", "3", "66,7%", "daftar"])
    assert_in_order(text, ["25 Nov 2026", "Pola asuh", "3", "3", "100%", "jumlah"])
    # Family rows, by RT then name: Ani (01) v v ?, 2 of 2.
    assert_in_order(text, ["Ani", "01", "2", "v", "v", "?", "2", "2", "100%"])
    assert_in_order(text, ["Dedi", "02", "1", "v", "-", "1", "2", "50%", "keluar 20 Nov 2026"])
    assert_in_order(
        text,
        [
            "Pertemuan terlaksana", "3",
            "Jumlah keluarga anggota (akhir bulan)", "3",
            "Keluarga baru bulan ini", "1",
            "Keluarga keluar bulan ini", "1",
            "Jumlah keluarga anggota hadir pertemuan", "4",
            "Jumlah kehadiran (semua pertemuan)", "8",
            "Rata-rata hadir per pertemuan", "2,7",
            "Persentase kehadiran bulan ini", "80%",
            "Jumlah balita (keluarga anggota)", "6",
        ],
    )  # fmt: skip
    assert "hanya jumlah yang dicatat" in text  # the legend and the typed-count note
    assert_in_order(text, ["Sukamaju, 1 Desember 2026", "Ketua Kelompok BKB Melati", "(Siti)"])


def test_xlsx_holds_the_same_parts_as_sheets():
    month = november(S5, S15, S25)
    _, xlsx = register_files(month)
    book = load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == ["Identitas", "Pertemuan", "Anggota", "Jumlah"]
    form = register_form("BKB")
    sessions = list(book["Pertemuan"].iter_rows(values_only=True))
    assert list(sessions[0]) == [c.label for c in form.session_columns]
    assert sessions[1][1].date() == date(2026, 11, 5)
    assert sessions[1][4:7] == (2, 3, pytest.approx(2 / 3))
    families = list(book["Anggota"].iter_rows(values_only=True))
    assert list(families[0][:4]) == ["No", "Nama keluarga / ibu", "RT", "Jumlah balita"]
    assert list(families[0][4:7]) == ["5/11", "15/11", "25/11"]
    assert [row[1] for row in families[1:5]] == ["Ani", "Cici", "Budi", "Dedi"]
    assert families[1][4:10] == ("v", "v", "?", 2, 2, 1)
    totals = dict(book["Jumlah"].iter_rows(min_row=2, values_only=True))
    assert totals["Pertemuan terlaksana"] == 3
    assert totals["Persentase kehadiran bulan ini"] == pytest.approx(0.8)
    assert totals["Jumlah balita (keluarga anggota)"] == 6
    head = [row[0] for row in book["Identitas"].iter_rows(values_only=True)]
    assert head[0] == "Rekap bulanan ketua Poktan untuk R/I/BKB/20"
    assert "Bulan laporan" in head and "Ketua Kelompok BKB Melati" in head


def test_a_correction_is_marked_in_both_files_and_the_name():
    month = november(S5, version=2)
    pdf, xlsx = register_files(month)
    assert "PERBAIKAN (versi 2)" in pdf_text(pdf)
    assert load_workbook(io.BytesIO(xlsx))["Identitas"]["A1"].value == "PERBAIKAN (versi 2)"
    assert register_filename(month, "pdf") == "register-bkb-melati-2026-11-perbaikan-2.pdf"
    assert register_filename(november(), "xlsx") == "register-bkb-melati-2026-11.xlsx"


def test_a_month_without_session_says_so():
    pdf, xlsx = register_files(november(no_session_confirmed=True))
    text = pdf_text(pdf)
    assert "Tidak ada pertemuan pada bulan ini" in text and "Memang tidak ada pertemuan" in text
    assert_in_order(text, ["Pertemuan terlaksana", "0", "Persentase kehadiran bulan ini", "-"])
    assert "Tanda: v = hadir" not in text  # no attendance columns, no legend
    book = load_workbook(io.BytesIO(xlsx))
    assert book["Pertemuan"]["A1"].value.startswith("Tidak ada pertemuan pada bulan ini")
    assert list(next(book["Anggota"].iter_rows(values_only=True))) == [
        "No", "Nama keluarga / ibu", "RT", "Jumlah balita", "Hadir", "Dari", "Persentase",
        "Keterangan",
    ]  # fmt: skip
    unconfirmed = pdf_text(register_files(november())[0])
    assert "Tidak ada pertemuan pada bulan ini." in unconfirmed
    assert "dikonfirmasi" not in unconfirmed


def test_changing_the_data_files_columns_changes_the_output_without_code():
    """A new form version is a data change: columns dropped, moved and added by TOML only."""
    data = tomllib.loads(resources.files("models.forms").joinpath("ri_bkb.toml").read_text())
    columns = data["family_columns"]
    rt = next(c for c in columns if c["value"] == "family.rt")
    columns.remove(rt)
    columns.insert(1, rt)  # RT before the name
    data["family_columns"] = [c for c in columns if c["value"] != "family.status"]
    data["family_columns"].append(
        {"label": "Tanda tangan", "value": "blank", "width": 25, "status": "ours", "source": "x"}
    )
    data["session_columns"] = data["session_columns"][:3]
    data["code"] = "R/I/BKB/24"
    data["heading"] = "Rekap bulanan ketua Poktan untuk R/I/BKB/24"
    form = parse_form(data, "ri_bkb_24.toml")
    month = november(S5, S15)
    pdf, xlsx = register_files(month, form)
    text = pdf_text(pdf)
    assert "R/I/BKB/24" in text and "Keterangan" not in text
    assert_in_order(text, ["No", "RT", "Nama keluarga / ibu", "Jumlah balita", "Tanda tangan"])
    book = load_workbook(io.BytesIO(xlsx))
    assert list(next(book["Pertemuan"].iter_rows(values_only=True))) == [
        "No",
        "Tanggal",
        "Materi",
    ]
    head = list(next(book["Anggota"].iter_rows(values_only=True)))
    assert head[:3] == ["No", "RT", "Nama keluarga / ibu"] and head[-1] == "Tanda tangan"
    assert book["Anggota"].cell(2, len(head)).value == "diisi ketua"


def test_every_kind_compiles_and_names_and_text_stay_safe():
    odd = RegisterFamily(9, "=HYPERLINK(1) Ṣiti “Nur”", "03", {"balita": 1, "remaja": 1})
    for kind in KINDS:
        group = GroupInfo("Kampung KB Mawar", kind, f"{kind} Satu", ("03",), ("Ani",))
        session = RegisterSession(date(2026, 11, 5), "Materi", frozenset({9}))
        month = RegisterMonth(group, 2026, 11, (odd,), (session,))
        pdf, xlsx = register_files(month)
        text = pdf_text(pdf)
        assert register_form(kind).code in text and "Siti" in text  # folded to Latin-1
        cell = load_workbook(io.BytesIO(xlsx))["Anggota"]["B2"]
        assert cell.value == odd.name and cell.data_type == "s"  # text, not a formula
    assert "Nama remaja" in pdf_text(register_files(month)[0])  # PIK-R, the last


# --- the PKB's area workbook and the K/0 draft card ----------------------------------------------


def test_the_area_workbook_has_one_row_per_group_and_month():
    reported = november(S5, S15, S25)
    bkl = GroupInfo("Kampung KB Anggrek", "BKL", "BKL Dahlia", desa="Sukamaju")
    entries = [
        AreaEntry(GROUP, 2026, 11, reported, sent_on=date(2026, 12, 2)),
        AreaEntry(bkl, 2026, 11, None),
    ]
    book = load_workbook(io.BytesIO(area_xlsx(entries, "November 2026")))
    rows = list(book["Rekap Poktan"].iter_rows(values_only=True))
    assert rows[0][0] == "Rekap register Poktan November 2026"
    assert rows[3][:6] == ("No", "Kampung KB", "Desa/Kelurahan", "Jenis", "Kelompok", "Bulan")
    anggrek, mawar = rows[4], rows[5]
    assert anggrek[1:7] == (
        "Kampung KB Anggrek",
        "Sukamaju",
        "BKL",
        "BKL Dahlia",
        "November 2026",
        "Belum",
    )
    assert anggrek[8:] == (None,) * 6
    assert mawar[6] == "Sudah" and mawar[7].date() == date(2026, 12, 2)
    assert mawar[8:13] == (1, 3, 3, 4, 8)
    assert mawar[13] == pytest.approx(0.8)


def test_the_k0_draft_card_fills_what_the_bot_knows_and_leaves_the_rest_to_the_chair():
    year = RegisterYear(GROUP, 2026, (november(S5, S15, S25),), FAMILIES)
    pdf, xlsx = card_files(year, place="Sukamaju", signed_on=date(2027, 1, 2))
    text = pdf_text(pdf)
    assert "Draf data potensi kelompok untuk K/0/BKB/20" in text
    assert "Bukan formulir resmi K/0/BKB/20" in text
    assert_in_order(
        text,
        [
            "Tahun data", "2026",
            "Jumlah keluarga anggota", "3",
            "Jumlah balita", "6",
            "Pertemuan terlaksana setahun", "3",
            "Persentase kehadiran setahun", "80%",
            "Jumlah kader", "diisi ketua",
            "Sukamaju, 2 Januari 2027",
        ],
    )  # fmt: skip
    sheet = load_workbook(io.BytesIO(xlsx))["Data potensi"]
    fields = dict(sheet.iter_rows(min_row=6, max_col=2, values_only=True))
    assert fields["Jumlah kader"] == "diisi ketua"
    assert fields["Jumlah balita"] == 6
    blanks = [c.label for c in card_form("BKB").card_fields if c.blank]
    assert blanks and all(fields[label] == "diisi ketua" for label in blanks)
    assert card_filename(year, "pdf") == "k0-bkb-melati-2027.pdf"


def test_the_register_modules_load_no_report_library_until_a_file_is_made():
    """fpdf2 and XlsxWriter load on the first file, not when the modules are imported."""
    from tests.test_lazy_imports import run_fresh

    script = (
        "import json, sys\n"
        "import models.forms, models.register_data, ui.registers\n"
        "import ui.registers.cells, ui.registers.pdf, ui.registers.xlsx\n"
        "print(json.dumps(sorted(m for m in ('fpdf', 'xlsxwriter') if m in sys.modules)))\n"
    )
    assert run_fresh(script) == []


def test_the_forms_family_fields_match_what_the_poktan_models_store():
    """models/poktan/kinds.py parses the family lines; the register prints the same numbers."""
    from models.poktan.kinds import FAMILY_COUNT, MEMBER_IS_YOUTH, PoktanKind

    assert {k.value for k in PoktanKind} == set(KINDS)
    for kind, count in FAMILY_COUNT.items():
        form = register_form(kind.value)
        if count is None:
            assert form.family_fields == ()
            continue
        (field,) = form.family_fields
        assert (field.key, field.minimum, field.maximum) == (
            count.key,
            count.minimum,
            count.maximum,
        )
        assert card_form(kind.value).family_fields == form.family_fields
    for kind in PoktanKind:
        youth = register_form(kind.value).member_unit == "remaja"
        assert youth == (kind in MEMBER_IS_YOUTH)


def test_a_month_of_many_sessions_narrows_the_marks_not_the_names():
    from ui.registers.cells import register_tables
    from ui.registers.pdf import MIN_SESSION_WIDTH, column_widths

    sessions = tuple(
        RegisterSession(date(2026, 11, day), f"Sesi {day}", frozenset({1, 2}))
        for day in range(1, 21)
    )
    month = november(*sessions)
    table = register_tables(month).families
    usable = 297 - 2 * 12
    widths = column_widths(table, usable)
    assert sum(widths) <= usable + 1e-6
    name = [c.label for c in table.columns].index("Nama keluarga / ibu")
    assert widths[name] == table.columns[name].width  # 55 mm, as the data file says
    marks = [w for w, c in zip(widths, table.columns, strict=True) if c.per_session]
    assert len(marks) == 20 and all(w >= MIN_SESSION_WIDTH - 1e-6 for w in marks)
    pdf, xlsx = register_files(month)
    assert_in_order(pdf_text(pdf), ["Nama keluarga / ibu", "Jumlah balita", "Hadir", "Dari"])
    head = next(load_workbook(io.BytesIO(xlsx))["Anggota"].iter_rows(values_only=True))
    assert head[4:24] == tuple(f"{day}/11" for day in range(1, 21))


def test_a_long_register_names_itself_on_every_page_and_keeps_totals_with_the_signature():
    from bench.register import sample_month

    pdf, _ = register_files(sample_month())  # 100 families, 8 sessions
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) > 2
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in text
        if number > 1:
            assert (
                "Rekap bulanan ketua Poktan untuk R/I/BKB/20 - BKB Melati - November 2026" in text
            )
    assert "C. Jumlah" in pages[-1] and "Ketua Kelompok BKB Melati" in pages[-1]
