"""Debao's clerk records a project, adds its budget and moves it on; the coordinator
publishes it once nothing is missing — in a real Chromium against gunicorn."""

import re

import pytest

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.browser


def test_a_clerk_records_a_project_and_the_coordinator_publishes_it(page, screenshot):
    sign_in(page, "clerk")
    page.click('nav a[href="/projects/"]')
    page.wait_for_url("**/projects/")
    page.click("text=新建项目")
    page.fill("#id_name", "德保县芒果加工车间")
    page.select_option("#id_kind", "industry")
    page.fill("#id_locations", "451024")
    page.fill("#id_planned_start_on", "2018-05-01")
    page.fill("#id_planned_end_on", "2018-12-31")
    page.select_option("#id_implementing_organisation", label="德保县扶贫开发办公室")
    page.select_option("#id_partners", label="深圳市对口帮扶办公室")
    page.fill("#id_households_expected", "80")
    page.fill("#id_benefit_mechanism", "收购贫困户芒果，吸纳贫困劳动力务工")
    page.click("#project-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/projects/\d+/$"))
    project_url = page.url
    assert page.locator("#publish-missing").inner_text() == "预算"

    # An amount with three decimals is refused beside the amount; two are taken.
    page.select_option("#budget_source", "helper_fiscal")
    page.fill("#budget_amount", "1200000.005")
    with page.expect_navigation() as navigation:
        page.click("#budget-form button[type=submit]")
    assert navigation.value.status == 422
    error = page.locator("#budget_amount_error").inner_text()
    assert error == "“1200000.005”：以元计的金额最多两位小数。"
    page.fill("#budget_amount", "1200000.50")
    page.click("#budget-form button[type=submit]")
    page.wait_for_url(project_url)
    assert page.locator("#budget-total").inner_text() == "120万"
    assert page.locator("#publish-missing").count() == 0

    page.select_option("#step_status", "approved")  # today, as the form proposes
    with page.expect_navigation():
        page.click("#step-form button[type=submit]")
    assert page.locator("#project-status").inner_text() == "已批准"
    screenshot(page, "project-recorded")
    sign_out(page)

    sign_in(page, "coordinator")
    page.goto(project_url)
    with page.expect_navigation():
        page.click("#publish-form button[type=submit]")
    assert page.locator("#published").inner_text().startswith("已于")
    screenshot(page, "project-published")
