"""A clerk browses the occupation classification and finds the occupation for a job title as
people write it — in a real Chromium against gunicorn, on the demo."""

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_clerk_opens_the_tree_and_finds_an_occupation_for_a_title(page, screenshot):
    sign_in(page, "clerk")
    page.goto("/occupations/")
    assert page.locator("#occupation-tree > ul > li").count() == 8
    page.click('#occupation-tree li[data-code="6-00-00-00"] > .toggle')
    page.locator('li[data-code="6-25-00-00"]').wait_for()
    page.click('li[data-code="6-25-00-00"] > .toggle')
    page.locator('li[data-code="6-25-04-00"]').wait_for()
    screenshot(page, "occupations-tree")

    page.fill('#occupation-search input[name="q"]', "电子厂普工")
    page.locator("#occupation-suggestions").wait_for()
    first = page.locator("#occupation-suggestions tbody tr").first
    assert first.get_attribute("data-code").startswith("6-25-")
    assert "普工" in first.inner_text()
    screenshot(page, "occupations-suggest")

    page.click('#occupation-suggestions tr[data-code="6-25-04-07"] a')
    page.wait_for_url("**/occupations/6-25-04-07/")
    assert "电子设备装接工" in page.locator("h1").inner_text()
    assert page.locator(".breadcrumbs a").count() == 4
