"""The API's documentation page loads Swagger UI from this server, never from a CDN."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_docs_reference_no_external_host(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links, html
    assert [link for link in links if re.match(r"(https?:)?//", link)] == []
    assert "cdn" not in html.lower()


def test_no_two_api_schemas_share_a_name_with_different_shapes():
    """The OpenAPI document names each schema by its class: two classes of one name (the
    investment registry's and the project library's `ProjectOut`) left one of them
    described with the other's fields (found by tests/test_fuzz_api.py)."""
    from ninja import Schema

    from xiezuo.api import api

    api.get_openapi_schema()  # every router imported
    seen: dict[str, dict] = {}
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if not cls.__module__.startswith("xiezuo."):
            continue
        shape = cls.model_json_schema()
        assert seen.setdefault(cls.__name__, shape) == shape, cls.__name__
