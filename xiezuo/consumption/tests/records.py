"""Records of the consumption registry for the sales tests, built with the ORM as the
certification services would leave them (a supplier, a product certified by its steps),
and the buyers and sales through `sales`."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiezuo.consumption import sales
from xiezuo.consumption.models import (
    Buyer,
    CertificationStep,
    Product,
    ProductStatus,
    Sale,
    StepKind,
    Supplier,
)
from xiezuo.indicators import analytics
from xiezuo.indicators.models import DataValue
from xiezuo.periods import parse
from xiezuo.places.models import Place

QUIET = "450102"  # Nanning's Xingning district: no demo consumption records there
CERTIFIED = date(2019, 3, 1)  # a year the demo has no sales in
SHENZHEN = "4403"


def supplier(actor: Any, place: str = QUIET, name: str = "测试合作社", **extra: Any) -> Supplier:
    found = Supplier.objects.filter(place__code=place, name=name).first()
    if found is not None:
        return found
    fields: dict[str, Any] = {"kind": "cooperative", "households_linked": 12}
    fields.update(extra)
    return Supplier.objects.create(
        name=name, place=Place.objects.get(code=place), created_by=actor, **fields
    )


def product(
    actor: Any,
    of: Supplier | None = None,
    name: str = "测试香芒",
    certified_on: date | None = CERTIFIED,
    valid_until: date | None = date(2021, 2, 28),
) -> Product:
    """A product applied for and, unless `certified_on` is None, certified from that day
    (the supplier's product of that name, if it has one already)."""
    of = of or supplier(actor)
    found = Product.objects.filter(supplier=of, name=name).first()
    if found is not None:
        return found
    item = Product.objects.create(
        supplier=of, name=name, category="primary", unit="斤", place=of.place,
        households_benefiting=5, created_by=actor,
    )  # fmt: skip
    step(item, StepKind.APPLY, date(2019, 1, 10), actor)
    if certified_on is not None:
        item.status = ProductStatus.CERTIFIED
        item.valid_from, item.valid_until = certified_on, valid_until
        item.certificate_number = f"测{item.pk:06d}"
        item.save()
        step(item, StepKind.CERTIFY, certified_on, actor)
    return item


def step(item: Product, kind: str, on: date, actor: Any) -> CertificationStep:
    return CertificationStep.objects.create(product=item, kind=kind, on=on, by=actor)


def suspend(item: Product, on: date, actor: Any) -> None:
    item.status = ProductStatus.SUSPENDED
    item.save()
    step(item, StepKind.SUSPEND, on, actor)


def buyer(
    actor: Any, place: str = SHENZHEN, name: str = "深圳测试食堂", kind: str = "canteen"
) -> Buyer:
    found = Buyer.objects.filter(place__code=place, name=name).first()
    if found is not None:
        return found
    return sales.buyer_create(
        actor=actor, name=name, kind=kind, place=Place.objects.get(code=place)
    )


def sale(actor: Any, of: Product, by: Buyer | None = None, **extra: Any) -> Sale:
    fields: dict[str, Any] = {
        "buyer": by or buyer(actor), "supplier": of.supplier, "product": of,
        "sold_on": date(2019, 5, 10), "amount": "1000.00", "quantity": "200",
    }  # fmt: skip
    fields.update(extra)
    return sales.sale_record(actor=actor, **fields)


def figure(element: str, place: str, period: str) -> Any:
    """What the analytics answer for an element at a place (with its subtree) in a period."""
    return analytics.value_of(element, place=Place.objects.get(code=place), periods=[parse(period)])


def stored(element: str, place: str, period: str, key: str = "") -> Any:
    value = DataValue.objects.filter(
        data_element__code=element, place_code=place, period=period, disaggregation=key
    ).first()
    return value and (value.value, value.source)
