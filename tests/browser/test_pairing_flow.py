"""A coordinator signs in, browses the place tree, pairs an unpaired poor
village and sees the coverage change — in a real Chromium against gunicorn."""

import re

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_coordinator_browses_the_tree_pairs_a_village_and_sees_coverage_change(page, screenshot):
    sign_in(page, "coordinator")
    # The overview speaks Chinese and shows the seed's coverage.
    assert "结对" in page.content()
    assert page.locator('[data-level="county"]').inner_text().startswith("33")

    # Browse the tree lazily: Guangxi → Baise → Debao.
    page.click('nav a[href="/places/"]')
    page.wait_for_url("**/places/")
    page.click('li[data-code="45"] > .toggle')
    page.wait_for_selector('li[data-code="4510"]')
    page.click('li[data-code="4510"] > .toggle')
    page.wait_for_selector('li[data-code="451024"]')
    page.click('li[data-code="451024"] > a')
    page.wait_for_url("**/places/451024/")
    assert "德保县" in page.locator("h1").inner_text()
    assert "贫困县" in page.locator("#designations").inner_text()
    screenshot(page, "place-debao")

    # Coverage of Guangxi: 106 of the designated poor villages are paired.
    page.goto("/coverage/?place=45")
    before = page.locator("#paired-village").inner_text()
    assert before.startswith("106")
    screenshot(page, "coverage-before")
    first_unpaired = page.locator('table[data-level="village"] tbody tr').first
    village_code = first_unpaired.locator("code").inner_text()
    first_unpaired.locator("a", has_text="结对").click()

    # The form comes filled with the helped village; the coordinator names a
    # Shenzhen Nanshan community as the helper.
    page.wait_for_url(re.compile(r".*/pairings/new/.*"))
    assert page.input_value("#id_helped_place") == village_code
    page.select_option("#id_kind", "village")
    page.fill("#id_helper_place", "440305001001")
    page.click("#pairing-form button[type=submit]")
    page.wait_for_load_state()
    screenshot(page, "pairing-saved")
    page.wait_for_url(re.compile(r".*/pairings/\d+/$"))
    assert village_code in page.locator("#pairing").inner_text()
    assert "440305001001" in page.locator("#pairing").inner_text()

    page.goto("/coverage/?place=45")
    assert page.locator("#paired-village").inner_text().startswith("107")
    assert village_code not in page.locator("#unpaired").inner_text()
    screenshot(page, "coverage-after")


def test_the_interface_switches_to_english(page):
    sign_in(page, "viewer")
    page.click("#language-switch button")
    page.wait_for_load_state()
    assert "Pairings" in page.locator("nav").inner_text()


def test_a_refused_pairing_shows_the_message_under_its_field_in_the_browser(page, screenshot):
    sign_in(page, "coordinator")
    page.goto("/pairings/new/")
    page.select_option("#id_kind", "county")
    page.fill("#id_helper_place", "440305")
    page.fill("#id_helped_place", "451024")  # Nanshan → Debao is paired already
    with page.expect_navigation() as navigation:
        page.click("#pairing-form button[type=submit]")
    assert navigation.value.status == 422
    # as the browser parsed it: the errors inside the field's container, after the input
    field = page.locator("#field-id_helped_place")
    assert field.locator("#id_helped_place_error").inner_text() == "双方已有该类型的有效结对"
    assert page.get_attribute("#id_helped_place", "aria-invalid") == "true"
    assert page.locator("#field-id_helper_place .errorlist").count() == 0
    screenshot(page, "pairing-refused")
