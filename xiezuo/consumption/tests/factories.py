"""Records of consumption assistance for tests, made through the services: a cooperative
of Debao (451024) and its products, applied for or certified."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from xiezuo.consumption import services
from xiezuo.consumption.models import Product, Supplier
from xiezuo.places.models import Place

DEBAO = "451024"


def supplier(actor: Any, place: str = DEBAO, **extra: Any) -> Supplier:
    fields: dict[str, Any] = {
        "name": "德保县测试种植合作社",
        "kind": "cooperative",
        "place": Place.objects.get(code=place),
        "households_linked": 36,
        "linkage": "土地流转、务工",
    }
    fields.update(extra)
    return services.supplier_create(actor=actor, **fields)


def product(
    actor: Any, of: Supplier | None = None, *, on: date | None = None, **extra: Any
) -> Product:
    """A product applied for (status applied) on `on` (default: 30 days ago)."""
    fields: dict[str, Any] = {
        "supplier": of or supplier(actor),
        "name": "德保脐橙",
        "category": "primary",
        "specification": "5千克/箱",
        "unit": "箱",
        "price": "68.00",
        "capacity_value": "1200000",
        "capacity_quantity": "17600",
        "households_benefiting": 24,
        "on": on or timezone.localdate() - timedelta(days=30),
    }
    fields.update(extra)
    return services.product_apply(actor=actor, **fields)


def to_notice(actor: Any, item: Product, *, days_ago: int = 20) -> Product:
    """Checked, reviewed and put to a seven-day notice `days_ago` days ago."""
    start = timezone.localdate() - timedelta(days=days_ago)
    services.product_check(actor=actor, product=item, on=start)
    services.product_review(actor=actor, product=item, on=start)
    return services.product_notice(actor=actor, product=item, on=start)


def certified_product(actor: Any, of: Supplier | None = None, **extra: Any) -> Product:
    """A product certified today, after a notice that ended, valid three years."""
    item = to_notice(actor, product(actor, of, **extra))
    return services.product_certify(actor=actor, product=item)
