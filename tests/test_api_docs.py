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
