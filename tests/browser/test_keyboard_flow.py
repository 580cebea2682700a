"""With the keyboard alone — no mouse, no click — a clerk signs in, skips the menu, fills
the entry grid cell to cell, hears each save and each refusal (the grid's live regions),
opens and closes a value's history, and marks the report complete; a coordinator opens
the tree of places and filters the supervision board. The focus is visible at every step
(WCAG 2.1.1, 2.4.1, 2.4.7, 4.1.3). Each page is audited by axe-core as well (the `page`
fixture)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

# the education data set of Debao for 2021: no demo values there, nothing approved, and
# no other browser test writes it
GRID = "/data/entry/EDUCATION/451024/2021/"
FIELD = "table.entry-grid td.cell [name=value]"


def focused(page: Any, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)",
                         selector)  # fmt: skip


def focused_id(page: Any) -> str:
    return page.evaluate("() => document.activeElement ? document.activeElement.id : ''")


def focus_is_visible(page: Any) -> bool:
    """The focused element shows an outline (the house :focus-visible style)."""
    return page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"
    )


def tab_to(page: Any, selector: str, limit: int = 300, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focus is on `selector`."""
    for _ in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"Tab never reached {selector}")


def keyboard_sign_in(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focused(page, "#id_password")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url, "sign-in failed"


def wait_said(page: Any, region: str, text: str) -> str:
    page.wait_for_function(
        "([region, text]) => document.querySelector(region).textContent.includes(text)",
        arg=[region, text],
    )
    return page.locator(region).text_content()


def test_a_clerk_fills_the_entry_grid_and_completes_it_with_the_keyboard_alone(page):
    keyboard_sign_in(page, "clerk")
    page.goto(GRID)

    # The first Tab shows the skip link; Enter takes the focus past the menu to the content.
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link")
    assert page.locator("a.skip-link").inner_text() == "跳到正文"
    assert page.locator("a.skip-link").bounding_box()["y"] >= 0  # on the screen, not off it
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    assert focused(page, "main#main")

    # The first field of the grid is a few Tabs away (the period links, the report's buttons).
    fields = page.locator(FIELD)
    ids = [fields.nth(i).get_attribute("id") for i in range(fields.count())]
    assert len(ids) >= 3, ids
    tab_to(page, FIELD)
    assert focused_id(page) == ids[0]
    assert focus_is_visible(page)

    # A word is refused: the alert region says which field and why, at once.
    page.keyboard.type("三十")
    page.keyboard.press("Enter")  # Enter saves and goes down a row
    alert = wait_said(page, "#entry-alert", "不是数字")
    label = page.locator(f"#{ids[0]}").get_attribute("aria-label").strip()
    assert alert.startswith(label), alert
    second = focused_id(page)
    assert second != ids[0] and second in ids

    # Shift+Enter goes back up; the field says what is wrong with it (aria-describedby).
    page.keyboard.press("Shift+Enter")
    assert focused_id(page) == ids[0]
    assert page.locator(f"#{ids[0]}").get_attribute("aria-invalid") == "true"
    page.keyboard.type("30")  # the field's text was selected on arrival: typing replaces it
    page.keyboard.press("Enter")
    said = wait_said(page, "#entry-status", "已保存")
    assert said == f"{label}：已保存", said
    assert page.locator("#entry-alert").text_content() == ""
    assert focused_id(page) == second

    # Every other field, down each column and on to the next, each saved as the clerk moves
    # on; from the last one, Tab leaves the grid.
    entered = {ids[0]: "30"}
    for number in range(1, len(ids) + 1):
        current = focused_id(page)
        if current not in ids or current in entered:
            break
        entered[current] = str(number)
        page.keyboard.type(str(number))
        with page.expect_response(lambda r: r.url.endswith("/cell/")):
            page.keyboard.press("Enter")
            if focused_id(page) == current:  # the last field: Enter stays
                page.keyboard.press("Tab")
    assert sorted(entered) == sorted(ids)  # Enter reached every field
    assert len(entered) >= 3, entered
    for dom_id, value in entered.items():
        cell = page.locator(f"#{dom_id.removeprefix('v-')}")
        cell.locator(".cell-ok").wait_for()
        assert page.input_value(f"#{dom_id}") == value

    # A value's history opens as a dialog that takes the focus; Escape gives it back.
    page.goto(GRID)
    tab_to(page, "td.cell .history-link")
    link_cell = page.evaluate("() => document.activeElement.closest('td').id")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('.history-pop')")
    assert "30" in page.locator(f"#h-{link_cell} .history-pop").inner_text()
    page.keyboard.press("Escape")
    assert page.locator(f"#h-{link_cell} .history-pop").count() == 0
    assert focused(page, f"#{link_cell} .history-link")
    # and its Close button does the same
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('.history-pop')")
    tab_to(page, f"#h-{link_cell} button[data-close]")
    page.keyboard.press("Enter")
    assert page.locator(f"#h-{link_cell} .history-pop").count() == 0
    assert focused(page, f"#{link_cell} .history-link")

    # The report is marked complete from the keyboard.
    tab_to(page, "#complete", back=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "已完成" in page.locator("#report-state").inner_text()


def test_a_coordinator_opens_the_place_tree_and_filters_the_board_with_the_keyboard_alone(page):
    keyboard_sign_in(page, "coordinator")

    # The tree of places opens branch by branch from the keyboard (its ▸ is a button).
    page.goto("/places/")
    guangxi = 'li[data-code="45"] > button.toggle'
    tab_to(page, guangxi)
    assert page.get_attribute(guangxi, "aria-expanded") == "false"
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_selector('li[data-code="4510"]')
    assert page.get_attribute(guangxi, "aria-expanded") == "true"
    assert page.get_attribute(guangxi, "aria-label") == "展开广西壮族自治区"
    page.goto("/plans/")
    board = page.locator("a[href$='/board/']").first.get_attribute("href")
    page.goto(board)
    everything = page.locator("tr[data-item]").count()
    assert everything > 5

    # The category: the first one, chosen with the arrow key.
    tab_to(page, "#board-filters select[name=category]")
    assert focus_is_visible(page)
    page.keyboard.press("ArrowDown")
    category = page.input_value("#board-filters select[name=category]")
    assert category == "1"

    # The status: down the list to "done" (已完成).
    tab_to(page, "#board-filters select[name=status]")
    for _ in range(10):
        if page.input_value("#board-filters select[name=status]") == "done":
            break
        page.keyboard.press("ArrowDown")
    assert page.input_value("#board-filters select[name=status]") == "done"

    # Show: Tab to the button and press Enter.
    tab_to(page, "#board-filters button[type=submit]")
    assert focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"[?&]category=1(&|$)", page.url) and "status=done" in page.url
    rows = page.locator("tr[data-item]")
    assert 0 < rows.count() < everything
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.status)")) == {"done"}
    assert page.input_value("#board-filters select[name=category]") == "1"

    # Clearing the filters is a link the keyboard reaches too.
    tab_to(page, "#board-filters a:not(.button)")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("tr[data-item]").count() == everything
