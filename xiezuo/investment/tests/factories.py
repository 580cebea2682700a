"""Records of the investment registry for tests: a Shenzhen enterprise's project in Debao."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiezuo.indicators import analytics
from xiezuo.indicators.models import DataValue
from xiezuo.investment import services
from xiezuo.investment.models import InvestmentProject
from xiezuo.periods import parse
from xiezuo.places.models import Organisation, Place
from xiezuo.places.services import organisation_create

SIGNED = date(2019, 3, 1)  # a year the demo has no investment in
QUIET = "450102"  # Nanning's Xingning district: no demo records of the registry there


def enterprise(name: str = "深圳测试投资有限公司", side: str = "helper") -> Organisation:
    found = Organisation.objects.filter(name=name).first()
    if found is not None:
        return found
    return organisation_create(
        name=name, kind="enterprise", place=Place.objects.get(code="440305"), side=side
    )


def project(actor: Any, place: str = QUIET, **extra: Any) -> InvestmentProject:
    fields: dict[str, Any] = {
        "name": "测试签约项目",
        "enterprise": enterprise(),
        "place": Place.objects.get(code=place),
        "sector": "agriculture",
        "signed_on": SIGNED,
        "planned_investment": "120000000",
    }
    fields.update(extra)
    return services.project_create(actor=actor, **fields)


def figure(element: str, place: str, period: str) -> Any:
    """What the analytics answer for an element at a place (with its subtree) in a period."""
    return analytics.value_of(element, place=Place.objects.get(code=place), periods=[parse(period)])


def stored(element: str, place: str, period: str, key: str = "") -> Any:
    value = DataValue.objects.filter(
        data_element__code=element, place_code=place, period=period, disaggregation=key
    ).first()
    return value and (value.value, value.source)
