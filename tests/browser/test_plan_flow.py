"""A coordinator puts a work item due in a few days on the plan; the county clerk
answering for it opens it (at risk: nothing recorded), posts an update with a
photo at 100 %, sees it on the item's page, and the supervision board counts
the item as done — in a real Chromium against gunicorn."""

import re
import struct
import zlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.browser

TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the server's TIME_ZONE


def tiny_png() -> bytes:
    """A 48×48 PNG, made here so that the test needs no image file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xb3\x26\x1e" * 48 for _ in range(48))
    header = struct.pack(">IIBBBBB", 48, 48, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def test_a_clerk_posts_an_update_with_a_photo_and_the_board_counts_the_item_done(page, screenshot):
    # The coordinator records a memorandum and an item Debao answers for, due in 5 days.
    sign_in(page, "coordinator")
    page.goto("/plans/")
    screenshot(page, "plan-documents")
    page.click("#new-document")
    page.select_option("#id_kind", "memorandum")
    page.fill("#id_title", "浏览器测试备忘录")
    # his side signs it: a coordinator edits only documents with a party in his scope
    page.select_option("#id_parties", label="粤桂扶贫协作办公室")
    page.fill("#id_starts_on", day(-60))
    page.fill("#id_ends_on", day(60))
    page.fill("#id_categories", "劳务协作")
    page.click("#document-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    document_url = page.url
    page.click("#new-item")
    page.select_option("#id_category", label="劳务协作")
    page.fill("#id_title", "组织德保县贫困劳动力技能培训")
    page.select_option("#id_lead", label="百色市扶贫开发办公室")
    page.fill("#id_places", "451024")
    page.fill("#id_starts_on", day(-20))
    page.fill("#id_due_on", day(5))
    page.click("#item-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/plans/items/\d+/$"))
    item_url = page.url
    sign_out(page)

    # Debao's clerk opens it: nothing recorded with most of its time gone.
    sign_in(page, "clerk")
    page.goto(item_url)
    status = page.locator("h1 .plan-status")
    assert status.get_attribute("data-status") == "at_risk"
    assert "有风险" in status.inner_text()
    assert "尚无任何进展记录" in page.locator("#status-reasons").inner_text()
    screenshot(page, "plan-item-at-risk")

    # … and posts an update with a photo, 100 % done.
    page.fill("#id_text", "培训班已结业，共培训 120 人，其中建档立卡贫困劳动力 86 人。")
    page.fill("#id_percent", "100")
    page.set_input_files(
        "#id_files", files=[{"name": "培训现场.png", "mimeType": "image/png", "buffer": tiny_png()}]
    )
    page.click("#update-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/plans/items/\d+/#updates$"))
    assert page.locator("h1 .plan-status").get_attribute("data-status") == "done"
    update = page.locator("article.plan-update").first
    assert "100%" in update.inner_text() and "德保县填报员" in update.inner_text()
    link = update.locator("a.evidence-link")
    assert link.inner_text() == "培训现场.png"
    assert re.match(r"^/plans/evidence/\w+/$", link.get_attribute("href") or "")
    thumb = update.locator("img.thumb")
    thumb.wait_for()
    # The thumbnail loads lazily: bring it into view and wait until the browser has decoded it.
    thumb.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
    )
    assert page.evaluate("img => img.naturalWidth", thumb.element_handle()) == 48
    screenshot(page, "plan-item-done")

    # The supervision board counts the item as done.
    page.goto(document_url)
    page.click("a[href$='/board/']")
    page.wait_for_url(re.compile(r".*/plans/\d+/board/.*"))
    counts = page.locator("#board-counts")
    assert counts.locator("[data-status='done'] b").inner_text() == "1"
    assert counts.locator("[data-status='at_risk'] b").inner_text() == "0"
    assert (
        page.locator("tr[data-status='done']", has_text="组织德保县贫困劳动力技能培训").count() == 1
    )
    screenshot(page, "plan-board-done")
