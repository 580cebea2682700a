"""/api/v1/investment as an investment office's script uses it."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from xiezuo.investment.models import InPlaceRecord

from .factories import QUIET, enterprise, figure, project

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(api_for):
    """A clerk of Nanning (4501), with an API token."""
    return api_for("clerk", scope=["4501"])


def post(client, path, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


PROJECT = {"name": "南宁物流园项目", "place": QUIET, "sector": "other", "signed_on": "2019-03-01",
           "planned_investment": "350000000.10", "jobs_expected": 120}  # fmt: skip


def test_a_project_is_recorded_and_read_back_with_amounts_as_strings(clerk):
    response = post(
        clerk, "/api/v1/investment/projects", {**PROJECT, "enterprise": enterprise().pk}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["planned_investment"] == "350000000.1" and body["in_place"] == "0"
    assert body["place"] == QUIET and body["sector"] == "other" and body["status"] == "signed"
    assert clerk.get(f"/api/v1/investment/projects/{body['uid']}").json() == body
    assert figure("planned_investment", QUIET, "2019") == Decimal("350000000.10")


def test_bad_input_is_named_by_field(clerk):
    response = post(
        clerk, "/api/v1/investment/projects",
        {**PROJECT, "enterprise": 999999, "place": "999999"},
    )  # fmt: skip
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"enterprise", "place"}
    response = post(
        clerk, "/api/v1/investment/projects",
        {**PROJECT, "enterprise": enterprise().pk, "planned_investment": "-1"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "planned_investment" in response.json()["errors"]


def test_investment_in_place_posted_twice_with_one_key_is_recorded_once(clerk, recorder):
    signed = project(recorder)
    path = f"/api/v1/investment/projects/{signed.uid}/in-place"
    body = {"amount": 0.1, "on": "2019-05-01", "voucher": "回单1"}
    first = post(clerk, path, body, key="bank-1")
    again = post(clerk, path, body, key="bank-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and first.json()["amount"] == "0.1"
    assert InPlaceRecord.objects.filter(project=signed).count() == 1
    other = post(clerk, path, {**body, "amount": "0.2"}, key="bank-1")
    assert other.status_code == 422
    listed = clerk.get(path).json()
    assert [r["amount"] for r in listed] == ["0.1"]


def test_a_clerk_elsewhere_is_refused(api_for, recorder):
    signed = project(recorder)
    debao = api_for("clerk", scope=["451024"])
    response = post(debao, f"/api/v1/investment/projects/{signed.uid}/in-place",
                    {"amount": "1", "on": "2019-05-01"})  # fmt: skip
    assert response.status_code == 403


def test_the_lists_filter_and_page(clerk):
    body = clerk.get("/api/v1/investment/projects?place=4510&year=2018&limit=100").json()
    assert body["count"] == len(body["items"]) > 0
    assert all(p["place"].startswith("4510") and p["signed_on"].startswith("2018")
               for p in body["items"])  # fmt: skip
    parks = clerk.get("/api/v1/investment/parks").json()["items"]
    zone = next(p for p in parks if p["name"] == "粤桂合作特别试验区")
    assert zone["enterprises"] == 320 and zone["kind"] == "special_zone"
    workshops = clerk.get("/api/v1/investment/workshops?place=451024").json()["items"]
    assert [(w["employed"], w["poor"]) for w in workshops] == [(80, 46)]


def test_a_zones_office_posts_its_enterprises_and_a_half_years_returns(clerk, recorder):
    from datetime import date

    from xiezuo.investment import services
    from xiezuo.investment.models import ParkKind
    from xiezuo.places.models import Place

    zone = services.park_create(
        actor=recorder, name="南宁试验区", kind=ParkKind.SPECIAL_ZONE,
        place=Place.objects.get(code=QUIET), established_on=date(2019, 1, 1),
    )  # fmt: skip
    path = f"/api/v1/investment/parks/{zone.uid}"
    entered = [
        {"name": "甲", "entered_on": "2019-02-01"},
        {"name": "乙", "entered_on": "2019-03-01"},
    ]
    response = post(clerk, f"{path}/enterprises", entered)
    assert response.status_code == 201 and response.json()["enterprises"] == 2
    returns = {"period": "2019S1", "returns": [
        {"enterprise": "甲", "output": "1000.10", "investment": 500},
        {"enterprise": "乙", "output": 0, "investment": "0.90"},
    ]}  # fmt: skip
    response = post(clerk, f"{path}/returns", returns)
    assert response.status_code == 201, response.content
    assert response.json() == [
        {"period": "2019S1", "enterprises": 2, "output": "1000.1", "investment": "500.9"}
    ]
    assert figure("zone_output", QUIET, "2019S1") == Decimal("1000.10")
    again = post(clerk, f"{path}/returns", {**returns, "returns": [
        {"enterprise": "丙", "output": 1, "investment": 1}]})  # fmt: skip
    assert again.status_code == 422
    assert set(again.json()["errors"]) == {"returns.0.enterprise"}


def test_a_year_no_date_can_have_is_refused(clerk):
    """Found by the fuzzer (tests/test_fuzz_api.py): a year past 9999 must not reach a date
    filter (as it did, with a 500, in the ledger's and labour's lists)."""
    response = clerk.get("/api/v1/investment/projects?year=105551688300")
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == {"year": ["请输入不大于 9999 的数。"]}
