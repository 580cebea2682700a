"""Records of the consumption registry for the sales tests: a supplier of Nanning's
Xingning district and its products certified in 2019 (through the certification services,
`factories`), and the buyers and sales through `sales`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from xiezuo.consumption import sales, services
from xiezuo.consumption.models import (
    Buyer,
    Product,
    Sale,
    Supplier,
)
from xiezuo.indicators import analytics
from xiezuo.indicators.models import DataValue
from xiezuo.periods import parse
from xiezuo.places.models import Place

from . import factories

QUIET = "450102"  # Nanning's Xingning district: no demo consumption records there
CERTIFIED = date(2019, 3, 1)  # a year the demo has no sales in
SHENZHEN = "4403"


def supplier(actor: Any, place: str = QUIET, name: str = "测试合作社", **extra: Any) -> Supplier:
    found = Supplier.objects.filter(place__code=place, name=name).first()
    if found is not None:
        return found
    return factories.supplier(actor, place=place, name=name, households_linked=12, **extra)


def product(
    actor: Any,
    of: Supplier | None = None,
    name: str = "测试香芒",
    certified_on: date | None = CERTIFIED,
    valid_until: date | None = date(2021, 2, 28),
) -> Product:
    """A product applied for on 2019-01-10 and, unless `certified_on` is None, taken through
    the certification steps (a notice two weeks before) to certified from that day (the
    supplier's product of that name, if it has one already)."""
    of = of or supplier(actor)
    found = Product.objects.filter(supplier=of, name=name).first()
    if found is not None:
        return found
    item = factories.product(
        actor, of, on=date(2019, 1, 10), name=name, unit="斤", households_benefiting=5
    )
    if certified_on is not None:
        noticed = certified_on - timedelta(days=14)
        services.product_check(actor=actor, product=item, on=noticed)
        services.product_review(actor=actor, product=item, on=noticed)
        services.product_notice(actor=actor, product=item, on=noticed)
        item = services.product_certify(
            actor=actor, product=item, on=certified_on, valid_until=valid_until
        )
    return item


def suspend(item: Product, on: date, actor: Any) -> None:
    services.product_suspend(actor=actor, product=item, comment="抽检不合格，暂停认定", on=on)


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
