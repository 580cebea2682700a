"""The sales API: list paginated, get, create with an Idempotency-Key, reverse; buyers and
facilities; a sale that will not count says so and why; bad input answers 422."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from xiezuo.consumption.models import Sale

from .records import buyer, product, sale, supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder(make_user):
    return make_user("coordinator", scope=["44", "45"])


@pytest.fixture
def api(api_for, recorder):
    return api_for(recorder)


def post(api, path, body, **headers):
    return api.post(f"/api/v1/consumption{path}", body, content_type="application/json", **headers)


def test_a_sale_posted_is_created_and_counts(api, recorder):
    mango = product(recorder)
    body = {"buyer": buyer(recorder).uid, "product": mango.uid, "sold_on": "2019-05-10",
            "amount": "1250.50", "quantity": 25, "order_number": "API-1"}  # fmt: skip
    response = post(api, "/sales", body)
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["amount"], answer["supplier"], answer["counts"]) == (
        "1250.5", mango.supplier.uid, True,
    )  # fmt: skip
    assert api.get(f"/api/v1/consumption/sales/{answer['uid']}").json()["order_number"] == "API-1"


def test_a_sale_of_a_product_not_certified_that_day_answers_that_it_will_not_count(api, recorder):
    mango = product(recorder, certified_on=date(2019, 6, 1))
    body = {"buyer": buyer(recorder).uid, "product": mango.uid, "sold_on": "2019-05-10",
            "amount": "100"}  # fmt: skip
    answer = post(api, "/sales", body).json()
    assert answer["counts"] is False
    assert "2019-06-01" in answer["not_counted"]


def test_the_same_idempotency_key_answers_the_first_sale(api, recorder):
    mango = product(recorder)
    body = {"buyer": buyer(recorder).uid, "product": mango.uid, "sold_on": "2019-05-10",
            "amount": "100"}  # fmt: skip
    first = post(api, "/sales", body, HTTP_IDEMPOTENCY_KEY="sale-1").json()
    again = post(api, "/sales", body, HTTP_IDEMPOTENCY_KEY="sale-1").json()
    assert first["uid"] == again["uid"]
    other = post(api, "/sales", {**body, "amount": "200"}, HTTP_IDEMPOTENCY_KEY="sale-1")
    assert other.status_code == 422


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "-3"}, "amount"),
        ({"amount": "many"}, "amount"),
        ({"quantity": "-1"}, "quantity"),
        ({"sold_on": str(timezone.localdate() + timedelta(days=2))}, "sold_on"),
    ],
)
def test_bad_input_is_refused_with_its_field_and_nothing_written(api, recorder, change, field):
    mango = product(recorder)
    body = {"buyer": buyer(recorder).uid, "product": mango.uid, "sold_on": "2019-05-10",
            "amount": "100", **change}  # fmt: skip
    before = Sale.objects.count()
    response = post(api, "/sales", body)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert Sale.objects.count() == before


def test_a_product_not_of_the_named_supplier_is_refused(api, recorder):
    mango = product(recorder)
    other = supplier(recorder, name="另一合作社")
    body = {"buyer": buyer(recorder).uid, "supplier": other.uid, "product": mango.uid,
            "sold_on": "2019-05-10", "amount": "100"}  # fmt: skip
    response = post(api, "/sales", body)
    assert response.status_code == 422
    assert "product" in response.json()["errors"]


def test_a_sale_is_reversed_once(api, recorder):
    made = sale(recorder, product(recorder))
    response = post(api, f"/sales/{made.uid}/reverse", {"note": "录错"})
    assert response.status_code == 201
    assert response.json()["reverses"] == made.uid
    assert response.json()["amount"] == "-1000"
    again = post(api, f"/sales/{made.uid}/reverse", {})
    assert again.status_code == 422
    assert api.get(f"/api/v1/consumption/sales/{made.uid}").json()["reversed"] is True


def test_the_sales_list_is_paginated_and_filtered_by_buyer(api, recorder):
    mango = product(recorder)
    mine = buyer(recorder, name="过滤测试食堂")
    sale(recorder, mango, by=mine)
    body = api.get(f"/api/v1/consumption/sales?buyer={mine.uid}").json()
    assert body["count"] == 1
    assert body["items"][0]["buyer"] == mine.uid


def test_buyers_and_facilities_are_listed_and_recorded(api):
    made = post(api, "/buyers", {"name": "API食堂", "kind": "canteen", "place": "4403"})
    assert made.status_code == 201
    assert any(b["name"] == "API食堂" for b in api.get(
        "/api/v1/consumption/buyers?q=API食堂").json()["items"])  # fmt: skip
    body = {"kind": "supply_base", "name": "API基地", "serves": "451024", "area_mu": "300",
            "opened_on": "2019-01-01"}  # fmt: skip
    assert post(api, "/facilities", body).status_code == 201
    listed = api.get("/api/v1/consumption/facilities?kind=supply_base&place=451024").json()
    assert any(f["name"] == "API基地" and f["area_mu"] == "300" for f in listed["items"])
