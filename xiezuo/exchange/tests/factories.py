"""Records of the exchange registry for tests: a Nanshan cadre seconded to Debao."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiezuo.exchange import services
from xiezuo.exchange.models import Person, Secondment
from xiezuo.indicators import analytics
from xiezuo.indicators.models import DataValue
from xiezuo.periods import parse
from xiezuo.places.models import Place

STARTED = date(2021, 3, 1)  # a year the demo has no secondment in
DEBAO, NANSHAN = "451024", "440305"
IDENTITY = "450102199001011231"  # a valid number (check digit right), invented


def person(actor: Any, **extra: Any) -> Person:
    fields: dict[str, Any] = {
        "name": "张测试",
        "category": "cadre",
        "rank": "副处级",
        "home": Place.objects.get(code=NANSHAN),
    }
    fields.update(extra)
    return services.person_register(actor=actor, **fields)


def secondment(actor: Any, who: Person | None = None, **extra: Any) -> Secondment:
    fields: dict[str, Any] = {
        "direction": "to_helped",
        "kind": "secondment",
        "origin": Place.objects.get(code=NANSHAN),
        "host": Place.objects.get(code=DEBAO),
        "post": "德保县副县长",
        "planned_start": STARTED,
        "planned_end": date(2023, 2, 28),
        "started_on": STARTED,
    }
    fields.update(extra)
    return services.secondment_create(actor=actor, person=who or person(actor), **fields)


def figure(element: str, place: str, period: str) -> Any:
    """What the analytics answer for an element at a place (with its subtree) in a period."""
    return analytics.value_of(element, place=Place.objects.get(code=place), periods=[parse(period)])


def stored(element: str, place: str, period: str, key: str = "") -> Any:
    value = DataValue.objects.filter(
        data_element__code=element, place_code=place, period=period, disaggregation=key
    ).first()
    return value and (value.value, value.source)
