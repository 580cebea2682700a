"""A user who does not know a place's division code finds it by its Chinese name or its
pinyin in the place field, picks it from the list with the keyboard or the mouse, and gets
its page — in a real Chromium against gunicorn, under the Content-Security-Policy (a
blocked script would leave the list empty and the charts undrawn)."""

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def _watch_policy(page):
    """Messages of scripts the Content-Security-Policy refused."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def test_a_county_is_found_by_its_chinese_name_and_its_coverage_shown(page, screenshot):
    refused = _watch_policy(page)
    sign_in(page, "viewer")
    page.goto("/coverage/")
    page.wait_for_selector("#network canvas, #network svg")  # the Sankey, from xiezuo.js
    field = page.locator("#coverage-place")
    field.fill("")
    field.press_sequentially("德保")
    option = page.locator(
        "#coverage-place-options [role=option]", has_text="德保县 (451024, 百色市)"
    )
    option.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    screenshot(page, "place-search-coverage")
    # keyboard only: down to the county, Enter chooses it (and does not submit)
    options = page.locator("#coverage-place-options [role=option]").all_inner_texts()
    index = next(i for i, text in enumerate(options) if text.startswith("德保县 (451024"))
    for _ in range(index + 1):
        field.press("ArrowDown")
    field.press("Enter")
    assert field.input_value() == "451024"
    assert "德保县 (451024, 百色市)" in page.locator(".combobox-chosen").inner_text()
    assert "place=451024" not in page.url
    with page.expect_navigation():
        page.click("#coverage-form button[type=submit]")
    assert "place=451024" in page.url
    assert "德保县" in page.locator("h1").inner_text()
    assert refused == []


def test_a_county_is_found_by_its_pinyin_in_the_pivot_table(page):
    refused = _watch_policy(page)
    sign_in(page, "viewer")
    page.goto("/pivot/")
    field = page.locator("#id_ou")
    field.fill("")
    field.press_sequentially("debao")
    option = page.locator("#id_ou-options [role=option]", has_text="德保县 (451024, 百色市)")
    assert "Debao County" in option.inner_text()  # what matched the pinyin
    option.click()
    assert field.input_value() == "451024"
    page.select_option("#id_dx", ["job_fairs"])
    page.fill("#id_pe", "2018")
    page.click("#pivot-form button[type=submit]")
    page.wait_for_selector("#pivot-table")
    assert "德保县" in page.locator("#pivot-table tbody th").first.inner_text()
    page.wait_for_selector("#pivot-chart canvas")  # drawn by xiezuo.js after the htmx swap
    assert refused == []


def test_an_english_reader_finds_a_county_by_pinyin_and_reads_it_in_pinyin(page):
    refused = _watch_policy(page)
    sign_in(page, "clerk")
    page.goto("/data/")
    with page.expect_navigation():
        page.click("#language-switch button[type=submit]")
    field = page.locator("#recent-place input[name=place]")
    field.fill("")
    field.press_sequentially("debao")
    option = page.locator(
        "#recent-place [role=option]", has_text="Debao County (451024, Baise City)"
    )
    assert "德保县" in option.inner_text()
    option.click()
    with page.expect_navigation():
        page.click("#recent-place button[type=submit]")
    assert "Reports of Debao County (451024)" in page.locator("h2").first.inner_text()
    assert refused == []
