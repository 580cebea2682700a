"""The project list's filters: a place's area, a year, a partner, a funding source."""

from __future__ import annotations

from datetime import date

import pytest

from xiezuo.places.models import Place
from xiezuo.projects import selectors

from .factories import DEBAO_OFFICE, org, project

pytestmark = pytest.mark.django_db


def names(**filters) -> list[str]:
    return sorted(p.name for p in selectors.project_list(**filters))


@pytest.fixture
def three():
    project("德保县项目", locations=("451024",))
    project("都安县项目", locations=("451228",), planned_start_on=date(2019, 3, 1),
            planned_end_on=date(2020, 6, 30), budget=(("social", "5000"),))  # fmt: skip
    # a township of Debao and Du'an county, open-ended since 2017
    project("德保与都安联合项目", locations=("451024105", "451228"),
            planned_start_on=date(2017, 1, 1), planned_end_on=None)  # fmt: skip


def test_a_place_finds_the_projects_located_in_its_area_once(three):
    baise = Place.objects.get(code="4510")
    assert names(place=baise) == ["德保与都安联合项目", "德保县项目"]
    assert names(place=Place.objects.get(code="45")) == [
        "德保与都安联合项目",
        "德保县项目",
        "都安县项目",
    ]


def test_a_year_finds_the_projects_whose_span_overlaps_it(three):
    assert names(year=2018) == ["德保与都安联合项目", "德保县项目"]
    assert names(year=2020) == ["德保与都安联合项目", "都安县项目"]
    assert names(year=2016) == []


def test_an_actual_span_counts_too(three):
    from xiezuo.projects.models import Project

    late = Project.objects.get(name="德保县项目")
    late.actual_start_on, late.actual_end_on = date(2019, 1, 1), date(2019, 2, 1)
    late.save()
    assert "德保县项目" in names(year=2019)


def test_a_partner_and_a_funding_source_filter(three):
    shenzhen = org("深圳市对口帮扶办公室")
    assert len(names(partner=shenzhen)) == 3
    assert names(partner=org(DEBAO_OFFICE)) == []
    assert names(source="social") == ["都安县项目"]
    assert names(source="helper_fiscal") == ["德保与都安联合项目", "德保县项目"]


def test_kind_and_status_filter(three):
    assert names(kind="industry", status="proposed") == [
        "德保与都安联合项目",
        "德保县项目",
        "都安县项目",
    ]
    assert names(kind="education") == []
    assert names(status="approved") == []
