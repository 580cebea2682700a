"""Signed-in answers are not kept by caches: `Cache-Control: private, no-store`."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/organisations/", "/api/v1/places/45"])
def test_signed_in_answers_are_private_and_not_stored(client_for, path):
    response = client_for("viewer", scope=["45"]).get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_token_answer_is_private_and_not_stored(make_user, client):
    from xiezuo.accounts.services import token_create

    _, raw = token_create(user=make_user("viewer"))
    response = client.get("/api/v1/places/45", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("path", ["/", "/organisations/", "/api/v1/docs"])
def test_html_answers_carry_a_content_security_policy(client_for, path):
    response = client_for("viewer", scope=["45"]).get(path)
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "http" not in response["Content-Security-Policy"]  # no other host is allowed
