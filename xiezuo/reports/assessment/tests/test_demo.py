"""The demo's cycle: 2017 opened for Guangxi's helped counties under a method, a few
published; nothing when the method is missing; nothing more when loaded again."""

from __future__ import annotations

import pytest

from xiezuo.accounts.models import User
from xiezuo.demo.assessment import PUBLISHED, load_assessment
from xiezuo.reports.assessment.models import Assessment, Status

pytestmark = pytest.mark.django_db


def test_without_the_method_the_demo_does_nothing():
    before = Assessment.objects.count()
    assert load_assessment(User.objects.get(username="admin"), "no-such-method") == 0
    assert Assessment.objects.count() == before


def test_the_demo_opens_2017_and_publishes_a_few(test_method):
    admin = User.objects.get(username="admin")
    created = load_assessment(admin, test_method.code)
    assert created and all(
        a.place.code.startswith("45") and a.place.helped_pairings.exists()
        for a in Assessment.objects.filter(method=test_method)
    )
    published = Assessment.objects.filter(method=test_method, status=Status.PUBLISHED)
    assert published.count() == PUBLISHED and all(a.grade_id for a in published)
    assert load_assessment(admin, test_method.code) == 0
    assert Assessment.objects.filter(method=test_method, status=Status.PUBLISHED).count() == 3


def test_the_loaded_demo_has_2017_assessed_under_the_shipped_2017_method():
    assessments = Assessment.objects.filter(method__code="east-west-2017", year=2017)
    published = assessments.filter(status=Status.PUBLISHED)
    assert published.count() == PUBLISHED
    assert all(a.grade is not None and a.total is not None for a in published)
    assert assessments.filter(status=Status.DRAFT).exists()
