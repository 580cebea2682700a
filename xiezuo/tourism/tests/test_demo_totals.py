"""The demo's registry gives the seed's tourism figures, from records, not typed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xiezuo.demo.tourism import load_tourism
from xiezuo.indicators.models import DataValue
from xiezuo.tourism.models import Discount, Route, ScenicSpot, TourismProject, VisitorReport

from .factories import figure

pytestmark = pytest.mark.django_db


def test_the_seeds_tourism_figures_come_from_the_records():
    assert figure("tourism_projects", "45", "2017") == 28
    assert figure("discount_scenic_spots", "45", "2017") == 83
    assert figure("guangdong_visitors", "45", "2016") == 29_572_340
    assert figure("guangdong_visitors", "45", "2017") == 49_291_200
    growth = (Decimal(49_291_200) / Decimal(29_572_340) - 1) * 100
    assert growth.quantize(Decimal("0.01")) == Decimal("66.68")


def test_the_demo_projects_are_of_five_kinds_and_marked_illustrative():
    projects = TourismProject.objects.filter(agreed_on__year=2017)
    assert len({p.kind for p in projects}) == 5
    assert all(p.illustrative for p in projects)


def test_every_demo_spot_has_a_discount_for_guangdong_visitors():
    spots = ScenicSpot.objects.filter(illustrative=True)
    assert spots.count() == 83
    assert Discount.objects.filter(spot__in=spots, audience="helper_province").count() == 83


def test_the_demo_promotes_three_routes_through_poor_counties_marked_illustrative():
    routes = Route.objects.filter(illustrative=True)
    assert routes.count() == 3
    assert all(r.places.exists() for r in routes)
    assert all(
        p.code.startswith("4510") for p in routes.get(name="百色红色旅游精品线路").places.all()
    )


def test_no_tourism_figure_is_typed():
    typed = DataValue.objects.filter(
        data_element__code__in=["tourism_projects", "discount_scenic_spots", "guangdong_visitors"]
    ).exclude(source="derived:tourism")
    assert not typed.exists()


def test_loading_again_records_nothing(make_user):
    before = VisitorReport.objects.count(), Route.objects.count()
    assert load_tourism(make_user("administrator", scope=["44", "45"])) == 0
    assert (VisitorReport.objects.count(), Route.objects.count()) == before
