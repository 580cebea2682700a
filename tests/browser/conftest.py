"""Browser tests drive Debian's Chromium (Playwright, no browser download)
against a real gunicorn server set up exactly as `make run` sets it up:
its own var directory and database, migrated, with the demo loaded."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DEMO_PASSWORD = "browser-demo-pass"
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_admin(url: str, sql: str) -> None:
    import psycopg

    base = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install chromium (.ci/run does it)")
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(XIEZUO_VAR_DIR=str(var), XIEZUO_DEMO_PASSWORD=DEMO_PASSWORD)
    database_url = os.environ.get("DATABASE_URL", "")
    pg_name = None
    if database_url.startswith(("postgres://", "postgresql://")):
        pg_name = f"xiezuo_browser_{uuid.uuid4().hex[:8]}"
        _postgres_admin(database_url, f'CREATE DATABASE "{pg_name}"')
        env["DATABASE_URL"] = database_url.rsplit("/", 1)[0] + "/" + pg_name
    else:
        env["DATABASE_URL"] = f"sqlite:///{var / 'xiezuo.sqlite3'}"
    xiezuo = str(BIN / "xiezuo")
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["demo", "load", "--quiet"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([xiezuo, *command], env=env, check=True, cwd=var, capture_output=True)
    port = _free_port()
    log = open(var / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "xiezuo.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        env=env,
        cwd=var,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not start: " + (var / "gunicorn.log").read_text())
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
        if pg_name and database_url:
            _postgres_admin(database_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


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
        chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(
        base_url=server, locale="zh-CN", viewport={"width": 1366, "height": 900}
    )
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


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
