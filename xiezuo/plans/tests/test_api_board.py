"""GET /api/v1/plans/board: the stable contract of the supervision board."""

from __future__ import annotations

import pytest

from .factories import OFFICE

pytestmark = pytest.mark.django_db

STATUSES = {"not_started", "on_track", "at_risk", "overdue", "done"}
ITEM_KEYS = {"id", "category", "title", "lead", "due", "status"}


@pytest.fixture
def api(api_for):
    return api_for("viewer")


def board(api, document, query="&on=2018-06-14"):
    return api.get(f"/api/v1/plans/board?document={document.pk}{query}")


def test_the_board_answers_items_and_counts_of_every_status(api, plan):
    document, items = plan
    response = board(api, document)
    assert response.status_code == 200
    body = response.json()
    assert {"items", "counts"} <= set(body)
    assert set(body["counts"]) == STATUSES
    assert body["counts"] == {
        "overdue": 1,
        "at_risk": 2,
        "not_started": 1,
        "on_track": 1,
        "done": 1,
    }
    for entry in body["items"]:
        assert set(entry) >= ITEM_KEYS
        assert entry["status"] in STATUSES
    first = body["items"][0]
    assert first == {
        **first,
        "id": items[1].pk,
        "category": "组织领导",
        "title": "召开联席会议",
        "lead": OFFICE,
        "due": "2018-05-31",
        "status": "overdue",
    }
    assert [e["status"] for e in body["items"]][:3] == ["overdue", "at_risk", "at_risk"]


def test_every_count_is_there_even_when_zero(api, plan):
    document, _ = plan
    body = board(api, document, "&on=2018-06-14&status=done").json()
    assert body["counts"] == {
        "overdue": 0,
        "at_risk": 0,
        "not_started": 0,
        "on_track": 0,
        "done": 1,
    }
    assert [e["status"] for e in body["items"]] == ["done"]


def test_the_board_filters_as_the_page_does(api, plan):
    document, _ = plan
    body = board(api, document, "&on=2018-06-14&place=451024&category=1").json()
    assert [e["number"] for e in body["items"]] == [2, 6]
    assert body["items"][0]["places"] == [{"code": "451024", "name": "德保县"}]
    assert body["on"] == "2018-06-14"


def test_the_board_is_of_today_by_default(api, plan):
    from django.utils import timezone

    document, _ = plan
    body = api.get(f"/api/v1/plans/board?document={document.pk}").json()
    assert body["on"] == timezone.localdate().isoformat()


def test_an_unknown_document_is_not_found_with_a_message(api):
    response = api.get("/api/v1/plans/board?document=999999")
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_a_bad_date_is_refused(api, plan):
    document, _ = plan
    response = board(api, document, "&on=2018-02-30")
    assert response.status_code == 422
    assert response.json()["errors"] == {"on": ["“2018-02-30”不是日期（应为 YYYY-MM-DD）。"]}


def test_a_bad_filter_is_refused_beside_its_name(api, plan):
    document, _ = plan
    response = board(api, document, "&status=late&due=2018-13")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"status", "due"}


def test_the_document_must_be_named(api):
    assert api.get("/api/v1/plans/board").status_code == 422


def test_the_board_needs_a_signed_in_user(client, plan):
    document, _ = plan
    assert client.get(f"/api/v1/plans/board?document={document.pk}").status_code == 401


def test_a_session_reads_the_board_too(client_for, plan):
    document, _ = plan
    response = client_for("viewer").get(f"/api/v1/plans/board?document={document.pk}&on=2018-06-14")
    assert response.status_code == 200
    assert response.json()["counts"] == {
        "overdue": 1,
        "at_risk": 2,
        "not_started": 1,
        "on_track": 1,
        "done": 1,
    }
