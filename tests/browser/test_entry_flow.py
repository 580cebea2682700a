"""A county clerk enters a figure in the grid, sees it saved and marks the
report complete; the city's approver approves it and the figure is locked —
in a real Chromium against gunicorn."""

import pytest

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.browser

GRID = "/data/entry/TALENT/451024/2019/"  # 2019: no demo values, nothing approved


def test_clerk_enters_and_completes_and_the_approver_approves_and_locks(page, screenshot):
    sign_in(page, "clerk")
    page.goto("/data/?data_set=TALENT&place=451024&period=2019")
    page.wait_for_url(f"**{GRID}")
    assert "2019年" in page.locator("#period").inner_text()

    # A number that is not one is refused beside its cell, in Chinese. (The cadres' training
    # classes: every labour figure is counted from the labour registries, never typed.)
    posts = "#v-cell-cadre_training_classes--total"
    page.fill(posts, "三场")
    page.press(posts, "Tab")
    page.wait_for_selector("#cell-cadre_training_classes--total .cell-error")
    assert (
        "不是数字" in page.locator("#cell-cadre_training_classes--total .cell-error").inner_text()
    )

    # A good one is saved as soon as the clerk leaves the field.
    page.fill(posts, "7")
    page.press(posts, "Tab")
    page.wait_for_selector("#cell-cadre_training_classes--total .cell-ok")
    assert page.input_value(posts) == "7"
    screenshot(page, "entry-saved")

    # The value's history is one click away.
    page.fill(posts, "8")
    with page.expect_response(lambda r: r.url.endswith("/cell/")):
        page.press(posts, "Tab")  # wait for this save, not the previous one's mark
    page.wait_for_selector("#cell-cadre_training_classes--total .cell-ok")
    page.click("#cell-cadre_training_classes--total .history-link")
    page.wait_for_selector("#h-cell-cadre_training_classes--total .history-pop")
    assert "7" in page.locator("#h-cell-cadre_training_classes--total").inner_text()

    page.click("#complete")
    page.wait_for_selector("#uncomplete")
    assert "已完成" in page.locator("#report-state").inner_text()
    screenshot(page, "entry-complete")
    sign_out(page)

    # The approver of Baise finds the report awaiting approval and approves it.
    sign_in(page, "approver")
    page.goto("/data/approvals/")
    row = page.locator('#awaiting tr[data-code="451024"][data-period="2019"]')
    row.locator("a").click()
    page.wait_for_url(f"**{GRID}")
    page.click("#approve")
    page.wait_for_selector("#unapprove")
    assert "已审核" in page.locator("#report-state").inner_text()
    assert page.locator("#cell-cadre_training_classes--total .value").inner_text() == "8"
    assert page.locator(f"{posts}").count() == 0
    screenshot(page, "entry-approved")
    sign_out(page)

    # The clerk sees the report approved and the cells read-only.
    sign_in(page, "clerk")
    page.goto(GRID)
    assert page.locator("input[name=value]").count() == 0
    assert "审核通过" in page.locator("#report-detail").inner_text()
