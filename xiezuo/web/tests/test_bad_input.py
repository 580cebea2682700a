"""Bad input is refused with a message, never a 500: a place that is not a division code,
a page, offset or limit too large for the database, a lone surrogate in a JSON body."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HUGE = str(10**30)


@pytest.fixture
def viewer(client_for):
    client = client_for("viewer", scope=["45"])
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organisations",
        "/api/v1/pairings",
        "/api/v1/investment/projects",
        "/api/v1/labour/workers",
        "/api/v1/labour/fairs",
        "/api/v1/labour/training-classes",
        "/api/v1/labour/school-leavers",
    ],
)
def test_a_place_that_is_not_a_division_code_is_refused_by_the_api(viewer, path):
    response = viewer.get(path, {"place": "zzz"})
    assert response.status_code in (400, 422), response.content[:300]
    body = response.json()
    assert "不是行政区划代码" in str(body), body


@pytest.mark.parametrize("param", ["limit", "offset"])
@pytest.mark.parametrize(
    "path", ["/api/v1/organisations", "/api/v1/projects", "/api/v1/ledger/transfers"]
)
def test_a_huge_limit_or_offset_is_refused_with_the_bound(viewer, path, param):
    response = viewer.get(path, {param: HUGE})
    assert response.status_code == 422, response.content[:300]
    [message] = response.json()["errors"][param]
    assert "不大于" in message


def test_a_reasonable_offset_past_the_end_answers_an_empty_page(viewer):
    response = viewer.get("/api/v1/organisations", {"offset": 10**9})
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_a_lone_surrogate_in_a_json_body_is_refused(client_for):
    client = client_for("administrator")
    client.raise_request_exception = False
    body = '{"name": "\\ud800 测试", "kind": "enterprise", "place": "451024"}'
    response = client.post("/api/v1/organisations", body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert "代理项" in response.json()["detail"]


def test_a_page_with_a_place_that_is_not_a_division_code_answers_400(viewer):
    response = viewer.get("/organisations/", {"place": "zzz"})
    assert response.status_code == 400
    assert "不是行政区划代码" in response.content.decode()


def test_a_huge_page_number_shows_the_last_page(viewer):
    response = viewer.get("/projects/", {"page": HUGE})
    assert response.status_code == 200
