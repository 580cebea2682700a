"""Signed-in answers are not kept by caches (`Cache-Control: private, no-store`), and the
Content-Security-Policy runs no script but the server's own files."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

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


def test_the_policy_runs_no_inline_script(client_for):
    response = client_for("viewer", scope=["45"]).get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert "unsafe" not in policy["script-src"]


# A <script> without src that is not a data block (json_script), and an on…= handler.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def _pages() -> list[str]:
    from xiezuo.places.models import Organisation

    entry = "/data/entry/LABOUR/451024/201906/"
    return [
        "/",
        "/places/",
        "/places/4510/children/",
        "/places/451024/",
        reverse("organisation_detail", args=[Organisation.objects.order_by("pk").first().pk]),
        "/organisations/new/",
        "/coverage/?place=45",
        "/pivot/?dx=job_fairs&pe=2018&ou=4510&level=3",
        "/data/?place=451024",
        entry,
        entry + "history/?element=job_fairs&key=",
        "/occupations/",
        "/occupations/6-05-01-00/children/",
        reverse("plan_notification_list"),
        "/pairings/",
        "/pairings/new/",
        "/projects/",
        "/labour/",
    ]


def test_the_pages_have_no_inline_script_or_event_handler(client_for):
    client = client_for("administrator", scope=["45"])
    for path in _pages():
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert INLINE_SCRIPT.findall(page) == [], path
        assert HANDLER.findall(page) == [], path
        assert "javascript:" not in page, path
