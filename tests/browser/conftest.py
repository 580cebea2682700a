"""Browser tests drive Debian's Chromium (Playwright, no browser download)
against a real gunicorn server set up exactly as `make run` sets it up:
its own var directory and database, migrated, with the demo loaded."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live_server import Server, running_server

from . import accessibility

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DEMO_PASSWORD = "browser-demo-pass"


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The running server with its environment, to run a `xiezuo` command against it."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install chromium (.ci/run does it)")
    var = tmp_path_factory.mktemp("var")
    with running_server(var, password=DEMO_PASSWORD, name="browser", static=True) as server:
        yield server


@pytest.fixture(scope="session")
def server(live: Server) -> str:
    return live.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        # While Playwright runs, its event loop runs in this thread, and Django (asgiref's
        # Local) gives the tests run meanwhile connections of their own: close them, or the
        # test database cannot be dropped at the end of the session.
        from django.db import connections

        connections.close_all()
        chromium.close()


@pytest.fixture
def page(browser: Any, server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page in a fresh context, with axe-core auditing every page it shows
    (tests/browser/accessibility.py); the test fails on a critical or serious violation."""
    context = browser.new_context(
        base_url=server, locale="zh-CN", viewport={"width": 1366, "height": 900}
    )
    audit = accessibility.Audit()
    context.expose_binding("__xzAxeReport", audit.report)
    context.add_init_script(script=accessibility.init_script())
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    for open_page in context.pages:
        accessibility.wait_idle(open_page)
    context.close()
    found = audit.violations()
    accessibility.record(request.node.nodeid, audit)
    if found and os.environ.get("XIEZUO_AXE") != "report":
        pytest.fail("accessibility (axe-core, WCAG 2.1 AA):\n" + accessibility.describe(found))


@pytest.fixture
def screenshot() -> Any:
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    assert "/accounts/login/" not in page.url, "sign-in failed"


def sign_out(page: Any) -> None:
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_load_state()
