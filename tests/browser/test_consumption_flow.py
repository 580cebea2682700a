"""Product certification as its users meet it, in a real Chromium against gunicorn on the
demo: Debao's clerk registers a cooperative and applies for its oranges, takes the
township check and the bureau review (recorded after the fact, with their dates); Baise's
approver puts the product to public notice and, the notice over, certifies it — and the
product appears in the public catalogue, read without signing in. Then Shenzhen's
coordinator records a canteen's purchase of it, and Debao's consumption figure
(products_sold, in the entry grid of the monthly sales figures) moves the moment it is
saved."""

import re
from datetime import date, timedelta

import pytest

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.browser

SUPPLIER = "德保县果香种植合作社（浏览器测试）"
PRODUCT = "德保脐橙（浏览器测试）"


CELL = "cell-products_sold--buyer_origin-helper--channel-direct"


def sold(page, month: str) -> float:
    page.goto(f"/data/entry/CONSUMPTION_SALES/451024/{month}/")
    text = page.locator(f"#{CELL} .value").inner_text().strip()
    return 0.0 if text == "—" else float(text.replace(",", ""))


def test_a_product_certified_reaches_the_catalogue_and_its_purchase_the_figure(page, screenshot):
    today = date.today()
    applied_on = today - timedelta(days=30)
    noticed_on = today - timedelta(days=20)

    # Debao's clerk registers the cooperative and applies for its oranges.
    sign_in(page, "clerk")
    page.goto("/consumption/suppliers/")
    page.click("#new-supplier")
    page.wait_for_url("**/consumption/suppliers/new/")
    page.fill("#id_name", SUPPLIER)
    page.select_option("#id_kind", "cooperative")
    page.fill("#id_place", "451024")
    page.fill("#id_households_linked", "42")
    page.fill("#id_linkage", "土地流转、务工、订单收购")
    page.click("#consumption-submit")
    page.wait_for_url(re.compile(r".*/consumption/suppliers/(?!new/)\w+/$"))
    page.click("#apply-product")
    page.wait_for_url("**/apply/")
    page.fill("#id_name", PRODUCT)
    page.select_option("#id_category", "primary")
    page.fill("#id_specification", "5千克/箱")
    page.fill("#id_unit", "箱")
    page.fill("#id_price", "68.00")
    page.fill("#id_capacity_value", "1200000")
    page.fill("#id_capacity_quantity", "17600")
    page.fill("#id_households_benefiting", "30")
    page.fill("#id_on", applied_on.isoformat())
    page.click("#consumption-submit")
    page.wait_for_url(re.compile(r".*/consumption/products/\w+/$"))
    product_url = page.url
    uid = product_url.rstrip("/").rsplit("/", 1)[-1]
    assert page.locator("#product-status").inner_text() == "已申报"

    # The township check and the bureau review, dated the days they were taken; a clerk is
    # offered no decision.
    page.fill("#id_check-on", applied_on.isoformat())
    page.fill("#id_check-comment", "材料齐全，实地核查属实")
    page.click("#take-check")
    page.wait_for_url(product_url)
    assert page.locator("#product-status").inner_text() == "乡镇已初审"
    page.fill("#id_review-on", (today - timedelta(days=31)).isoformat())
    page.click("#take-review")  # before the check: refused beside the date
    page.wait_for_selector("#id_review-on_error")
    page.fill("#id_review-on", noticed_on.isoformat())
    page.click("#take-review")
    page.wait_for_url(product_url)
    assert page.locator("#product-status").inner_text() == "行业部门已审核"
    assert page.locator("#step-notice").count() == 0
    sign_out(page)

    # Baise's approver puts it to a seven-day notice twenty days ago, then certifies it.
    sign_in(page, "approver")
    page.goto(product_url)
    page.fill("#id_notice-on", noticed_on.isoformat())
    page.click("#take-notice")
    page.wait_for_url(product_url)
    assert page.locator("#product-status").inner_text() == "公示中"
    page.click("#take-certify")
    page.wait_for_url(product_url)
    assert page.locator("#product-status").inner_text() == "已认定"
    certificate = page.locator("#product-certificate").inner_text().strip()
    assert certificate.startswith("451024")
    kinds = page.locator("#steps tbody tr").all_inner_texts()
    assert len(kinds) == 5
    screenshot(page, "consumption-certified")
    sign_out(page)

    # The public catalogue shows it, without signing in, with its certificate and QR code.
    page.goto("/products/?place=451024")
    page.click(f"#catalogue-{uid} a")
    page.wait_for_url(f"**/products/{uid}/")
    assert PRODUCT in page.locator("h1").inner_text()
    assert certificate in page.locator("#certificate").inner_text()
    assert page.locator(".qr img").get_attribute("src") == f"/products/{uid}/qr.svg"
    screenshot(page, "consumption-catalogue")

    # Shenzhen's coordinator records a canteen's purchase of it: Debao's figure moves at once.
    month = today.strftime("%Y%m")
    sign_in(page, "viewer")
    before = sold(page, month)
    sign_out(page)
    sign_in(page, "shenzhen")
    page.goto("/consumption/sales/")
    page.click("#record-sale")
    page.wait_for_url("**/consumption/sales/new/")
    page.select_option("#id_buyer", label="深圳市机关事务管理局饭堂（示意）")
    page.select_option("#id_product", label=PRODUCT)
    page.fill("#id_sold_on", today.isoformat())
    page.fill("#id_amount", "8800.00")
    page.fill("#id_quantity", "100")
    page.fill("#id_order_number", f"BROWSER-{today.isoformat()}")
    page.click("#sale-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/consumption/sales/(?!new/)\w+/$"))
    assert page.locator("#sale-counts").is_visible()
    assert "8,800.00" in page.locator("#sale-amount").inner_text()
    screenshot(page, "consumption-sale-recorded")
    sign_out(page)
    sign_in(page, "viewer")
    assert sold(page, month) == before + 8800
    screenshot(page, "consumption-figure-moved")
