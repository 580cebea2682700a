"""The sales pages: a purchase recorded says whether it counts and why not, refusals sit
beside their fields, a reversal once, the list with what counts and what is kept apart."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from xiezuo.consumption.models import Facility, Sale

from .records import buyer, product, sale

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client_for):
    """A Shenzhen clerk: the buyer's side."""
    return client_for("clerk", scope=["4403"])


def _form(by, item, **change):
    fields = {"buyer": by.pk, "product": item.pk, "sold_on": "2019-05-10", "amount": "880.00",
              "quantity": "10", "order_number": "P-1", "idempotency_key": "page:t"}  # fmt: skip
    return {**fields, **change}


def test_a_shenzhen_clerk_records_a_purchase_that_counts(clerk):
    item = product(clerk.user)
    response = clerk.post("/consumption/sales/new/", _form(buyer(clerk.user), item), follow=True)
    page = response.content.decode()
    assert "计入消费扶贫销售额。" in page
    assert 'id="sale-counts"' in page
    assert Sale.objects.filter(order_number="P-1", created_by=clerk.user).count() == 1


def test_a_purchase_of_a_product_not_certified_that_day_is_kept_and_said_not_to_count(clerk):
    item = product(clerk.user, certified_on=date(2019, 6, 1))
    response = clerk.post("/consumption/sales/new/", _form(buyer(clerk.user), item), follow=True)
    page = response.content.decode()
    assert 'id="sale-not-counted"' in page
    assert "自2019-06-01起才认定为扶贫产品" in page


def test_a_refused_purchase_answers_422_with_the_message_beside_its_field(clerk, errors_beside):
    item = product(clerk.user)
    tomorrow = str(timezone.localdate() + timedelta(days=1))
    response = clerk.post(
        "/consumption/sales/new/", _form(buyer(clerk.user), item, sold_on=tomorrow, amount="-1")
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_sold_on") == ["日期在未来。"]
    assert errors_beside(response, "id_amount") == ["金额必须大于零。"]
    assert not Sale.objects.filter(order_number="P-1").exists()


def test_a_clerk_of_neither_side_may_not_record_the_purchase(client_for):
    outsider = client_for("clerk", scope=["4512"])
    item = product(outsider.user)  # in Nanning
    response = outsider.post("/consumption/sales/new/", _form(buyer(outsider.user), item))
    assert response.status_code == 403


def test_a_sale_is_reversed_from_its_page_once(clerk):
    made = sale(clerk.user, product(clerk.user), by=buyer(clerk.user))
    clerk.post(f"/consumption/sales/{made.uid}/reverse/", {"note": "录错"})
    page = clerk.get(f"/consumption/sales/{made.uid}/").content.decode()
    assert 'id="sale-reversed"' in page
    response = clerk.post(f"/consumption/sales/{made.uid}/reverse/", follow=True)
    assert "这笔销售已冲销。" in response.content.decode()
    assert Sale.objects.filter(reverses=made).count() == 1


def test_the_list_shows_certified_sales_apart_from_the_rest(clerk):
    mine = buyer(clerk.user, name="列表测试食堂")
    sale(clerk.user, product(clerk.user), by=mine, amount="300")
    sale(clerk.user, product(clerk.user, name="未认定品", certified_on=None), by=mine,
         amount="50")  # fmt: skip
    page = clerk.get(f"/consumption/sales/?buyer={mine.uid}").content.decode()
    assert 'id="total-certified" title="300.00"' in page
    assert 'id="total-uncertified" title="50.00"' in page


def test_a_facility_is_recorded_for_the_helped_place_it_serves(client_for):
    clerk = client_for("clerk", scope=["4510"])
    response = clerk.post(
        "/consumption/facilities/new/",
        {"kind": "supply_base", "name": "页面基地", "serves": "451024", "area_mu": "abc",
         "opened_on": "2019-05-01"},
    )  # fmt: skip
    assert response.status_code == 422
    clerk.post(
        "/consumption/facilities/new/",
        {"kind": "supply_base", "name": "页面基地", "serves": "451024", "area_mu": "120",
         "opened_on": "2019-05-01"},
    )  # fmt: skip
    assert Facility.objects.get(name="页面基地").area_mu == 120


def test_the_read_only_pages_open_for_a_viewer(client_for):
    viewer = client_for("viewer", scope=["45"])
    for url in ("/consumption/sales/", "/consumption/buyers/", "/consumption/facilities/",
                "/consumption/sales.xlsx", "/consumption/sales/import/template/"):  # fmt: skip
        assert viewer.get(url).status_code == 200, url
