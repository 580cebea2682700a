"""Methods, assessments and the people of the cycle, for tests.

`method()` builds a small method of every rule: 100 points in two areas —

- 资金 (funds): `funds_ratio` ratio of `investment_jobs` against a target of 1,000, weight
  30, capped at 1; `levels` thresholds on `investment_jobs` (≥ 500: all, ≥ 200: half),
  weight 20;
- 机制 (mechanism): `meeting` yes/no with evidence, weight 25; `innovation` by the
  assessor, weight 25.

Grades: 好 ≥ 90, 较好 ≥ 80, 一般 ≥ 60, 较差 below.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from xiezuo.places.models import Level, Place
from xiezuo.reports.assessment import services
from xiezuo.reports.assessment.models import (
    Area,
    Assessment,
    Criterion,
    Grade,
    Group,
    Item,
    Method,
    Rule,
    Status,
)

DEBAO = "451024"


def method(code: str = "test-2017", *, year_from: int = 2017, year_to: int | None = 2020,
           groups: Sequence[tuple[str, Sequence[str]]] = ()) -> Method:  # fmt: skip
    """The test method; `groups`: (code, place codes) listed before a default group."""
    m = Method.objects.create(
        code=code, name_zh="测试考核办法", name_en="Test method", year_from=year_from,
        year_to=year_to, unit_level=Level.COUNTY,
    )  # fmt: skip
    funds = Area.objects.create(method=m, code="funds", label_zh="资金", label_en="Funds",
                                sort_order=1)  # fmt: skip
    mechanism = Area.objects.create(method=m, code="mechanism", label_zh="机制",
                                    label_en="Mechanism", sort_order=2)  # fmt: skip
    jobs = Item.objects.create(area=funds, code="jobs", label_zh="就业", label_en="Jobs")
    work = Item.objects.create(area=mechanism, code="work", label_zh="工作", label_en="Work")
    Criterion.objects.create(
        item=jobs, code="funds_ratio", label_zh="带动就业完成率", label_en="Jobs against target",
        weight=30, rule=Rule.RATIO, data="investment_jobs", target_value=1000, sort_order=1,
    )  # fmt: skip
    Criterion.objects.create(
        item=jobs, code="levels", label_zh="带动就业档次", label_en="Jobs levels",
        weight=20, rule=Rule.THRESHOLDS, data="investment_jobs",
        thresholds=[[500, 1], [200, 0.5]], sort_order=2,
    )  # fmt: skip
    Criterion.objects.create(
        item=work, code="meeting", label_zh="召开联席会议", label_en="Joint meeting held",
        weight=25, rule=Rule.YES_NO, evidence_required=True, sort_order=1,
    )  # fmt: skip
    Criterion.objects.create(
        item=work, code="innovation", label_zh="工作创新", label_en="Innovation",
        weight=25, rule=Rule.ASSESSOR, sort_order=2,
    )  # fmt: skip
    for code, zh, en, low in (
        ("good", "好", "Good", 90),
        ("fair", "较好", "Fairly good", 80),
        ("average", "一般", "Average", 60),
        ("poor", "较差", "Poor", 0),
    ):
        Grade.objects.create(method=m, code=code, label_zh=zh, label_en=en, min_score=low)
    for n, (code, places) in enumerate(groups):
        group = Group.objects.create(method=m, code=code, label_zh=code, label_en=code,
                                     sort_order=n)  # fmt: skip
        group.places.set(Place.objects.filter(code__in=places))
    Group.objects.create(method=m, code="others", label_zh="其他县", label_en="Other counties",
                         sort_order=99, is_default=True)  # fmt: skip
    return m


def criterion(m: Method, code: str) -> Criterion:
    return Criterion.objects.get(item__area__method=m, code=code)


def opened(opener: Any, m: Method, *, year: int = 2017, within: str = DEBAO) -> list[Assessment]:
    return services.assessment_year_open(
        actor=opener, method=m, year=year, within=Place.objects.get(code=within)
    )


def evidence_file(name: str = "会议纪要.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 minutes", content_type="application/pdf")


def answers(m: Method, *, done: bool = True, innovation: str = "20") -> dict[str, str]:
    return {
        f"done-{criterion(m, 'meeting').pk}": "yes" if done else "no",
        f"score-{criterion(m, 'innovation').pk}": innovation,
    }


def self_assessed(clerk: Any, assessment: Assessment, *, innovation: str = "20") -> Assessment:
    """Filled in (meeting held, with its minutes; innovation scored) and submitted."""
    m = assessment.method
    services.evidence_add(actor=clerk, assessment=assessment, file=evidence_file(),
                          title="会议纪要", criterion=criterion(m, "meeting"))  # fmt: skip
    services.assessment_self_save(actor=clerk, assessment=assessment, narrative="完成了各项任务",
                                  answers=answers(m, innovation=innovation))  # fmt: skip
    services.assessment_submit(actor=clerk, assessment=assessment)
    assessment.refresh_from_db()
    return assessment


def published(people: dict[str, Any], assessment: Assessment, *,
              adjust: dict[int, tuple[Any, str]] | None = None,
              innovation: str = "20") -> Assessment:  # fmt: skip
    """Taken through every step to published by `people` (clerk, approver, coordinator)."""
    self_assessed(people["clerk"], assessment, innovation=innovation)
    services.assessment_verify(actor=people["approver"], assessment=assessment,
                               adjustments=adjust or {})  # fmt: skip
    services.assessment_approve(actor=people["coordinator"], assessment=assessment)
    services.assessment_publish(actor=people["coordinator"], assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == Status.PUBLISHED
    return assessment


def weight_total(m: Method) -> Decimal:
    return sum((c.weight for c in Criterion.objects.filter(item__area__method=m)), Decimal(0))
