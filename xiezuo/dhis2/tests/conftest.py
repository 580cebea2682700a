"""Fixtures for the DHIS2-compatible API: clients that authenticate as DHIS2
clients do, and a real gunicorn server for the DHIS2 client libraries."""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from tests.live_server import BIN, Server, running_server

PASSWORD = "test-pass-123"  # the root conftest's make_user password
SERVER_PASSWORD = "dhis2-demo-pass"


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
    with running_server(
        tmp_path_factory.mktemp("dhis2-var"), password=SERVER_PASSWORD, name="dhis2"
    ) as live:
        yield live


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


@pytest.fixture(autouse=True)
def _labour_figures_typed(labour_figures_typed: None) -> None:
    """These tests type the labour figures that the labour registries own (see the root
    conftest's `labour_figures_typed`)."""
