"""Records of the tourism registry for tests: a scenic spot in a quiet district."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiezuo.indicators import analytics
from xiezuo.indicators.models import DataValue
from xiezuo.periods import parse
from xiezuo.places.models import Place
from xiezuo.tourism import services
from xiezuo.tourism.models import ScenicSpot

QUIET = "450102"  # Nanning's Xingning district: no demo records of the registry there
FROM = date(2019, 3, 1)  # a year the demo has no tourism records in


def spot(actor: Any, place: str = QUIET, **extra: Any) -> ScenicSpot:
    fields: dict[str, Any] = {
        "name": "测试景区",
        "place": Place.objects.get(code=place),
        "kind": "natural",
        "grade": "AAAA",
    }
    fields.update(extra)
    return services.spot_create(actor=actor, **fields)


def figure(element: str, place: str, period: str) -> Any:
    """What the analytics answer for an element at a place (with its subtree) in a period."""
    return analytics.value_of(element, place=Place.objects.get(code=place), periods=[parse(period)])


def stored(element: str, place: str, period: str) -> Any:
    value = DataValue.objects.filter(
        data_element__code=element, place_code=place, period=period, disaggregation=""
    ).first()
    return value and (value.value, value.source)
