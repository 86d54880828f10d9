"""The one-page printable guides that ``/panduan`` sends (fpdf2, built on demand): the
cadres' guide to everyone, and the Poktan chair's guide to a chair as well.

The words live in ``ui/texts/guide.py`` (``CADRE_GUIDE``, ``CHAIR_GUIDE``);
``docs/panduan-kader.md`` and ``docs/panduan-ketua-poktan.md`` tell the same tasks at more
length.
"""

from __future__ import annotations

from functools import cache

from ui import texts

MARGIN_MM = 15
BODY_PT = 11


Guide = tuple[tuple[str, tuple[str, ...]], ...]


@cache
def cadre_guide_pdf(kampung_name: str) -> bytes:
    """The cadres' guide as PDF bytes: one A4 page (made once per kampung and process)."""
    return guide_pdf(texts.GUIDE_TITLE, texts.CADRE_GUIDE, kampung_name)


@cache
def chair_guide_pdf(kampung_name: str) -> bytes:
    """The Poktan chair's guide as PDF bytes: one A4 page."""
    return guide_pdf(texts.CHAIR_GUIDE_TITLE, texts.CHAIR_GUIDE, kampung_name)


def guide_pdf(title: str, sections: Guide, kampung_name: str) -> bytes:
    """A one-page guide: a title, the kampung, headed steps, the footer."""
    # fpdf2 is loaded on first use, not at start-up (issue 20; see ui/sheet.py).
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)  # overflow shows as page 2
    pdf.set_title(title)
    pdf.set_creator(kampung_name)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    pdf.cell(0, 7, _latin1(kampung_name), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for heading, steps in sections:
        pdf.set_font("Helvetica", "B", 13)
        pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", BODY_PT)
        for step in steps:
            pdf.multi_cell(0, 6, f"-  {step}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.set_font("Helvetica", "I", BODY_PT)
    pdf.multi_cell(0, 6, texts.GUIDE_FOOTER, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _latin1(text: str) -> str:
    """The core PDF fonts know Latin-1 only: anything else becomes "?"."""
    return text.encode("latin-1", "replace").decode("latin-1")
