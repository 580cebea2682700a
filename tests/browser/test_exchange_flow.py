"""The talent exchange's quotas as a coordinator meets them, in a real Chromium against
gunicorn on the demo: Shenzhen's coordinator records a Nanshan cadre's secondment to
Debao; the programme's coordinator sets Debao's quotas for the year, and "planned vs in
post" shows both for that day."""

import re

import pytest

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.browser


def record_a_secondment(page) -> None:
    """Shenzhen's coordinator registers a Nanshan cadre and records his secondment to Debao
    as vice county head, in post since 2023-03-01."""
    sign_in(page, "shenzhen")
    page.goto("/exchange/people/new/")
    page.fill("#id_name", "浏览器测试挂职干部")
    page.select_option("#id_category", "cadre")
    page.fill("#id_rank", "副处级")
    page.fill("#id_home", "440305")
    page.click("#record-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/exchange/people/(?!new/)\w+/$"))
    page.click("#record-secondment")
    page.wait_for_url("**/secondments/new/")
    page.select_option("#id_direction", "to_helped")
    page.select_option("#id_kind", "secondment")
    page.fill("#id_origin", "440305")
    page.fill("#id_host", "451024")
    page.fill("#id_post", "副县长")
    page.fill("#id_planned_start", "2023-03-01")
    page.fill("#id_planned_end", "2025-02-28")
    page.fill("#id_started_on", "2023-03-01")
    page.click("#record-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/exchange/secondments/\w+/$"))
    sign_out(page)


def test_a_secondment_recorded_shows_in_post_against_the_quota_set(page, screenshot):
    record_a_secondment(page)
    sign_in(page, "coordinator")
    page.goto("/exchange/quotas/?year=2023&on=2023-06-01&place=4510")
    assert page.locator("#quota-451024 .cadres-in-post").inner_text() == "1"
    assert page.locator("#quota-451024 .cadres-planned").inner_text() == "0"

    page.fill("#id_place", "451024")
    page.fill("#id_year", "2023")
    page.select_option("#id_direction", "to_helped")
    page.fill("#id_cadres", "2")
    page.fill("#id_professionals", "6")
    page.fill("#id_source", "2023年粤桂扶贫协作协议")
    with page.expect_navigation():
        page.click("#quota-save")

    page.goto("/exchange/quotas/?year=2023&on=2023-06-01&place=4510")
    row = page.locator("#quota-451024")
    assert row.locator(".cadres-planned").inner_text() == "2"
    assert row.locator(".cadres-in-post").inner_text() == "1"
    assert row.locator(".professionals-planned").inner_text() == "6"
    assert row.locator(".planned").inner_text() == "8"
    assert row.locator(".in-post").inner_text() == "1"
    screenshot(page, "exchange-quotas")

    # before the cadre arrived, nobody was in post
    page.goto("/exchange/quotas/?year=2023&on=2023-02-28&place=451024")
    assert page.locator("#quota-451024 .in-post").inner_text() == "0"
