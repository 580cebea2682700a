"""Every page an administrator can reach by links, in Chinese and in English, audited by
axe-core (the `page` fixture fails the test on a critical or serious WCAG 2.1 A/AA
violation; tests/browser/accessibility.py).

The crawl starts at the overview and follows the site's own links breadth first, one page
per URL pattern (the first link found for `/plans/<id>/` stands for them all), skipping
files (anything that is not HTML), the API, the admin site and signing out; then the public
pages, signed out. The flows' tests audit the pages in their other states (after a save,
an error, an htmx swap)."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from . import accessibility
from .conftest import sign_in, sign_out

pytestmark = pytest.mark.browser

SKIPPED = ("/api/", "/admin/", "/accounts/logout", "/i18n/", "/static/", "/media/", "/metrics")
# files, not pages (Excel, Word, PDF, CSV, JSON; exports, uploads): a big export takes long
FILES = re.compile(
    r"\.(xlsx|docx|pdf|csv|json)$|/export[./]|/export/$|^/labour/excel/\w+/$|/files?/"
)
LIMIT = 400  # pages a crawl may visit; the site has about half as many URL patterns


def route_of(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


def crawl(page, start: str) -> list[str]:
    """The pages visited, following links from `start`, one per URL pattern."""
    queue, routes, visited = deque([start]), set(), []
    while queue and len(visited) < LIMIT:
        url = queue.popleft()
        path = urlsplit(url).path
        route = route_of(path)
        if route is None or route in routes:
            continue
        routes.add(route)
        response = page.request.get(url, max_redirects=0)
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        page.goto(url)
        accessibility.wait_idle(page)  # the audit of this page reported before leaving it
        visited.append(url)
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            if (
                href.startswith("/")
                and not href.startswith(SKIPPED)
                and not FILES.search(urlsplit(href).path)
            ):
                queue.append(href)
    return visited


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_reached_by_links_meets_wcag_21_aa(page, language):
    sign_in(page, "admin")
    if language == "en":
        with page.expect_navigation():
            page.click("#language-switch button[type=submit]")
    assert page.locator("html").get_attribute("lang") == language
    visited = crawl(page, "/")
    assert len(visited) > 60, visited  # the crawl reached the registries, not just the menu
    sign_out(page)
    public = crawl(page, "/disclosure/")
    assert public, "no public page was reached"
