"""Tourism cooperation as its users meet it, in a real Chromium against gunicorn on the demo:
Debao's clerk records a scenic spot, grants Guangdong visitors a ticket discount and reports
last month's visitors — and the county's figure of Guangdong visitors moves the moment the
month is saved (the entry grid shows it read-only, counted from the tourism registry)."""

import re
from datetime import date, timedelta

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser

SPOT = "黄连山景区（浏览器测试）"


def grid_value(page, year: int) -> int:
    page.goto(f"/data/entry/TOURISM/451024/{year}/")
    text = page.locator("#cell-guangdong_visitors--total .value").inner_text().strip()
    return 0 if text == "—" else int(text.replace(",", ""))


def test_a_clerk_adds_a_spot_with_a_discount_and_reports_a_month(page, screenshot):
    last_month = date.today().replace(day=1) - timedelta(days=1)
    sign_in(page, "clerk")
    before = grid_value(page, last_month.year)

    page.goto("/tourism/")
    page.click("#new-spot")
    page.wait_for_url("**/tourism/spots/new/")
    page.fill("#id_name", SPOT)
    page.fill("#id_place", "451024")
    page.select_option("#id_grade", "AAAA")
    page.select_option("#id_kind", "natural")
    page.click("#record-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/tourism/spots/(?!new/)\w+/$"))
    assert page.locator("h1").inner_text().startswith(SPOT)

    # a discount that ends before it begins is refused beside its field, nothing written
    page.select_option("#discount-form #id_audience", "helper_province")
    page.select_option("#discount-form #id_kind", "free")
    page.fill("#discount-form #id_valid_from", "2019-05-01")
    page.fill("#discount-form #id_valid_to", "2019-04-01")
    page.click("#discount-form button[type=submit]")
    assert "折扣的结束日期早于开始日期" in page.content()
    page.fill("#discount-form #id_valid_to", "")
    page.click("#discount-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/tourism/spots/\w+/$"))
    assert page.locator("#discounts tbody tr", has_text="免门票").count() == 1

    page.fill("#visitor-form #id_period", f"{last_month:%Y-%m}")
    page.fill("#visitor-form #id_visitors", "12000")
    page.fill("#visitor-form #id_helper_visitors", "3456")
    with page.expect_navigation():
        page.click("#visitor-form button[type=submit]")
    assert page.locator(f"#month-{last_month:%Y%m}").inner_text().count("3456") == 1
    screenshot(page, "tourism-spot")

    assert grid_value(page, last_month.year) == before + 3456
    screenshot(page, "tourism-figure")
