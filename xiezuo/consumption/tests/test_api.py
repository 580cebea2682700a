"""The API of suppliers, products and their steps: lists paginated as the rest, a product
applied for and taken through its steps, refusals in the one error shape."""

from __future__ import annotations

import pytest

from .factories import product, supplier, to_notice

pytestmark = pytest.mark.django_db


def test_a_supplier_and_a_product_are_recorded_and_listed(api_for, clerk):
    api = api_for(clerk)
    made = api.post(
        "/api/v1/consumption/suppliers",
        {
            "name": "那坡芒果合作社",
            "kind": "cooperative",
            "place": "451026",
            "households_linked": 9,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    uid = made.json()["uid"]
    applied = api.post(
        "/api/v1/consumption/products",
        {"supplier": uid, "name": "那坡芒果", "category": "primary", "price": "12.50",
         "capacity_value": 800000, "households_benefiting": 9},
        content_type="application/json",
    )  # fmt: skip
    assert applied.status_code == 201, applied.content
    body = applied.json()
    assert body["status"] == "applied" and body["price"] == "12.5" and body["place"] == "451026"
    listed = api.get("/api/v1/consumption/products", {"supplier": "那坡芒果"}).json()
    assert listed["count"] == 1 and listed["items"][0]["name"] == "那坡芒果"


def test_a_negative_capacity_is_refused_by_field(api_for, clerk):
    made = supplier(clerk)
    response = api_for(clerk).post(
        "/api/v1/consumption/products",
        {"supplier": made.uid, "name": "德保脐橙", "category": "primary", "capacity_value": "-1"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "capacity_value" in response.content.decode()


def test_steps_are_taken_and_listed(api_for, clerk, approver):
    item = product(clerk)
    response = api_for(clerk).post(
        f"/api/v1/consumption/products/{item.uid}/steps",
        {"kind": "check", "comment": "材料齐全"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "checked"
    steps = api_for(clerk).get(f"/api/v1/consumption/products/{item.uid}/steps").json()
    assert [s["kind"] for s in steps] == ["apply", "check"]


def test_certifying_while_an_objection_is_open_is_refused(api_for, clerk, approver):
    item = to_notice(clerk, product(clerk))
    api = api_for(approver)
    raised = api.post(
        f"/api/v1/consumption/products/{item.uid}/objections",
        {"content": "非本地产品"},
        content_type="application/json",
    )
    assert raised.status_code == 201
    refused = api.post(
        f"/api/v1/consumption/products/{item.uid}/steps",
        {"kind": "certify"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    answered = api.post(
        f"/api/v1/consumption/objections/{raised.json()['id']}/answer",
        {"outcome": "dismissed", "answer": "经核实为本地种植"},
        content_type="application/json",
    )
    assert answered.status_code == 200
    certified = api.post(
        f"/api/v1/consumption/products/{item.uid}/steps",
        {"kind": "certify"},
        content_type="application/json",
    )
    assert certified.status_code == 201 and certified.json()["certificate_number"]


def test_a_clerk_cannot_put_a_product_to_notice(api_for, clerk):
    item = product(clerk)
    response = api_for(clerk).post(
        f"/api/v1/consumption/products/{item.uid}/steps",
        {"kind": "notice"},
        content_type="application/json",
    )
    assert response.status_code == 403
