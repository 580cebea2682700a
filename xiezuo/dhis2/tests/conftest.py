"""Fixtures for the DHIS2-compatible API: clients that authenticate as DHIS2
clients do, and a real gunicorn server for the DHIS2 client libraries."""

from __future__ import annotations

import base64
import os
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.browser.conftest import BIN, _free_port, _postgres_admin

PASSWORD = "test-pass-123"  # the root conftest's make_user password
SERVER_PASSWORD = "dhis2-demo-pass"


@dataclass(frozen=True)
class Server:
    url: str
    env: dict[str, str]
    var: Path


def basic(username: str, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture
def api(make_user: Callable[..., Any]) -> Callable[..., Client]:
    """api(role or user, scope=[...], token=False) -> a client sending Basic (or ApiToken) auth."""
    from xiezuo.accounts.services import token_create

    def make(role_or_user: Any = "viewer", *, token: bool = False, **kwargs: Any) -> Client:
        user = make_user(role_or_user, **kwargs) if isinstance(role_or_user, str) else role_or_user
        header = f"ApiToken {token_create(user=user)[1]}" if token else basic(user.username)
        client = Client(headers={"Authorization": header})
        client.user = user  # type: ignore[attr-defined]
        return client

    return make


@pytest.fixture(scope="session")
def dhis2_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A gunicorn server on its own database with the demo loaded.

    The demo users (admin, clerk, …) sign in with SERVER_PASSWORD.
    """
    var = tmp_path_factory.mktemp("dhis2-var")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(XIEZUO_VAR_DIR=str(var), XIEZUO_DEMO_PASSWORD=SERVER_PASSWORD)
    database_url = os.environ.get("DATABASE_URL", "")
    pg_name = None
    if database_url.startswith(("postgres://", "postgresql://")):
        pg_name = f"xiezuo_dhis2_{uuid.uuid4().hex[:8]}"
        _postgres_admin(database_url, f'CREATE DATABASE "{pg_name}"')
        env["DATABASE_URL"] = database_url.rsplit("/", 1)[0] + "/" + pg_name
    else:
        env["DATABASE_URL"] = f"sqlite:///{var / 'xiezuo.sqlite3'}"
    xiezuo = str(BIN / "xiezuo")
    for command in (["migrate", "--noinput", "-v0"], ["demo", "load", "--quiet"]):
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
                with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not start: " + (var / "gunicorn.log").read_text())
        yield Server(url, env, var)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
        if pg_name and database_url:
            _postgres_admin(database_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def server_token(dhis2_server: Server) -> str:
    """A personal access token of the server's clerk (Debao), made by `xiezuo token create`."""
    done = subprocess.run(
        [str(BIN / "xiezuo"), "token", "create", "clerk", "--name", "dhis2 client test"],
        env=dhis2_server.env,
        cwd=dhis2_server.var,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()
