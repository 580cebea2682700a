"""Consumption assistance as its users meet it, in a real Chromium against gunicorn on the
demo: Shenzhen's coordinator records a canteen's purchase of a certified product of
Tiandong, and the county's consumption figure (products_sold, in the entry grid of the
monthly sales figures) moves the moment it is saved."""

import re

import pytest

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.browser

COUNTY, MONTH = "451022", "201906"  # the demo's Tiandong mangoes, certified 2017-12-20
CELL = "cell-products_sold--buyer_origin-helper--channel-direct"


def sold(page) -> float:
    page.goto(f"/data/entry/CONSUMPTION_SALES/{COUNTY}/{MONTH}/")
    text = page.locator(f"#{CELL} .value").inner_text().strip()
    return 0.0 if text == "—" else float(text.replace(",", ""))


def test_a_shenzhen_purchase_of_a_certified_product_moves_the_figure_at_once(page, screenshot):
    sign_in(page, "viewer")
    before = sold(page)
    sign_out(page)

    sign_in(page, "shenzhen")
    page.goto("/consumption/sales/")
    page.click("#record-sale")
    page.wait_for_url("**/consumption/sales/new/")
    page.select_option("#id_buyer", label="深圳市机关事务管理局饭堂（示意）")
    page.select_option("#id_product", label="田东香芒")
    page.fill("#id_sold_on", "2019-06-15")
    page.fill("#id_amount", "8800.00")
    page.fill("#id_quantity", "100")
    page.fill("#id_order_number", "BROWSER-2019-06-15")
    page.click("#sale-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/consumption/sales/(?!new/)\w+/$"))
    assert page.locator("#sale-counts").is_visible()
    assert "8,800.00" in page.locator("#sale-amount").inner_text()
    screenshot(page, "sales-recorded")
    sign_out(page)

    sign_in(page, "viewer")
    assert sold(page) == before + 8800
    screenshot(page, "sales-figure-moved")
