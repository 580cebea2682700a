"""/api/system/info: what DHIS2 clients read first."""

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_it_reports_the_dhis2_compatibility_level_and_the_calendar(api):
    info = api("viewer").get("/api/system/info").json()
    assert info["version"] == "2.40.0"
    assert info["calendar"] == "iso8601"
    assert info["dateFormat"] == "yyyy-mm-dd"
    assert info["contextPath"] == "http://testserver"
    assert "DHIS2 Web API 2.40" in info["xiezuo"]["compatibility"]


def test_it_gives_the_server_date_as_dhis2_writes_it(api):
    server_date = api("viewer").get("/api/system/info").json()["serverDate"]
    assert len(server_date) == len("2024-05-01T12:00:00.000") and server_date[10] == "T"


def test_it_answers_with_the_json_suffix_and_an_api_version(api):
    client = api("viewer")
    assert client.get("/api/system/info.json").status_code == 200
    assert client.get("/api/40/system/info").status_code == 200


def test_it_needs_credentials(client):
    assert client.get("/api/system/info").status_code == 401


def test_ping_answers_pong_to_anyone_on_both_paths():
    for path in ("/api/ping", "/api/system/ping", "/api/40/system/ping"):
        response = Client().get(path)
        assert response.status_code == 200 and response.content == b"pong", path
        assert response["Content-Type"].startswith("text/plain")


def test_me_authorization_lists_the_callers_authorities(api):
    assert api("administrator").get("/api/me/authorization").json() == ["ALL"]
    found = api("clerk", scope=["451024"]).get("/api/me/authorization").json()
    assert isinstance(found, list) and found and "ALL" not in found
    assert Client().get("/api/me/authorization").status_code == 401


def test_an_unknown_path_under_the_dhis2_api_is_a_json_web_message():
    for path in ("/api/noSuchResource", "/api/40/noSuchThings/abc", "/api/system/nothing"):
        response = Client().get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert (body["httpStatusCode"], body["status"], body["httpStatus"]) == (
            404, "ERROR", "Not Found",
        )  # fmt: skip


@override_settings(
    DEBUG=False,
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    },
)
def test_an_unknown_api_path_is_json_even_where_the_pages_cannot_render(tmp_path):
    """A server that has not collected its static files cannot render the 404 page; the API's
    404 must not depend on it (a test server answered 500 pages to clients' unknown paths)."""
    with override_settings(STATIC_ROOT=str(tmp_path)):
        client = Client(raise_request_exception=False)
        assert client.get("/no/such/page/").status_code == 500  # the page needs static
        response = client.get("/api/programIndicatorsNoSuch")
    assert response.status_code == 404
    assert response.json()["httpStatusCode"] == 404
