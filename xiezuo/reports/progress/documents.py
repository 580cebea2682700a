"""A generated report as a file: HTML (a page), Word (python-docx) and PDF (WeasyPrint,
through `xiezuo.reports.documents.html_to_pdf`)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import translation

from xiezuo.reports.documents import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, html_to_pdf

from .selectors import LOCALES, Report
from .vocabulary import Paragraph, Table

FORMATS = ("html", "docx", "pdf")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": DOCX_CONTENT_TYPE,
    "pdf": PDF_CONTENT_TYPE,
}
# Word shows East Asian text in this font (w:eastAsia), Latin text in the other
EAST_ASIAN_FONT = "Noto Sans CJK SC"
FALLBACK_EAST_ASIAN_FONT = "宋体"
LATIN_FONT = "Calibri"


def report_html(report: Report, *, standalone: bool = True) -> str:
    """The report as an HTML document (standalone: for printing and download)."""
    with translation.override(LOCALES.get(report.language, "zh-hans")):
        return render_to_string(
            "progress/report_document.html" if standalone else "progress/_report.html",
            {"report": report},
        )


def report_pdf(report: Report) -> bytes:
    return html_to_pdf(report_html(report))


def _east_asian(run_or_style: object, font: str = EAST_ASIAN_FONT) -> None:
    """Set the East Asian font of a run or style (python-docx sets only the Latin one)."""
    from docx.oxml.ns import qn

    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def report_docx(report: Report) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        style = document.styles[name]
        _east_asian(style)
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = report.title
    document.core_properties.language = LOCALES.get(report.language, "zh-hans")
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.subtitle)
    for section in report.sections:
        document.add_heading(section.heading, level=1)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                document.add_paragraph(block.text)
            elif isinstance(block, Table):
                table = document.add_table(rows=1, cols=len(block.headers))
                table.style = document.styles["Table Grid"]
                for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
                    cell.text = header
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
                for row in block.rows:
                    cells = table.add_row().cells
                    for cell, value in zip(cells, row, strict=True):
                        cell.text = value.text
                document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_file(report: Report, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the report in `fmt` (html, docx, pdf)."""
    if fmt == "docx":
        content = report_docx(report)
    elif fmt == "pdf":
        content = report_pdf(report)
    else:
        content = report_html(report).encode()
    return content, CONTENT_TYPES[fmt], f"{report.file_stem}.{fmt}"
