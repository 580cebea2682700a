"""The report as Word and PDF: opened as a reader would, the headings and figures are there."""

from __future__ import annotations

import io

import pytest

from xiezuo.reports.progress.documents import report_docx, report_file, report_pdf

from .conftest import generate

pytestmark = pytest.mark.django_db


def test_the_word_file_has_the_headings_paragraphs_and_tables(guangxi_record):
    from docx import Document

    document = Document(io.BytesIO(report_docx(guangxi_record)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["引言", "组织领导", "资金支持"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "新增引导5.59万贫困劳动力" in text
    assert "计划总投资276.5亿元" in text
    assert len(document.tables) >= 3
    assert document.tables[1].rows[0].cells[1].text == "签约项目"


def test_the_word_file_sets_a_chinese_font_for_east_asian_text(guangxi_record):
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(report_docx(guangxi_record)))
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Noto Sans CJK SC"


def test_the_pdf_text_shows_the_figures_in_chinese(guangxi_record):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(report_pdf(guangxi_record)))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert "劳务协作" in text
    assert "5.59万" in text
    assert "276.5亿元" in text
    assert "4929.12万人次" in text


def test_the_file_name_has_the_place_and_the_period(guangxi_record):
    _content, content_type, name = report_file(guangxi_record, "docx")
    assert name == "progress-45-广西壮族自治区-to-201806.docx"
    assert content_type.endswith("wordprocessingml.document")


def test_the_english_record_reads_in_english():
    report = generate(language="en")
    from docx import Document

    document = Document(io.BytesIO(report_docx(report)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Labour cooperation" in text
    assert "55,900 poor workers were newly placed" in text
    assert "more than 18,000 people" in text
    assert "27.65 billion yuan" in text
    assert "49.29 million visitors" in text
    assert report.title.endswith("(June 2018)")  # the article's, whatever the period
