"""Every page renders for a signed-in user, in Chinese by default and in English on request."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/places/",
    "/places/search/?q=德保",
    "/places/45/",
    "/places/451024/",
    "/places/4510/children/",
    "/organisations/",
    "/pairings/",
    "/pairings/?kind=county&status=active&place=4510&side=helped",
    "/coverage/?place=45",
    "/accounts/tokens/",
    "/accounts/password/",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_renders_for_a_viewer(client_for, url):
    client = client_for("viewer", scope=["45"])
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]


def test_pages_speak_chinese_by_default(client_for):
    response = client_for("viewer").get("/")
    assert "结对" in response.content.decode()


def test_english_is_one_switch_away(client_for):
    client = client_for("viewer")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert "Pairings" in response.content.decode()
    assert client.cookies["django_language"].value == "en"


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get("/pairings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_healthz_answers_ok_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/places/{code}",
        "/api/v1/places/{code}/children",
        "/api/v1/pairings",
        "/api/v1/pairings/coverage",
        "/api/v1/organisations",
    ):
        assert path in paths
    assert client.get("/api/v1/docs").status_code == 200


def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import OperationalError, connection

    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_the_tree_opens_a_place_lazily_with_its_children(client_for):
    client = client_for("viewer")
    tree = client.get("/places/").content.decode()
    assert 'data-code="45"' in tree and 'data-code="4510"' not in tree
    rows = client.get("/places/45/children/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-code="4510"' in rows and "百色市" in rows and "<html" not in rows


def test_the_search_box_answers_with_a_partial(client_for):
    client = client_for("viewer")
    partial = client.get("/places/search/?q=德保", HTTP_HX_REQUEST="true").content.decode()
    assert "451024" in partial and "<html" not in partial
