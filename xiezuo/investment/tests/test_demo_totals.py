"""The demo's registry gives the seed's industry figures, from records, not typed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xiezuo.demo.investment import load_investment
from xiezuo.indicators.models import DataValue
from xiezuo.investment.models import (
    IndustrialPark,
    InPlaceRecord,
    InvestmentEvent,
    InvestmentProject,
    ParkReturn,
)

from .factories import figure

pytestmark = pytest.mark.django_db


def test_the_seeds_industry_figures_come_from_the_records():
    assert figure("industry_events", "45", "2016") + figure("industry_events", "45", "2017") == 4
    signed = [figure("projects_signed", "45", y) for y in ("2016", "2017")]
    assert sum(signed) == 61
    planned = figure("planned_investment", "45", "2016") + figure(
        "planned_investment", "45", "2017"
    )
    assert planned == Decimal("27650000000")
    agri = sum(figure("planned_investment[sector=agriculture]", "45", y) for y in ("2016", "2017"))
    assert agri == Decimal("8340000000")
    in_place = figure("investment_in_place", "45", "2016") + figure(
        "investment_in_place", "45", "2017"
    )
    assert in_place == Decimal("9120000000")
    for city_sum in (
        ("projects_signed[sector=agriculture]", 6),
        ("planned_investment[sector=agriculture]", Decimal("5670000000")),
    ):
        element, expected = city_sum
        assert figure(element, "4510", "2018") + figure(element, "4512", "2018") == expected
    assert figure("industrial_parks", "45", "2018") == 4
    assert figure("zone_enterprises", "4504", "2017S2") == 286
    assert figure("zone_enterprises", "4504", "2018S1") == 320
    assert figure("zone_output", "45", "2017S2") == Decimal("15260000000")
    assert figure("zone_output", "45", "2018S1") == Decimal("17183000000")
    assert figure("zone_investment_in_place", "45", "2017S2") == Decimal("7012000000")
    assert figure("zone_investment_in_place", "45", "2018S1") == Decimal("7805000000")


def test_the_figures_are_stored_as_the_registrys_own():
    sources = set(
        DataValue.objects.filter(
            data_element__code__in=["projects_signed", "planned_investment", "zone_output"]
        ).values_list("source", flat=True)
    )
    assert sources == {"derived:investment", "derived:parks"}


def test_the_demo_records_are_where_the_seed_says():
    assert InvestmentProject.objects.filter(signed_on__year__lte=2017).count() == 61
    fair = InvestmentEvent.objects.get(name="百色、河池投资合作推介会")
    assert fair.projects.count() == 6 and not fair.illustrative
    assert {p.place.code[:4] for p in fair.projects.all()} <= {"4510", "4512"}
    parks = dict(IndustrialPark.objects.values_list("name", "place__code"))
    assert parks["德保静脉产业园"] == "451024" and parks["田东深百产业园"] == "451022"
    assert (
        parks["深圳靖西越南高平跨境产业园"] == "451081"
        and parks["深巴大健康特别试验区"] == "451227"
    )
    assert parks["粤桂合作特别试验区"] == "4504"
    assert all(InvestmentProject.objects.values_list("illustrative", flat=True))


def test_each_enterprises_figures_to_date_grow():
    latest = {}
    for enterprise, period, output in ParkReturn.objects.order_by("period").values_list(
        "enterprise_id", "period", "output"
    ):
        assert output >= latest.get(enterprise, 0), (enterprise, period)
        latest[enterprise] = output


def test_loading_again_records_nothing():
    from xiezuo.accounts.models import User

    counts = (InvestmentProject.objects.count(), InPlaceRecord.objects.count(),
              ParkReturn.objects.count())  # fmt: skip
    assert load_investment(User.objects.get(username="admin")) == 0
    assert counts == (InvestmentProject.objects.count(), InPlaceRecord.objects.count(),
                      ParkReturn.objects.count())  # fmt: skip
