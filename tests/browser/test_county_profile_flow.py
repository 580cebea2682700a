"""The county profile (一县一档) as a reader meets it, in a real Chromium against gunicorn on
the demo: from Debao's place page to its profile, and its PDF downloaded and read."""

import re

import pytest
from pypdf import PdfReader

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_reader_opens_debaos_profile_and_downloads_it(page, screenshot):
    sign_in(page, "viewer")
    page.goto("/places/451024/")
    with page.expect_navigation():
        page.click("#place-profile")
    assert re.search(r"/places/451024/profile/$", page.url)
    assert "德保县" in page.locator("h1").inner_text()
    for section in ("designations", "figures", "pairings", "plan-items"):
        assert page.locator(f"#profile-{section}").is_visible(), section
    # Nanshan helps Debao: the pairing is on the profile
    assert "南山区" in page.locator("#profile-pairings").inner_text()
    screenshot(page, "county-profile")

    with page.expect_download() as download:
        page.click("#profile-pdf")
    pdf = download.value
    assert pdf.suggested_filename == "profile-451024.pdf"
    reader = PdfReader(pdf.path())
    text = "".join(p.extract_text() for p in reader.pages)
    assert "德保县" in text and "一县一档" in text
