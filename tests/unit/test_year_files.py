"""The year report's text and files, from the hand-computed year and from a big one."""

import io
import subprocess
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from PIL import Image, ImageStat

from models.member import Poktan
from models.report import Expected, HeldMeeting, year_report
from tests.unit.test_report import YEAR
from ui import texts
from ui.year_report import year_chart_png, year_report_xlsx

TZ = ZoneInfo("Asia/Jakarta")


def test_text_of_the_hand_computed_year():
    text = texts.year_report_text(year_report(2026, YEAR), "Kampung KB")
    assert "4 pertemuan terlaksana. Kehadiran kader: <b>71,4% (10/14)</b>." in text
    assert "• Triwulan II: 66,7% (2/3)" in text
    assert "• Budi — BKR, RT 01 (hadir 2 dari 4)" in text


def test_a_quarter_without_meeting_says_so_in_text_and_chart():
    report = year_report(2026, YEAR[:2])
    assert "• Triwulan III: belum ada" in texts.year_report_text(report, "Kampung KB")
    chart = Image.open(io.BytesIO(year_chart_png(report, "Kampung KB")))
    assert chart.size == (1200, 700)


def _big_year(cadres: int) -> list[HeldMeeting]:
    """Everybody missed every meeting: everybody is to be visited."""
    roster = tuple(
        Expected(i, f"Kader {i:04d}", f"{i % 12 + 1:02d}", Poktan.BKB, None, False)
        for i in range(cadres)
    )
    return [
        HeldMeeting(n, datetime(2026, 3 * n - 1, 14, 2, tzinfo=UTC), n, "01", "T", (), roster)
        for n in range(1, 5)
    ]


def test_text_names_thirty_to_visit_and_points_to_the_workbook():
    report = year_report(2026, _big_year(1000))
    text = texts.year_report_text(report, "Kampung KB")
    assert "berturut-turut): 1000" in text
    assert "• Kader 0029 —" in text and "Kader 0030" not in text
    assert "… dan 970 lainnya (lihat berkas .xlsx)." in text
    assert all(
        texts.visible_length(chunk) <= texts.MAX_MESSAGE_LENGTH
        for chunk in texts.split_message(text)
    )
    sheet = load_workbook(io.BytesIO(year_report_xlsx(report, TZ)))["Perlu disapa"]
    assert sheet.max_row == 1 + 1000


def test_an_empty_chart_is_still_a_chart():
    chart = Image.open(io.BytesIO(year_chart_png(year_report(2026, []), "Kampung KB")))
    assert chart.size == (1200, 700)
    assert max(ImageStat.Stat(chart.convert("L")).stddev) > 0  # axes and title


def test_names_that_look_like_formulas_stay_text():
    roster = (Expected(1, '=HYPERLINK("http://x","klik")', "01", Poktan.BKB, None, True),)
    meeting = HeldMeeting(1, datetime(2026, 2, 14, 2, tzinfo=UTC), 1, "01", "T", (), roster)
    workbook = load_workbook(io.BytesIO(year_report_xlsx(year_report(2026, [meeting]), TZ)))
    cell = workbook["Kader"]["B2"]
    assert cell.value == '=HYPERLINK("http://x","klik")'
    assert cell.data_type == "s"


def test_the_bot_starts_without_matplotlib():
    """Imported on the first chart only: it weighs ~44 MB (docs/performance.md)."""
    code = "import sys, bot.app, handlers, ui.year_report; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
