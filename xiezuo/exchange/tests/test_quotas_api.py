"""The quotas' API: the report, the quotas set, setting them; who is in post."""

from __future__ import annotations

from datetime import date

import pytest

from xiezuo.exchange.models import Quota

from .records import secondment

pytestmark = pytest.mark.django_db

BODY = {"place": "451024", "year": 2023, "direction": "to_helped", "cadres": 3,
        "professionals": 5}  # fmt: skip


def put(client, body):
    return client.put("/api/v1/exchange/quotas", body, content_type="application/json")


def test_the_report_answers_planned_and_in_post_per_county(api_for):
    client = api_for("coordinator", scope=["4510"])
    put(client, BODY)
    secondment(started_on=date(2023, 3, 1))
    answer = client.get("/api/v1/exchange/quotas/report?year=2023&on=2023-06-01&place=4510")
    assert answer.status_code == 200
    debao = next(r for r in answer.json()["rows"] if r["place"] == "451024")
    assert (debao["cadres_planned"], debao["cadres_in_post"], debao["planned"]) == (3, 1, 8)
    assert answer.json()["on"] == "2023-06-01"


def test_a_coordinator_puts_a_countys_quotas(api_for):
    answer = put(api_for("coordinator", scope=["4510"]), BODY)
    assert answer.status_code == 200
    assert {q["group"]: q["planned"] for q in answer.json()} == {"cadres": 3, "professionals": 5}
    listed = api_for("viewer").get("/api/v1/exchange/quotas?year=2023&place=451024").json()
    assert len(listed["items"]) == 2


def test_a_negative_count_is_refused_by_field(api_for):
    answer = put(api_for("coordinator", scope=["4510"]), {**BODY, "professionals": -1})
    assert answer.status_code == 422
    assert "professionals" in answer.json()["errors"]
    assert not Quota.objects.filter(year=2023, place__code="451024").exists()


def test_a_county_outside_the_scope_is_refused(api_for):
    answer = put(api_for("coordinator", scope=["4510"]), {**BODY, "place": "451228"})
    assert answer.status_code == 403


def test_who_is_in_post_on_a_day(api_for):
    found = secondment(started_on=date(2023, 3, 1), planned_end=date(2023, 6, 20))
    client = api_for("viewer")
    listed = client.get("/api/v1/exchange/in-post?on=2023-06-01&place=451024").json()
    assert [s["uid"] for s in listed["items"]] == [found.uid]
    ending = client.get("/api/v1/exchange/in-post/ending?on=2023-06-01&place=451024").json()
    assert [s["uid"] for s in ending["items"]] == [found.uid]
