"""Recording buyers and sales: what is kept, what counts, and what is refused with nothing
written."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xiezuo.consumption import sales
from xiezuo.consumption.models import Sale

from .records import buyer, product, sale, supplier, suspend

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder(make_user):
    """A coordinator of the whole programme, who may record anywhere."""
    return make_user("coordinator", scope=["44", "45"])


def refused(call, **kwargs) -> dict[str, list[str]]:
    before = Sale.objects.count()
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert Sale.objects.count() == before
    return caught.value.message_dict


def test_a_sale_of_a_certified_product_is_recorded_and_counts(recorder):
    mango = product(recorder)
    made = sale(recorder, mango, order_number="SZ-001")
    assert (made.amount, made.quantity, made.order_number) == (
        Decimal("1000.00"), Decimal("200"), "SZ-001",
    )  # fmt: skip
    assert sales.sale_not_counted(made) == ""


def test_a_sale_of_a_product_not_yet_certified_is_kept_but_said_not_to_count(recorder):
    mango = product(recorder, certified_on=date(2019, 6, 1))
    made = sale(recorder, mango, sold_on=date(2019, 5, 10))
    assert Sale.objects.filter(pk=made.pk).exists()
    reason = sales.sale_not_counted(made)
    assert "2019-06-01" in reason
    assert "不计入" in reason


def test_a_sale_after_a_suspension_does_not_count_and_one_before_does(recorder):
    mango = product(recorder)
    suspend(mango, date(2019, 7, 1), recorder)
    assert sales.sale_not_counted(sale(recorder, mango, sold_on=date(2019, 6, 30))) == ""
    assert "暂停" in sales.sale_not_counted(sale(recorder, mango, sold_on=date(2019, 7, 1)))


def test_a_sale_naming_no_product_is_kept_apart(recorder):
    made = sale(recorder, product(recorder), product=None)
    assert made.product is None
    assert sales.sale_not_counted(made)


@pytest.mark.parametrize("amount", ["-5", "0", "abc", "12.345"])
def test_a_negative_or_non_numeric_amount_is_refused(recorder, amount):
    mango = product(recorder)
    assert "amount" in refused(sale, actor=recorder, of=mango, amount=amount)


@pytest.mark.parametrize("quantity", ["-1", "0", "十斤"])
def test_a_negative_or_non_numeric_quantity_is_refused(recorder, quantity):
    mango = product(recorder)
    assert "quantity" in refused(sale, actor=recorder, of=mango, quantity=quantity)


def test_a_product_not_of_the_named_supplier_is_refused(recorder):
    mango = product(recorder)
    other = supplier(recorder, name="另一合作社")
    errors = refused(sale, actor=recorder, of=mango, supplier=other)
    assert errors["product"] == ["测试香芒不是另一合作社的产品。"]


def test_a_sale_dated_in_the_future_is_refused(recorder):
    tomorrow = timezone.localdate() + timedelta(days=1)
    errors = refused(sale, actor=recorder, of=product(recorder), sold_on=tomorrow)
    assert errors["sold_on"] == ["日期在未来。"]


def test_a_repeated_order_number_of_the_same_buyer_is_refused(recorder):
    mango = product(recorder)
    sale(recorder, mango, order_number="SZ-002")
    errors = refused(sale, actor=recorder, of=mango, order_number="SZ-002")
    assert "SZ-002" in errors["order_number"][0]


def test_the_same_order_number_of_another_buyer_is_recorded(recorder):
    mango = product(recorder)
    sale(recorder, mango, order_number="SZ-003")
    other = buyer(recorder, name="深圳测试市场", kind="market")
    assert sale(recorder, mango, by=other, order_number="SZ-003").pk


def test_a_reversal_takes_a_sale_back_once(recorder):
    made = sale(recorder, product(recorder))
    reversal = sales.sale_reverse(actor=recorder, sale=made, note="录错")
    assert reversal.reverses == made
    assert reversal.signed_amount == -made.amount
    errors = refused(sales.sale_reverse, actor=recorder, sale=made)
    assert errors["sale"] == ["这笔销售已冲销。"]


def test_a_reversal_cannot_be_reversed(recorder):
    made = sale(recorder, product(recorder))
    reversal = sales.sale_reverse(actor=recorder, sale=made)
    errors = refused(sales.sale_reverse, actor=recorder, sale=reversal)
    assert "sale" in errors


def test_the_same_idempotency_key_answers_the_first_sale(recorder):
    mango = product(recorder)
    first = sale(recorder, mango, idempotency_key="k-1")
    again = sale(recorder, mango, idempotency_key="k-1")
    assert first.pk == again.pk
    assert Sale.objects.filter(idempotency_key="k-1").count() == 1


def test_a_buyer_of_the_same_name_at_the_same_place_is_refused(recorder):
    buyer(recorder)
    with pytest.raises(ValidationError) as caught:
        sales.buyer_create(
            actor=recorder, name="深圳测试食堂", kind="canteen",
            place=buyer(recorder).place,
        )  # fmt: skip
    assert "name" in caught.value.message_dict
