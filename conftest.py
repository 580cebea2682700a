"""Shared test set-up: every test database gets the demo programme once.

The demo sits on real places (Guangdong and Guangxi from the 2023 division
codes), so tests speak of real codes: 45 Guangxi, 4510 Baise, 451024 Debao,
440305 Shenzhen Nanshan. Each test runs in a transaction that is rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    from xiezuo.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo(progress=False)
    yield


@pytest.fixture(autouse=True)
def _chinese_by_default() -> Iterator[None]:
    """Each test starts in the default language: a request in English must not leak."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _fast_and_english_safe(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.AXES_ENABLED = True
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # WhiteNoise looks there


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    """make_user(role, scope=["4510"], organisation=None, username=None) -> User."""
    from xiezuo.accounts.services import user_create
    from xiezuo.places.models import Organisation, Place

    counter = {"n": 0}

    def make(
        role: str,
        scope: list[str] | tuple[str, ...] = ("4510",),
        organisation: Organisation | None = None,
        username: str | None = None,
        scope_organisations: list[Organisation] | None = None,
    ) -> Any:
        counter["n"] += 1
        return user_create(
            username=username or f"{role}-{counter['n']}",
            password="test-pass-123",
            role=role,
            organisation=organisation,
            scope_places=Place.objects.filter(code__in=scope),
            scope_organisations=scope_organisations or [],
        )

    return make


@pytest.fixture
def client_for(make_user: Callable[..., Any]) -> Callable[..., Client]:
    """client_for(role or user, scope=...) -> a signed-in test client (Chinese by default)."""

    def make(role_or_user: Any, **kwargs: Any) -> Client:
        user = make_user(role_or_user, **kwargs) if isinstance(role_or_user, str) else role_or_user
        client = Client()
        client.force_login(user)
        client.user = user  # type: ignore[attr-defined]
        return client

    return make


@pytest.fixture
def place() -> Callable[[str], Any]:
    from xiezuo.places.models import Place

    return lambda code: Place.objects.get(code=code)
