"""Shared test set-up: every test database gets the demo programme once.

The demo sits on real places (Guangdong and Guangxi from the 2023 division
codes), so tests speak of real codes: 45 Guangxi, 4510 Baise, 451024 Debao,
440305 Shenzhen Nanshan. Each test runs in a transaction that is rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html.parser import HTMLParser
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


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploads, import files and evidence go to a folder of the test's own, never to var/."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


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
def api_for(make_user: Callable[..., Any]) -> Callable[..., Client]:
    """api_for(role or user, scope=...) -> a client speaking to the API with a bearer token."""
    from xiezuo.accounts.services import token_create

    def make(role_or_user: Any, **kwargs: Any) -> Client:
        user = make_user(role_or_user, **kwargs) if isinstance(role_or_user, str) else role_or_user
        _, raw = token_create(user=user)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        client.user = user  # type: ignore[attr-defined]
        return client

    return make


@pytest.fixture
def place() -> Callable[[str], Any]:
    from xiezuo.places.models import Place

    return lambda code: Place.objects.get(code=code)


class _Page(HTMLParser):
    """A page's elements by id (attributes, parent) and the messages of its error lists."""

    VOID = frozenset(
        [
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        ]
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self.open: list[tuple[str, int]] = []  # (tag, serial) of the elements not yet closed
        self.serial = 0
        self.by_id: dict[str, tuple[dict[str, str], int, int]] = {}  # attrs, serial, parent
        self.lists: dict[int, tuple[dict[str, str], list[str]]] = {}  # errorlists by serial
        self.in_item: int | None = None  # the errorlist whose item is being read
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.serial += 1
        parent = self.open[-1][1] if self.open else 0
        if "id" in attributes:
            self.by_id[attributes["id"]] = (attributes, self.serial, parent)
        if tag == "ul" and "errorlist" in attributes.get("class", "").split():
            self.lists[self.serial] = (attributes, [])
        if tag == "li" and parent in self.lists:
            self.lists[parent][1].append("")
            self.in_item = parent
        if tag not in self.VOID:
            self.open.append((tag, self.serial))

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self.in_item = None
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_item is not None:
            self.lists[self.in_item][1][-1] += data


def _html(page: Any) -> str:
    return page if isinstance(page, str) else page.content.decode()


@pytest.fixture
def errors_beside() -> Callable[[Any, str], list[str]]:
    """errors_beside(response or html, input id) -> the messages shown beside that input:
    its error list, in the same container, named by the input's aria-describedby."""

    def find(page: Any, input_id: str) -> list[str]:
        parsed = _Page(_html(page))
        assert input_id in parsed.by_id, f"no element has the id {input_id}"
        attributes, _, parent = parsed.by_id[input_id]
        errors_id = f"{input_id}_error"
        if errors_id not in parsed.by_id:
            assert "aria-invalid" not in attributes
            return []
        _, serial, errors_parent = parsed.by_id[errors_id]
        assert errors_parent == parent, "the errors are not beside the input"
        assert attributes.get("aria-invalid") == "true"
        assert errors_id in attributes.get("aria-describedby", "").split()
        return [message.strip() for message in parsed.lists[serial][1]]

    return find


@pytest.fixture
def errors_above() -> Callable[[Any], list[str]]:
    """errors_above(response or html) -> the messages of the page's forms about no field."""

    def find(page: Any) -> list[str]:
        parsed = _Page(_html(page))
        return [
            message.strip()
            for attributes, messages in parsed.lists.values()
            if "nonfield" in attributes.get("class", "").split()
            for message in messages
        ]

    return find


# the labour catalogue's figures that the labour registries own (xiezuo/labour/sources.py)
LABOUR_REGISTRY_FIGURES = (
    "job_fairs", "training_classes", "people_trained", "school_leaver_agreements",
)  # fmt: skip


@pytest.fixture
def labour_figures_typed(monkeypatch: Any) -> None:
    """For tests of entry, imports, validation and analytics that use the labour figures
    as ordinary typed elements (their catalogue was typed before the registries came):
    the sources that own them are set aside for the test."""
    from xiezuo.indicators import sources

    for code in LABOUR_REGISTRY_FIGURES:
        monkeypatch.delitem(sources._owners, code, raising=False)
