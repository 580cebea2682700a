"""GET /api/v1/occupations, /api/v1/occupations/{code}, /api/v1/occupations/suggest."""

import pytest
from django.test import Client

from xiezuo.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_an_occupation_is_read_with_its_ancestors_and_members(client_for):
    body = client_for("viewer").get("/api/v1/occupations/6-05-01-00").json()
    assert (body["code"], body["name"], body["level"], body["parent"]) == (
        "6-05-01-00",
        "纺织品和服装剪裁缝纫人员",
        3,
        "6-05-00-00",
    )
    assert body["level_name"] == "小类"
    assert [a["code"] for a in body["ancestors"]] == ["6-00-00-00", "6-05-00-00"]
    assert "6-05-01-03" in [c["code"] for c in body["children"]]
    assert all(c["level"] == 4 and c["parent"] == "6-05-01-00" for c in body["children"])


def test_an_occupation_has_its_definition_aliases_and_marks(client_for):
    body = client_for("viewer").get("/api/v1/occupations/4-09-08-01").json()
    assert (body["name"], body["name_en"], body["green"], body["digital"]) == (
        "保洁员",
        "",
        True,
        False,
    )
    assert "保洁" in body["aliases"] and body["definition"]
    assert body["children"] == []


def test_an_unknown_code_is_404_in_the_users_language(client_for):
    response = client_for("viewer").get("/api/v1/occupations/9-99-99-99")
    assert response.status_code == 404
    assert response.json()["detail"] == "没有职业代码为“9-99-99-99”的职业。"


def test_occupations_are_listed_by_level_and_parent(client_for):
    client = client_for("viewer")
    majors = client.get("/api/v1/occupations", {"level": 1}).json()
    assert majors["count"] == 8
    assert [m["code"] for m in majors["items"]][:2] == ["1-00-00-00", "2-00-00-00"]
    members = client.get("/api/v1/occupations", {"parent": "6-25-04-00"}).json()
    assert members["count"] == 9
    assert {m["parent"] for m in members["items"]} == {"6-25-04-00"}


def test_occupations_are_searched_by_code_name_or_alias(client_for):
    client = client_for("viewer")
    by_code = client.get("/api/v1/occupations", {"q": "6-05-01"}).json()["items"]
    assert by_code and all(o["code"].startswith("6-05-01") for o in by_code)
    by_name = client.get("/api/v1/occupations", {"q": "缝纫工"}).json()["items"]
    assert "6-05-01-03" in [o["code"] for o in by_name]
    by_alias = client.get("/api/v1/occupations", {"q": "月嫂"}).json()["items"]
    assert [o["code"] for o in by_alias] == ["4-10-01-06"]


def test_a_level_that_is_not_one_of_the_four_is_refused(client_for):
    response = client_for("viewer").get("/api/v1/occupations", {"level": 5})
    assert response.status_code == 422
    assert "level" in response.json()["errors"]


def test_suggestions_come_with_scores_and_reasons(client_for):
    body = client_for("clerk").get("/api/v1/occupations/suggest", {"q": "保安", "limit": 3}).json()
    assert body[0] == {
        "code": "4-07-05-01",
        "name": "保安员",
        "score": 95,
        "reasons": ["别称即“保安”"],
    }
    assert len(body) <= 3


def test_suggestions_are_limited_to_fifty(client_for):
    body = client_for("viewer").get("/api/v1/occupations/suggest", {"q": "工", "limit": 500}).json()
    assert len(body) <= 50


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_signed_in_role_reads_the_classification(api_for, role):
    client = api_for(role)
    for path in (
        "/api/v1/occupations",
        "/api/v1/occupations/6-05-01-03",
        "/api/v1/occupations/suggest?q=厨师",
    ):
        assert client.get(path).status_code == 200, path


def test_nobody_reads_it_without_signing_in():
    assert Client().get("/api/v1/occupations").status_code == 401
    assert Client().get("/api/v1/occupations/suggest?q=厨师").status_code == 401
