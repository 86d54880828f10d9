"""The printable cadre guide (/panduan); docs/panduan-kader.md tells the same."""

from __future__ import annotations

GUIDE_CAPTION = "📄 Panduan singkat untuk kader (1 halaman, bisa dicetak)."
GUIDE_FILENAME = "panduan-kader.pdf"
GUIDE_TITLE = "Panduan Singkat Kader"
# (heading, steps): the one-page cadre guide. Kept to Latin-1 text: the PDF uses a core font.
CADRE_GUIDE: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "1. Mendaftar (sekali saja)",
        (
            "Di grup Kampung KB, tekan tombol 'Buka chat dengan bot', lalu tekan MULAI (Start).",
            "Tekan 'Setuju', ketik nama lengkap Anda (atau tekan 'Pakai nama Telegram saya').",
            "Pilih RT dan Poktan Anda. Selesai: tunggu persetujuan sekretaris.",
        ),
    ),
    (
        "2. Menjawab undangan",
        (
            "Undangan dan pengingat datang di chat bot. Tekan Hadir, Izin atau Tidak hadir.",
            "Atau ketik saja ke bot: hadir, izin, sakit, tidak bisa - lalu tekan Benar.",
            "Kartu undangan Anda lalu menunjukkan 'Jawaban Anda'. Berubah pikiran? Tekan lagi.",
            "Ketik /jadwal kapan saja untuk melihat jadwal pertemuan berikutnya.",
        ),
    ),
    (
        "3. Mengisi daftar hadir (absen)",
        (
            "Saat pertemuan, bot mengirim 'Daftar hadir dibuka'. Tekan Hadir.",
            "Atau ketik /hadir di chat bot selama pertemuan berlangsung.",
        ),
    ),
    (
        "4. Data Anda",
        (
            "/profil untuk melihat atau mengubah nama, RT dan Poktan.",
            "/hapus_data untuk menghapus data Anda dari bot.",
        ),
    ),
    (
        "5. Perintah penting",
        (
            "/jadwal - jadwal berikutnya   /hadir - isi daftar hadir",
            "/bantuan - semua perintah     /panduan - panduan ini",
        ),
    ),
)
GUIDE_FOOTER = "Ada pertanyaan? Hubungi sekretaris Pokja Kampung KB."

CHAIR_GUIDE_CAPTION = "📄 Panduan singkat untuk ketua Poktan (1 halaman, bisa dicetak)."
CHAIR_GUIDE_FILENAME = "panduan-ketua-poktan.pdf"
CHAIR_GUIDE_TITLE = "Panduan Singkat Ketua Poktan"
# The chair's one page: docs/panduan-ketua-poktan.md tells the same. Latin-1 text only.
CHAIR_GUIDE: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "1. Kelompok dan anggota",
        (
            "Ketik /kelompok: kelompok yang Anda ketuai dan tombol-tombolnya.",
            "Anggota keluarga > Tambah: satu keluarga per baris, misalnya 'Ibu Sari - 02 - 2'",
            "(nama - RT - jumlah balita/remaja/lansia; UPPKA dan PIK-R cukup nama - RT).",
            "Keluarga yang pindah: Nonaktifkan (riwayatnya tetap).",
            "Keluarga anggota tidak pernah dikirimi pesan oleh bot.",
        ),
    ),
    (
        "2. Sesudah pertemuan kelompok",
        (
            "Ketik /catat (atau Catat pertemuan): pilih tanggal dan materi,",
            "centang keluarga yang hadir per RT (atau ketik jumlahnya saja),",
            "isi narasumber dan kirim foto bila ada, lalu tekan Simpan.",
            "Sesudah Simpan: isian Posting portal Kampung KB; jawab tombolnya, beri keterangan",
            "foto, salin ke portal, lalu tekan 'Sudah diposting' (juga lewat Riwayat).",
            "Riwayat pertemuan: ubah atau hapus selama register bulan itu belum dikirim.",
            "Rencanakan pertemuan: kader kelompok mendapat pengingat otomatis.",
        ),
    ),
    (
        "3. Register bulanan (tanggal 1-3)",
        (
            "Tanggal 1 pukul 07.00 bot mengirim register bulan lalu.",
            "Tekan 'Lihat PDF & Excel' untuk memeriksa (PDF siap dicetak dan ditandatangani).",
            "Tekan 'Kirim ke PKB' paling lambat tanggal 3. Ada yang keliru? Tekan Perbaiki dulu.",
            "Tidak ada pertemuan? Tekan 'Memang tidak ada pertemuan' (itu juga laporan).",
            "Sesudah dikirim perlu diubah? Perbaiki, ubah, lalu Kirim lagi (tanda Perbaikan).",
        ),
    ),
    (
        "4. Kartu K/0 (Januari)",
        (
            "1 Januari pukul 07.00 bot mengirim draf kartu K/0 dari catatan setahun.",
            "Tekan 'Isi yang kurang': bot menanyakan jumlah kader dan tahun pembentukan.",
            "Sesudah lengkap bot mengirim PDF dan Excel; lalu tekan 'Kirim ke PKB'.",
            "Kapan saja: /kelompok > Kartu K/0.",
        ),
    ),
)
