"""The printable documents: Chinese text embedded and extractable, nothing but static files
loaded."""

from __future__ import annotations

import io

import pypdf
import pytest

from xiezuo.reports.documents import html_to_pdf


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_chinese_text_is_embedded_and_can_be_read_back():
    pdf = html_to_pdf(
        '<html lang="zh-Hans"><body><h1>粤桂扶贫协作</h1>'
        "<p>2017年到位财政帮扶资金8.41亿元</p></body></html>"
    )
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "粤桂扶贫协作" in text
    assert "8.41亿元" in text
    fonts = {
        str(font["/BaseFont"])
        for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("CJK" in name for name in fonts), fonts


@pytest.mark.parametrize(
    "url", ["http://example.org/x.png", "file:///etc/passwd", "/media/secret.png"]
)
def test_a_document_loads_no_outside_resource(url):
    # an image the document may not load is left out; the rest is drawn
    pdf = html_to_pdf(f'<html><body><p>图表</p><img src="{url}"></body></html>')
    assert "图表" in _text(pdf)


def test_the_fetcher_gives_static_files_and_refuses_the_rest():
    from django.contrib.staticfiles import finders

    from xiezuo.reports.documents import _static_fetcher

    fetcher = _static_fetcher()
    response = fetcher.fetch("http://xiezuo.invalid/static/web/xiezuo.css")
    with open(finders.find("web/xiezuo.css"), "rb") as file:
        assert response.read() == file.read()
    for url in (
        "http://example.org/static/x.css",
        "file:///etc/passwd",
        "http://xiezuo.invalid/static/../settings.py",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
