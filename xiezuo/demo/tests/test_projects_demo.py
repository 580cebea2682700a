"""The demo project library: illustrative projects in Guangxi's poor counties."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xiezuo.demo.projects import load_projects
from xiezuo.projects import selectors
from xiezuo.projects.models import Project

pytestmark = pytest.mark.django_db


def test_the_demo_projects_are_illustrative_and_loaded_once():
    names = set(Project.objects.values_list("name", flat=True))
    assert "深百小镇易地扶贫搬迁项目" in names
    assert all(Project.objects.values_list("illustrative", flat=True))
    assert load_projects() == 0
    assert Project.objects.count() == len(names)


def test_debaos_programme_sums_its_sub_projects():
    programme = Project.objects.get(name="德保县2018年东西部扶贫协作项目")
    assert selectors.budget_total(programme) == Decimal("5850000.50")
    assert selectors.beneficiaries(programme).households_expected == 420
    assert programme.published_at is not None


def test_the_relocation_project_carries_tencents_donation():
    project = Project.objects.get(name="深百小镇易地扶贫搬迁项目")
    assert selectors.budget_by_source(project) == {"social": Decimal("100000000.00")}
    assert project.status == "in_progress"
