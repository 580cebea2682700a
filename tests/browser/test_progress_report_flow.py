"""The progress report (纪实) as its users meet it, in a real Chromium against gunicorn on
the demo: a reader generates the record for Guangxi as of June 2018, downloads it as Word
and PDF and finds the seed's figures in both; the default yearly report of Baise for 2017
shows Baise's figures; a coordinator breaks a template and the preview names the line."""

import io
from pathlib import Path

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser

SEED = ["新增引导5.59万贫困劳动力", "计划总投资276.5亿元", "接待广东游客4929.12万人次"]


def test_a_reader_generates_the_guangxi_record_and_downloads_word_and_pdf(page, screenshot):
    from docx import Document
    from pypdf import PdfReader

    sign_in(page, "viewer")
    page.goto("/reports/progress/")
    page.fill("#id_place", "45")
    page.fill("#id_period", ":201806")
    page.select_option("#id_template", "record")
    page.select_option("#id_language", "zh")
    page.select_option("#id_format", "html")
    with page.expect_navigation():
        page.click("#generate")
    report = page.locator("#progress-report")
    title = "携手共圆小康梦——粤桂推动东西扶贫协作纪实（2018年6月）"  # the article's own
    assert report.locator("h1").inner_text() == title
    for text in SEED:
        assert text in report.inner_text()
    # a figure leads to its source: the pivot with the same selection
    link = report.locator("a.fig", has_text="5.59万")
    assert "dx=workers_placed%5Bpoverty%3Dpoor%5D" in link.get_attribute("href")
    screenshot(page, "progress-report")

    with page.expect_download() as download_info:
        page.click("#download-docx")
    download = download_info.value
    assert download.suggested_filename.endswith("to-201806.docx")
    document = Document(io.BytesIO(Path(download.path()).read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "劳务协作" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    for seed in SEED:
        assert seed in text

    with page.expect_download() as download_info:
        page.click("#download-pdf")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    pdf_text = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    for figure in ("5.59万", "276.5亿元", "4929.12万人次"):
        assert figure in pdf_text


def test_a_reader_gets_the_yearly_report_of_baise_by_default(page):
    sign_in(page, "viewer")
    page.goto("/reports/progress/")
    assert page.locator("#id_template").input_value() == "yearly"
    page.fill("#id_place", "4510")
    page.fill("#id_period", "2017")
    with page.expect_navigation():
        page.click("#generate")
    report = page.locator("#progress-report")
    assert report.locator("h1").inner_text() == "百色市东西部扶贫协作工作报告（2017年）"
    text = report.inner_text()
    assert "新增引导1.41万名贫困劳动力到广东就业" in text  # Baise's 2017, not Guangxi's 4.5万
    assert "德保县" in text  # the tables are by Baise's counties


def test_a_coordinator_sees_a_templates_syntax_error_with_its_line(page):
    sign_in(page, "coordinator")
    page.goto("/reports/progress/templates/")
    with page.expect_navigation():
        page.locator("#template-list a", has_text="record").first.click()
    page.fill("#body_2", "第一行\n第二行 {{ place.name }}\n{% if %}")
    page.locator("#section-2 .preview-button").click()
    error = page.locator("#preview-2 .preview-error")
    error.wait_for()
    assert error.inner_text().startswith("第3行")

    page.fill("#body_2", '招聘会{{ fig("job_fairs", period="201701:201803") }}场')
    page.locator("#section-2 .preview-button").click()
    page.locator("#preview-2 .preview-result").wait_for()
    assert page.locator("#preview-2").inner_text() == "招聘会135场"
