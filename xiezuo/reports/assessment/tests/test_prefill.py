"""The pre-filled figures agree with the analytics and the plans, each with its source."""

from __future__ import annotations

from decimal import Decimal as D
from urllib.parse import parse_qs, urlsplit

import pytest

from xiezuo.indicators.analytics import value_of
from xiezuo.periods import parse
from xiezuo.places.models import Place
from xiezuo.plans.models import Document, Target, WorkItem
from xiezuo.reports.assessment.models import Criterion
from xiezuo.reports.assessment.prefill import figures_for

from .factories import criterion, opened

pytestmark = pytest.mark.django_db


def test_the_actual_is_the_analytics_value_for_the_unit_and_year(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    score = assessment.scores.get(criterion__code="funds_ratio")
    expected = value_of("investment_jobs", place=Place.objects.get(code="451024"),
                        periods=[parse("2017")])  # fmt: skip
    assert expected and score.actual == expected


def test_the_source_is_the_pivot_with_the_same_selection(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    source = assessment.scores.get(criterion__code="funds_ratio").actual_source
    parts = urlsplit(source)
    assert parts.path == "/pivot/"
    assert parse_qs(parts.query) == {"dx": ["investment_jobs"], "pe": ["2017"], "ou": ["451024"]}


def test_the_target_comes_from_an_analytics_item_when_named(test_method):
    c = criterion(test_method, "funds_ratio")
    c.target_value, c.target_data = None, "investment_jobs"
    debao = Place.objects.get(code="451024")
    figures = figures_for(c, place=debao, year=2018)
    assert figures.target == value_of("investment_jobs", place=debao, periods=[parse("2018")])
    assert "pe=2018" in figures.target_source


def test_without_a_target_the_plans_targets_for_the_unit_and_year_count(test_method, people):
    c: Criterion = criterion(test_method, "funds_ratio")
    c.target_value = None
    c.save()
    item = WorkItem.objects.first()
    assert item is not None, "the demo has a work plan"
    debao = Place.objects.get(code="451024")
    from xiezuo.indicators.models import DataElement

    element = DataElement.objects.get(code="investment_jobs")
    Target.objects.create(item=item, data_element=element, place=debao, period="2017", value=400)
    Target.objects.create(item=item, data_element=element, place=debao, period="2017", value=100)
    Target.objects.create(item=item, data_element=element, place=debao, period="2018", value=999)
    figures = figures_for(c, place=debao, year=2017)
    assert figures.target == D(500)
    assert figures.target_source == f"/plans/items/{item.pk}/"
    assert Document.objects.exists()
