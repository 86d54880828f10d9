# ruff: noqa: E501  (the portal's names are kept verbatim, whole, one per line)
"""The Kampung KB portal's own lists for an activity post, as data (docs/portal.md §1.4).

Source: the public copy of the portal's code, github.com/willyprmn/Kampung-KB at commit
b1229f7ba3c9135b04c65b44cfb49931a0d48806, seeders under ``database/seeds/``:
``KategoriSeeder.php`` (Seksi Kegiatan), ``SasaranSeeder.php`` (Peserta Kegiatan),
``InstansiSeeder.php`` (Instansi), ``JenisPostSeeder.php`` and
``IntervensiGambarTypeSeeder.php`` (Jenis Post, photo types), ``InpresSasaranSeeder.php``
(Kategori Kegiatan, 59 entries in insert order; the form adds ``* Lainnya``).
Names are verbatim (spelling included), only stripped of leading/trailing spaces.
Each entry is (portal id, name); the ids are the seeders' insert order.
"""

from __future__ import annotations

# Field labels in the portal's order (resources/js/views/intervensi/sections/*.js).
FIELD_JUDUL = "Judul Kegiatan"
FIELD_TANGGAL = "Tanggal"
FIELD_TEMPAT = "Tempat"
FIELD_DESKRIPSI = "Deskripsi"
FIELD_SEKSI = "Seksi Kegiatan"
FIELD_KATEGORI = "Kategori Kegiatan"
FIELD_PESERTA = "Peserta Kegiatan"
FIELD_INSTANSI = "Instansi"
FIELD_JENIS_POST = "Jenis Post"
FIELD_GAMBAR = "Gambar"
FIELDS: tuple[str, ...] = (
    FIELD_JUDUL,
    FIELD_TANGGAL,
    FIELD_TEMPAT,
    FIELD_DESKRIPSI,
    FIELD_SEKSI,
    FIELD_KATEGORI,
    FIELD_PESERTA,
    FIELD_INSTANSI,
    FIELD_JENIS_POST,
    FIELD_GAMBAR,
)

SEKSI: tuple[tuple[int, str], ...] = (
    (1, "Keagamaan"),
    (2, "Pendidikan"),
    (3, "Reproduksi"),
    (4, "Ekonomi"),
    (5, "Perlindungan"),
    (6, "Kasih Sayang"),
    (7, "Sosial Budaya"),
    (8, "Pembinaan Lingkungan"),
    (9, "Lainnya"),
)

PESERTA_LAINNYA = 9
PESERTA: tuple[tuple[int, str], ...] = (
    (1, "Seluruh Penduduk"),
    (2, "PUS"),
    (3, "Remaja"),
    (4, "Lansia"),
    (5, "Balita"),
    (6, "Keluarga yang memiliki Balita"),
    (7, "Keluarga yang memiliki Remaja"),
    (8, "Keluarga yang memiliki Lansia"),
    (9, "Lainnya"),
)

INSTANSI_LAINNYA = 37
INSTANSI_LAINNYA_PREFIX = "Instansi Lainnya: "  # how the portal's typeahead shows a typed entry
INSTANSI: tuple[tuple[int, str], ...] = (
    (1, "Dinas Perhubungan"),
    (2, "Dinas Kelautan dan Perikanan"),
    (3, "Dinas Pariwisata"),
    (4, "Dinas Energi dan Sumber Daya Mineral"),
    (5, "Dinas Dukcapil"),
    (6, "TNI – POLRI"),
    (7, "Kanwil Kementerian Hukum dan HAM"),
    (8, "Dinas Kominfo"),
    (9, "BUMN dan BUMD"),
    (10, "Dinas Koperasi"),
    (11, "Dinas Perindustrian"),
    (12, "Dinas Perdagangan"),
    (13, "Dinas Pertanian"),
    (14, "Dinas Ketenagakerjaan"),
    (15, "Dinas Pekerjaan Umum dan Perumahan Rakyat"),
    (16, "Dinas Kehutanan dan Lingkungan Hidup"),
    (17, "Dinas Bina Marga dan Penataan Ruang"),
    (18, "Kanwil Kementrian Agama"),
    (19, "Dinas Kesehatan"),
    (20, "Dinas Sosial"),
    (21, "Dinas PP dan PA"),
    (22, "Dinas Pendidikan"),
    (23, "Dinas Pemuda dan Olahraga"),
    (24, "Dinas Pemberdayaan dan Masyarakat Desa"),
    (25, "Pemerintahan Daerah"),
    (26, "OPD Pengendalian Penduduk dan KB"),
    (27, "Pemerintahan Desa/Lurah"),
    (28, "Lembaga Pendidikan"),
    (29, "Swasta/Perusahaan"),
    (30, "Puskesmas"),
    (31, "Rumah Sakit/Klinik"),
    (32, "Komponen Masyarakat Kampung KB"),
    (33, "BPS"),
    (34, "Perwakilan BKKBN"),
    (35, "Dinas Ketahanan Pangan"),
    (36, "Dinas Peternakan dan Kesehatan Hewan"),
    (37, "Lainnya"),
)

# Jenis Post: the select shows "Sebelum - Sesudah" (id 1) first, then "Kegiatan" (id 2).
JENIS_SEBELUM_SESUDAH = 1
JENIS_KEGIATAN = 2
JENIS_POST: tuple[tuple[int, str], ...] = (
    (JENIS_SEBELUM_SESUDAH, "Sebelum - Sesudah"),
    (JENIS_KEGIATAN, "Kegiatan"),
)
# Photo types (IntervensiGambarTypeSeeder.php): Kegiatan photos, or one Sebelum + one Sesudah.
GAMBAR_KEGIATAN = "Kegiatan"
GAMBAR_SEBELUM = "Sebelum"
GAMBAR_SESUDAH = "Sesudah"
KEGIATAN_PHOTOS_MAX = 5  # "Maksimal lima gambar kegiatan"
CAPTION_MAX = 255  # "Caption tidak boleh lebih dari 255 karakter"

# Kategori Kegiatan: the Inpres kegiatan (59), then the form's own "* Lainnya" (no id: 0 here).
KATEGORI_LAINNYA = 0
KATEGORI_LAINNYA_NAME = "* Lainnya"
KATEGORI: tuple[tuple[int, str], ...] = (
    (1, "Rumah Data Kependudukan dan Informasi Keluarga (Rumah DataKu)"),
    (2, "Pelayanan administrasi kependudukan"),
    (3, "Program Gerakan Masyarakat Hidup Sehat (GERMAS)"),
    (4, "Program Indonesia Sehat dengan Pendekatan Keluarga (PISPK)"),
    (5, "Bina Keluarga Balita (BKB)"),
    (6, "Bina Keluarga Remaja (BKR)"),
    (7, "Bina Keluarga Lansia (BKL)"),
    (8, "PIK Remaja"),
    (
        9,
        "Komunikasi, Informasi dan Edukasi (KIE) Kesehatan Reproduksi dan Keluarga Berencana bagi Keluarga",
    ),
    (10, "Bimbingan Calon Pengantin"),
    (11, "Bimbingan, penyuluhan dan konsultasi keagamaan"),
    (12, "KIE Pencegahan, Perlindungan Perempuan dan Anak dari kekerasan"),
    (13, "Advokasi dan KIE pemberian makan bayi dan anak ASI eksklusif"),
    (14, "Kawasan Tanpa Rokok (KTR) dan implementasi Rumah Tanpa Asap Rokok"),
    (15, "Penggerakan Pelayanan Keluarga Berencana dan Kesehatan Reproduksi"),
    (16, "Edukasi kesehatan ibu hamil, balita, remaja, dan lansia"),
    (17, "Melakukan pembinaan posyandu"),
    (18, "b. Melaksanakan Posyandu Aktif"),
    (19, "Pelayanan Keluarga Berencana (KB) dan Kespro"),
    (
        20,
        "Pertemuan Peningkatan Kemampuan Keluarga (P2K2) dengan modul kesehatan dan gizi bagi Keluarga Penerima Manfaat (KPM) Program Keluarga Harapan",
    ),
    (21, "Screening kesehatan bagi calon pengantin"),
    (
        22,
        "Pemberian pendampingan dan edukasi penatalaksanaan keluarga (relasi suami-istri, menyiapkan kehamilan, pengasuhan, pola konsumsi makanan sehat dan bergizi) bagi calon pasangan usia subur/ calon pengantian selama 3 bulan pra-nikah.",
    ),
    (23, "Pendampingan ibu hamil"),
    (24, "Pemeriksaaan  Antenatal Care (ANC) bagi ibu hamil"),
    (25, "Pemberian tablet tambah darah bagi remaja putri dan ibu hamil"),
    (26, "Pemberian tambahan asupan gizi bagi ibu hamil kurang energi kronik (KEK)"),
    (27, "Pemantauan pertumbuhan dan perkembangan anak berusia di bawah lima tahun (balita)."),
    (28, "Pemberian makanan tambahan bagi anak usia 6 – 23 bulan"),
    (29, "Pendampingan Baduta 24-59bulan dengan gizi kurang"),
    (30, "Penanganan tata laksana gizi buruk pada balita"),
    (31, "Pemberian tambahan asupan gizi bagi balita dengan status gizi kurang"),
    (32, "Pelayanan KB pasca persalinan"),
    (
        33,
        "Pemberian bantuan pangan selain beras dan telur (variasi) (karbohidrat, protein hewani, protein nabati, vitamin dan mineral dan/atau Makanan Pendamping Air Susu Ibu, bagi ibu hamil, ibu menyusui dan baduta",
    ),
    (
        34,
        "Pendampingan ibu/keluarga balita meliputi pemenuhan gizi, pengasuhan, dan pelayanan kesehatan",
    ),
    (35, "Dapur Sehat Atasi Stunting (DASHAT)"),
    (36, "Pendidikan Anak Usia Dini (PAUD)"),
    (37, "Pemberian Pendidikan Dasar dan Menengah"),
    (38, "Pendidikan dan layanan Agama bagi keluarga dan masyarakat"),
    (39, "Pemberian informasi dan fasilitasi akses pelayanan pendidikan"),
    (
        40,
        "Pemberian bantuan pendidikan bagi anak usia sekolah yang berasal dari keluarga dengan status miskin",
    ),
    (41, "Penyelenggaraan pendidikan literasi dalam pendidikan non formal"),
    (42, "Penyelenggaraan wahana kreatifitas dan olahraga"),
    (
        43,
        "Pemberian bantuan tunai bersyarat kepada Pasangan Usia Subur dengan status miskin dan penyandang masalah kesejahteraan sosial",
    ),
    (
        44,
        "Pemberian bantuan pangan non-tunai kepada Pasangan Usia Subur dengan status miskin dan penyandang masalah kesejahteraan sosial",
    ),
    (
        45,
        "Pemberian jaminan kesehatan kepada keluarga dengan status miskin dan penyandang masalah kesejahteraan sosial (Penerima Bantuan Iuran (PBI))",
    ),
    (
        46,
        "Pemberian Program Keluarga Harapan kepada PUS dengan status miskin dan penyandang masalah kesejahteraan sosial",
    ),
    (47, "Peningkatan kemampuan akses dan asset KPM Program Kewirausahaan Sosial"),
    (48, "Peningkatan pendapatan dan kesejahteraan KPM Program Kewirausahaan Sosial"),
    (49, "Penyelenggaraan bantuan permodalan"),
    (50, "Promosi dan pemasaran koperasi dan umkm"),
    (51, "Pelatihan produksi dan pemasaran bagi usaha rumah tangga"),
    (52, "Pelatihan daring marketing bagi usaha rumah tangga"),
    (53, "Pengembangan Kampung Keluarga Berkualitas"),
    (54, "Meningkatnya kemandirian ekonomi keluarga"),
    (55, "Fasilitasi dan pembinaan pengembangan usaha nelayan"),
    (56, "Terkelolanya sistem pembenihan ikan yang berkelanjutan"),
    (57, "Pemicuan Sanitasi Total Berbasis Masyarakat (STBM)"),
    (58, "Penyediaan Akses Perumahan dan Infrastruktur Permukiman Yang Layak, Aman dan Terjangkau"),
    (59, "Pengendalian vektor dan binatang pembawa penyakit"),
)


def name_of(entries: tuple[tuple[int, str], ...], entry_id: int) -> str | None:
    """The name of ``entry_id`` in one of the lists above, None if it is not there."""
    return next((name for key, name in entries if key == entry_id), None)


def kategori_name(kategori_id: int) -> str | None:
    if kategori_id == KATEGORI_LAINNYA:
        return KATEGORI_LAINNYA_NAME
    return name_of(KATEGORI, kategori_id)
