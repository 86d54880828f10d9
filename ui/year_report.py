"""The year report's files: a chart (PNG) and a workbook (.xlsx, one sheet per view).

The chart is drawn with matplotlib's object API straight on the Agg canvas: headless
(no pyplot, no GUI backend is ever looked for), no state shared between threads, so
the handler can draw it in a worker thread.

matplotlib is imported on the first chart, not when the bot starts: the import costs
about 44 MB of resident memory and a second of start-up, for a report asked for a few
times a year (``bench/memory.py`` keeps the bot under 150 MB only without it). The
first ``/laporan`` pays that second (``bench/yearly.py``, "first (cold)").
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from models.register_data import RegisterYear
from models.report import POKTAN_ORDER, Rate, YearReport
from ui import texts
from ui.export import new_workbook
from ui.formatting import month_abbreviations

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHART_WIDTH_PX = 1200
CHART_HEIGHT_PX = 700
CHART_DPI = 100
# One colour per Poktan, the same in every report (a colour-blind friendly palette).
POKTAN_COLOURS = {
    "BKB": "#0072B2",
    "BKR": "#E69F00",
    "BKL": "#009E73",
    "UPPKS": "#CC79A7",
    "PIK-R": "#56B4E9",
    "Pokja": "#D55E00",
    "Lainnya": "#999999",
    "-": "#BBBBBB",
}


def _agg_figure() -> Figure:
    """A 1200×700 figure on an Agg canvas (matplotlib imported here: see the docstring)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(CHART_WIDTH_PX / CHART_DPI, CHART_HEIGHT_PX / CHART_DPI))
    FigureCanvasAgg(figure)
    return figure


def year_chart_png(report: YearReport, kampung_name: str) -> bytes:
    """Members present per quarter, stacked by Poktan, with the quarter's rate on top."""
    from matplotlib.ticker import MaxNLocator  # see the module's docstring

    figure = _agg_figure()
    axes = figure.add_subplot()
    quarters = [quarter for quarter, _ in report.by_quarter]
    bottoms = [0] * len(quarters)
    for poktan in POKTAN_ORDER:
        heights = [report.present_by_quarter_poktan[q].get(poktan, 0) for q in quarters]
        if not any(heights):
            continue
        axes.bar(
            texts.QUARTER_NAMES,
            heights,
            bottom=bottoms,
            label=poktan,
            color=POKTAN_COLOURS[poktan],
            width=0.6,
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    for index, (_, rate) in enumerate(report.by_quarter):
        label = texts.rate_words(rate) if rate.of else texts.CHART_NO_MEETING
        axes.annotate(
            label,
            (index, bottoms[index]),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=11,
        )
    axes.set_title(texts.CHART_TITLE.format(year=report.year, kampung=kampung_name), fontsize=15)
    axes.set_ylabel(texts.CHART_Y_LABEL)
    axes.set_ylim(0, max(max(bottoms), 1) * 1.15)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # people come whole
    axes.spines[["top", "right"]].set_visible(False)
    if any(bottoms):
        axes.legend(title="Poktan", loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    figure.subplots_adjust(left=0.07, right=0.88, top=0.9, bottom=0.08)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=CHART_DPI)
    return buffer.getvalue()


# --- the workbook --------------------------------------------------------------------------------


def _rate_cells(rate: Rate) -> list[Any]:
    return [rate.came, rate.of, rate.ratio if rate.of else ""]


RATE_HEADER = ["Hadir", "Diharapkan", "Persentase"]


def poktan_sheet(years: Sequence[RegisterYear]) -> tuple[str, list[str], list[list[Any]]]:
    """The Poktan groups' year: sessions per month, the year's sessions, member families
    at the year's end (or now) and the families' attendance."""
    header = ["No", "Jenis", "Kelompok", *month_abbreviations(), "Pertemuan", "Keluarga"]
    header += RATE_HEADER
    rows = []
    for number, year in enumerate(years, start=1):
        by_month = {m.month: m.sessions_held for m in year.months}
        rate = year.attendance
        rows.append(
            [
                number,
                year.group.kind,
                year.group.name,
                *(by_month.get(month, "") for month in range(1, 13)),
                year.sessions_held,
                year.months[-1].member_families if year.months else 0,
                rate.came,
                rate.of,
                rate.value if rate.of else "",
            ]
        )
    return ("Poktan bulanan", header, rows)


def report_sheets(report: YearReport, tz: ZoneInfo) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(sheet title, header, rows) for every view; percentages as fractions (0.75)."""
    quarters = [[texts.QUARTER_NAMES[q - 1], *_rate_cells(rate)] for q, rate in report.by_quarter]
    quarters.append(["Setahun", *_rate_cells(report.overall)])
    cadres = []
    for number, cadre in enumerate(report.cadres, start=1):
        cadres.append(
            [
                number,
                cadre.name,
                texts.poktan_label(cadre.poktan),
                cadre.rt or "",
                *_rate_cells(cadre.rate),
                cadre.longest_missed_run,
                "Ya" if cadre.needs_follow_up else "",
            ]
        )
    follow_up = [
        [
            number,
            cadre.name,
            texts.poktan_label(cadre.poktan),
            cadre.rt or "",
            cadre.rate.came,
            cadre.rate.of,
            ", ".join(texts.PRESENCE_LABELS[p.value] for p in cadre.presences),
        ]
        for number, cadre in enumerate(report.follow_up, start=1)
    ]
    rsvp = [
        [
            meeting.starts_at.astimezone(tz).strftime("%Y-%m-%d"),
            texts.QUARTER_NAMES[meeting.quarter - 1],
            f"RT {meeting.host_rt}",
            *_rate_cells(rate),
        ]
        for meeting, rate in report.rsvp_by_meeting
    ]
    rsvp.append(["Setahun", "", "", *_rate_cells(report.rsvp)])
    speakers = [
        [
            meeting.starts_at.astimezone(tz).strftime("%Y-%m-%d"),
            speaker.name,
            speaker.institution,
            texts.SECTOR_LABELS[speaker.sector.value],
        ]
        for meeting, speaker in report.speakers
    ]
    sectors = [[texts.SECTOR_LABELS[s.value], n] for s, n in report.speakers_by_sector]
    return [
        ("Triwulan", ["Triwulan", *RATE_HEADER], quarters),
        ("Poktan", ["Poktan", *RATE_HEADER], [[p, *_rate_cells(r)] for p, r in report.by_poktan]),
        ("RT", ["RT", *RATE_HEADER], [[f"RT {rt}", *_rate_cells(r)] for rt, r in report.by_rt]),
        (
            "Kader",
            ["No", "Nama", "Poktan", "RT", *RATE_HEADER, "Absen berturut-turut", "Perlu disapa"],
            cadres,
        ),
        (
            "Perlu disapa",
            ["No", "Nama", "Poktan", "RT", "Hadir", "Diharapkan", "Per pertemuan"],
            follow_up,
        ),
        ("Konfirmasi", ["Tanggal", "Triwulan", "Tuan rumah", *RATE_HEADER], rsvp),
        ("Narasumber", ["Tanggal", "Nama", "Instansi", "Sektor"], speakers),
        ("Sektor", ["Sektor", "Jumlah"], sectors),
    ]


def year_report_xlsx(
    report: YearReport, tz: ZoneInfo, poktan: Sequence[RegisterYear] = ()
) -> bytes:
    """One sheet per view (and the Poktan groups' year when there are groups); names are
    written as text (never as formulas)."""
    buffer = io.BytesIO()
    workbook = new_workbook(buffer, strings_to_formulas=False)
    bold = workbook.add_format({"bold": True})
    percent = workbook.add_format({"num_format": "0.0%"})
    sheets = report_sheets(report, tz)
    if poktan:
        sheets.append(poktan_sheet(poktan))
    for title, header, rows in sheets:
        sheet = workbook.add_worksheet(title)
        sheet.write_row(0, 0, header, bold)
        percent_columns = {i for i, name in enumerate(header) if name == "Persentase"}
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if column in percent_columns and value != "":
                    sheet.write_number(number, column, value, percent)
                elif isinstance(value, str):
                    sheet.write_string(number, column, value)
                else:
                    sheet.write(number, column, value)
        sheet.freeze_panes(1, 0)
        for index, name in enumerate(header):
            width = max([len(name)] + [len(str(row[index])) for row in rows[:500]])
            sheet.set_column(index, index, min(max(width + 2, 8), 50))
    workbook.close()
    return buffer.getvalue()


def report_filename(year: int, extension: str) -> str:
    return f"laporan-kehadiran-{year}.{extension}"


def year_report_files(
    report: YearReport, kampung_name: str, tz: ZoneInfo, poktan: Sequence[RegisterYear] = ()
) -> tuple[bytes, bytes]:
    """(PNG, .xlsx): CPU work, meant to run in a worker thread."""
    return year_chart_png(report, kampung_name), year_report_xlsx(report, tz, poktan)
