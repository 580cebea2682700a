"""The internal pages of suppliers and products: a clerk registers a supplier and applies,
takes the township check; what is refused is shown beside its field with 422; a clerk
cannot decide; the lists filter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from xiezuo.consumption.models import Product, Supplier

from .factories import product, supplier, to_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(client_for, clerk):
    return client_for(clerk)


def test_a_clerk_registers_a_supplier_and_applies_for_a_product(web):
    response = web.post(
        "/consumption/suppliers/new/",
        {"name": "那坡县养蜂合作社", "kind": "cooperative", "place": "451026",
         "households_linked": "18", "linkage": "蜂箱入股"},
    )  # fmt: skip
    assert response.status_code == 302
    made = Supplier.objects.get(name="那坡县养蜂合作社")
    response = web.post(
        f"/consumption/suppliers/{made.uid}/apply/",
        {"name": "那坡蜂蜜", "category": "primary", "price": "58.5", "unit": "瓶",
         "capacity_value": "300000", "households_benefiting": "18"},
    )  # fmt: skip
    assert response.status_code == 302
    honey = Product.objects.get(name="那坡蜂蜜")
    assert honey.place.code == "451026" and honey.status == "applied"
    page = web.get(f"/consumption/products/{honey.uid}/").content.decode()
    assert 'id="step-check"' in page and 'id="step-notice"' not in page


def test_a_negative_price_is_shown_beside_its_field_with_422(web, clerk, errors_beside):
    made = supplier(clerk)
    response = web.post(
        f"/consumption/suppliers/{made.uid}/apply/",
        {"name": "德保脐橙", "category": "primary", "price": "-3", "households_benefiting": "0"},
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_price")
    assert not Product.objects.filter(supplier=made).exists()


def test_a_helper_side_place_is_shown_beside_its_field_with_422(client_for, errors_beside):
    web = client_for("coordinator", scope=["44", "45"])  # who may record on both sides
    response = web.post(
        "/consumption/suppliers/new/",
        {"name": "南山某公司", "kind": "enterprise", "place": "440305", "households_linked": "0"},
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_place")


def test_a_step_dated_before_the_previous_one_is_refused_beside_the_date(web, clerk, errors_beside):
    item = product(clerk)
    early = (timezone.localdate() - timedelta(days=40)).isoformat()
    response = web.post(f"/consumption/products/{item.uid}/steps/check/", {"check-on": early})
    assert response.status_code == 422
    assert errors_beside(response, "id_check-on")
    assert Product.objects.get(pk=item.pk).status == "applied"


def test_a_clerk_cannot_certify(web, clerk):
    item = to_notice(clerk, product(clerk))
    response = web.post(f"/consumption/products/{item.uid}/steps/certify/", {})
    assert response.status_code == 403
    assert Product.objects.get(pk=item.pk).status == "notice"


def test_the_approver_certifies_from_the_products_page(client_for, clerk, approver):
    item = to_notice(clerk, product(clerk))
    web = client_for(approver)
    assert 'id="step-certify"' in web.get(f"/consumption/products/{item.uid}/").content.decode()
    response = web.post(f"/consumption/products/{item.uid}/steps/certify/", {})
    assert response.status_code == 302
    page = web.get(f"/consumption/products/{item.uid}/").content.decode()
    assert Product.objects.get(pk=item.pk).certificate_number in page


def test_the_product_list_filters_by_status_and_place(web, clerk):
    product(clerk)
    to_notice(clerk, product(clerk, supplier(clerk, place="451027", name="凌云茶企"),
                             name="凌云白毫"))  # fmt: skip
    page = web.get("/consumption/", {"status": "notice"}).content.decode()
    assert "凌云白毫" in page and "德保脐橙" not in page
    page = web.get("/consumption/", {"place": "451024"}).content.decode()
    assert "德保脐橙" in page and "凌云白毫" not in page


def test_the_suppliers_page_keeps_its_change_history(client_for, clerk):
    made = supplier(clerk)
    web = client_for("approver", scope=["4510"])
    web.get(f"/consumption/suppliers/{made.uid}/")
    response = client_for(clerk).post(
        f"/consumption/suppliers/{made.uid}/edit/",
        {"name": made.name, "kind": "cooperative", "place": "451024", "households_linked": "40"},
    )
    assert response.status_code == 302
    page = web.get(f"/consumption/suppliers/{made.uid}/").content.decode()
    assert 'id="audit"' in page and "40" in page
