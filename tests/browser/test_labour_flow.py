"""Labour cooperation as its users meet it, in a real Chromium against gunicorn on the demo:
Shenzhen's coordinator posts a job; Debao's clerk registers a poor worker, finds the job
among the worker's matches (with the reasons), records the placement and, three months on,
the follow-up — and the county's labour figures move the moment each is saved."""

import re
from datetime import date, timedelta

import pytest

from xiezuo.labour.dates import add_months
from xiezuo.personal.identity import synthetic_identity

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.browser

TITLE = "电子设备装接工（浏览器测试）"


def grid_value(page, period: str, cell: str) -> int:
    page.goto(f"/data/entry/LABOUR/451024/{period}/")
    text = page.locator(f"#{cell} .value").inner_text().strip()
    return 0 if text == "—" else int(text.replace(",", ""))


def test_a_clerk_registers_matches_places_and_follows_up_and_the_figures_move(page, screenshot):
    today = date.today()
    started = today - timedelta(days=100)
    placed_period = f"{started:%Y%m}"
    stable_period = f"{add_months(started, 3):%Y%m}"
    placed_cell = "cell-workers_placed--poverty-poor"
    stable_cell = "cell-stable_3_months--poverty-poor"

    # Shenzhen's coordinator posts a job open since well before the worker started.
    sign_in(page, "shenzhen")
    page.goto("/labour/postings/")
    page.click("#new-posting")
    page.wait_for_url("**/labour/postings/new/")
    page.select_option("#id_employer", label="深圳市南山区帮扶企业6号（示例）")
    page.fill("#id_title", TITLE)
    page.fill("#id_occupation", "6-25-04-07")
    page.fill("#id_place_of_work", "440305")
    page.fill("#id_openings", "30")
    page.fill("#id_wage_min", "5200")
    page.fill("#id_wage_max", "6800")
    page.fill("#id_offered_to", "451024")
    page.fill("#id_valid_from", (today - timedelta(days=120)).isoformat())
    page.fill("#id_valid_to", (today + timedelta(days=90)).isoformat())
    page.click("#labour-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/labour/postings/(?!new/)\w+/$"))
    posting_uid = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert page.locator("h1").inner_text().startswith(TITLE)
    sign_out(page)

    # Debao's clerk notes the county's figures, then registers a poor worker who wants
    # to assemble electronics in Guangdong.
    sign_in(page, "clerk")
    placed_before = grid_value(page, placed_period, placed_cell)
    stable_before = grid_value(page, stable_period, stable_cell)
    page.goto("/labour/")
    page.goto("/labour/workers/new/")
    identity = synthetic_identity(49_990, date(1995, 8, 20), "female", "451024")
    page.fill("#id_identity", str(identity))
    page.fill("#id_name", "覃小满")
    page.fill("#id_home", "451024105")
    page.select_option("#id_poverty_status", "poor")
    page.fill("#id_wish_occupation", "6-25-04-07")
    page.select_option("#id_wish_destination", "helper")
    page.fill("#id_expected_wage", "4500")
    page.fill("#id_phone", "13800001234")
    page.click("#labour-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/labour/workers/(?!new/)\w+/$"))
    worker_url = page.url
    # the clerk's own county: the identity number is shown in full to him
    assert str(identity) in page.content()

    # The posting is among the worker's matches, with the reasons it earned its points.
    match = page.locator("#matches tbody tr", has_text=TITLE)
    assert match.count() == 1
    reasons = match.locator("td").nth(2).inner_text()
    assert "6-25-04-07" in reasons and "6800" in reasons.replace(",", "")
    screenshot(page, "labour-worker-matches")
    match.locator("a").first.click()
    page.wait_for_url(f"**/labour/postings/{posting_uid}/")
    assert page.locator("#matches tbody tr", has_text="覃小满").count() == 1

    # The placement, into the posting found, a hundred days ago.
    page.goto(worker_url)
    page.click("#record-job")
    page.fill("#id_started_on", started.isoformat())
    page.select_option("#id_channel", "organised")
    page.fill("#id_posting", posting_uid)
    page.click("#labour-form button[type=submit]")
    page.wait_for_url(worker_url)
    assert grid_value(page, placed_period, placed_cell) == placed_before + 1

    # Three months on, the follow-up is due: it is on the reminder list, and recorded.
    page.goto("/labour/placements/?place=451024")
    due = page.locator("#follow-ups-due tr", has_text="覃小满")
    assert due.count() == 1
    screenshot(page, "labour-follow-up-due")
    due.locator("a", has_text="3").click()
    page.wait_for_url("**/follow-up/")
    page.select_option("#id_employed", "yes")
    page.fill("#id_checked_on", today.isoformat())
    page.click("#labour-form button[type=submit]")
    page.wait_for_url("**/labour/placements/")
    assert page.locator("#follow-ups-due tr", has_text="覃小满").count() == 0
    assert grid_value(page, stable_period, stable_cell) == stable_before + 1
    derived = page.locator(f"#{stable_cell} .tag.derived").inner_text()
    assert derived == "来自就业登记"
    screenshot(page, "labour-figures-moved")
