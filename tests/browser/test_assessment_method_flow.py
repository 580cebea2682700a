"""The assessment method editor as a coordinator meets it, in a real Chromium on the demo:
she copies the shipped 2017 method for a new year, moves a point onto one criterion so
that the weights no longer add up, reads why it is refused, and fixes it."""

import re

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_coordinator_copies_the_2017_method_and_fixes_a_weight(page, screenshot):
    sign_in(page, "coordinator")
    page.goto("/assessments/methods/")
    page.click("#method-east-west-2017 a:has-text('复制')")
    page.wait_for_url("**/assessments/methods/east-west-2017/copy/")
    page.fill("#id_code", "gx-browser-2019")
    page.fill("#id_year_from", "2019")
    page.fill("#id_name_zh", "广西东西部扶贫协作考核办法（2019年，浏览器测试）")
    page.click("#save")
    page.wait_for_url("**/assessments/methods/gx-browser-2019/")
    assert page.locator("#weights-total").inner_text() == "100"

    page.click("#edit-weights")
    page.wait_for_url("**/assessments/methods/gx-browser-2019/weights/")
    meetings = page.get_by_label(re.compile("组织领导 › 高层互访与联席会议 › 召开联席会议"))
    meetings.fill("8")
    page.click("#save")
    assert "权重合计为103，不等于满分100。" in page.locator(".errorlist").first.inner_text()

    visits = page.get_by_label(re.compile("组织领导 › 高层互访与联席会议 › 党政领导互访"))
    visits.fill("2")
    page.click("#save")
    page.wait_for_url("**/assessments/methods/gx-browser-2019/")
    assert page.locator("#weights-total").inner_text() == "100"
    row = page.locator("#area-leadership [data-sum=area]")
    assert row.inner_text() == "15"
    screenshot(page, "assessment-method")
